import { describe, expect, it } from 'vitest';
import type { ProviderSpec } from 'credprobe-web/credprobe/types';
import { summarize } from 'credprobe-web/ui/results_summary';
import { candidateName, joinPath, writeExport, type ContentsLike } from './export_file.js';
import { readSettings, shownProviders } from './lab_settings.js';
import { readCookie, relayBaseUrl, relayedEndpoints, relayHeaders } from './relay.js';

const spec = (id: string, callable: boolean[]): ProviderSpec => ({
  id,
  display_name: id,
  clustrix_type: id,
  summary: '',
  fields: [],
  endpoints: callable.map((c, i) => ({ name: `e${i}`, label: `Endpoint ${i}`, default_url: 'https://x', browser_callable: c, hosts: ['x'] })),
  requests: [],
});

describe('summary', () => {
  it('counts statuses in the registry order', () => {
    expect(summarize(['blocked', 'valid', 'valid', 'rate_limited', 'valid', 'valid'])).toBe('4 valid, 1 blocked, 1 rate limited');
  });
  it('is empty with no checks', () => {
    expect(summarize([])).toBe('');
  });
});

describe('settings', () => {
  it('defaults, with the relay on', () => {
    expect(readSettings(undefined)).toEqual({ providers: [], endpoints: {}, timeoutSeconds: 10, useServerRelay: true });
  });
  it('drops non-URL endpoints and clamps the timeout', () => {
    const s = readSettings({ endpoints: { hf: { hub: 'https://h.example', bad: 'ftp://x', n: 3 } }, timeoutSeconds: 999, useServerRelay: false, providers: ['a', 'a', 3] });
    expect(s).toEqual({ providers: ['a'], endpoints: { hf: { hub: 'https://h.example' } }, timeoutSeconds: 120, useServerRelay: false });
  });
  it('shows providers in the settings order and names unknown ones', () => {
    const all = [spec('aws', [true]), spec('azure', [false, true])];
    const { shown, unknown } = shownProviders(all, ['azure', 'nope', 'aws']);
    expect(shown.map((p) => p.id)).toEqual(['azure', 'aws']);
    expect(unknown).toEqual(['nope']);
    expect(shownProviders(all, []).shown).toHaveLength(2);
  });
});

describe('relay', () => {
  it('builds the relay base from the server base URL', () => {
    expect(relayBaseUrl('http://127.0.0.1:8888/')).toBe('http://127.0.0.1:8888/credprobe/relay');
    expect(relayBaseUrl('http://h/user/ada')).toBe('http://h/user/ada/credprobe/relay');
  });
  it('reads the _xsrf cookie as ServerConnection does', () => {
    expect(readCookie('a=1; _xsrf=2|ab%7C; b=3', '_xsrf')).toBe('2|ab|');
    expect(relayHeaders('a=1')).toEqual({});
    expect(relayHeaders('_xsrf=tok')).toEqual({ 'X-XSRFToken': 'tok' });
  });
  it('names the endpoints that refuse browsers', () => {
    expect(relayedEndpoints(spec('azure', [false, true]))).toEqual(['Endpoint 0']);
  });
});

describe('export into the file browser folder', () => {
  it('names files without overwriting', async () => {
    expect(candidateName('clustrix.yml', 0)).toBe('clustrix.yml');
    expect(candidateName('clustrix.yml', 2)).toBe('clustrix-2.yml');
    expect(joinPath('/work/dir/', 'a.yml')).toBe('work/dir/a.yml');
    expect(joinPath('', 'a.yml')).toBe('a.yml');
    const existing = new Set(['proj/clustrix.yml']);
    const saved: Array<[string, string]> = [];
    const contents: ContentsLike = {
      get: (path) => (existing.has(path) ? Promise.resolve({}) : Promise.reject(new Error('404'))),
      save: (path, options) => {
        saved.push([path, options.content]);
        return Promise.resolve({ path });
      },
    };
    const path = await writeExport(contents, 'proj', { filename: 'clustrix.yml', mime: 'application/yaml', text: 'a: "1"\n', holdsSecrets: false, leftOut: [] });
    expect(path).toBe('proj/clustrix-1.yml');
    expect(saved).toEqual([['proj/clustrix-1.yml', 'a: "1"\n']]);
  });
});
