// Importing a Clustrix configuration (issue 19): the demo page's own export (with secrets) gives
// the same verdicts under `credprobe check --config` as on the page; opened on a fresh page it
// fills the forms (secrets only into their inputs, nothing sent); a profile of an unchecked
// cluster type is listed as not checked; a malformed file shows the parser's line and column.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeDemoConfig } from '../../web/scripts/demo-config.mjs';
import { readRegistry } from '../../web/scripts/registry.mjs';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { leaks, openPage, screenshot, section } from './lib/page.mjs';
import { startCredprobeRelay } from './lib/servers.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const registry = await readRegistry(dist);
const dir = await mkdtemp(path.join(os.tmpdir(), 'credprobe-import-'));

let emulator, web, relay, browser, config, fixturesFile;
const pages = [];

// The demo's own fixture (scripts/make-demo-fixture.py, as scripts/demo.sh makes it): demo
// credentials for every provider, generated now.
before(async () => {
  fixturesFile = path.join(dir, 'demo-fixture.json');
  await run(path.join(root, '.venv/bin/python'), [path.join(root, 'scripts/make-demo-fixture.py'), fixturesFile]);
  emulator = await startEmulator(JSON.parse(await readFile(fixturesFile, 'utf8')));
  const site = path.join(dir, 'site');
  await run('cp', ['-r', dist, site]);
  web = await startStaticServer({ dir: site });
  relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url] });
  config = await writeDemoConfig({ fixturesFile, emulator: emulator.url, relay: relay.url, out: path.join(site, 'demo-config.json') });
  browser = await launchBrowser();
});

const secrets = () => registry.providers.flatMap((spec) => spec.fields
  .filter((f) => f.kind === 'secret' || f.kind === 'json')
  .map((f) => config.providers[spec.id]?.fields[f.name])
  .filter((v) => v));

after(async () => {
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, secrets(), [emulator.url, relay.url])));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), relay?.stop(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a secret reached a place it must never be');
});

async function demoPage() {
  const opened = await openPage(browser.context, `${web.url}?demo`);
  pages.push(opened);
  return opened.page;
}

async function openConfig(page, name, text) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open a Clustrix config…' }).click()]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => /nothing was sent|was not read/.test(document.querySelector('.import-status')?.textContent ?? ''));
  return page.locator('.import-status').innerText();
}

async function exportFrom(page, format) {
  await page.getByLabel('Format').selectOption(format);
  await page.getByLabel('Include secrets').setChecked(true);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  return readFile(await download.path(), 'utf8');
}

const demoIds = () => Object.entries(config.providers).filter(([, p]) => Object.keys(p.fields).length).map(([id]) => id);

test('check --config on the demo page\'s export gives the page\'s verdicts', async () => {
  const page = await demoPage();
  await page.getByRole('button', { name: 'Validate all selected' }).click();
  const onPage = {};
  for (const id of demoIds()) {
    const card = section(page, id).locator('.result-card:not(.pending)');
    await card.waitFor({ timeout: 30000 });
    onPage[id] = await card.getAttribute('data-status');
  }
  assert.ok(Object.keys(onPage).length >= 2, 'the demo checks several providers');
  await writeFile(path.join(dir, 'clustrix.json'), await exportFrom(page, 'json'));
  const exported = path.join(dir, 'clustrix.yml');
  await writeFile(exported, await exportFrom(page, 'yaml'));

  const endpoints = registry.providers.flatMap((spec) => spec.endpoints.flatMap((e) => ['--endpoint', `${spec.id}.${e.name}=${emulator.url}`]));
  const cli = await run(process.env.CREDPROBE_BIN, ['check', '--config', exported, '--json', ...endpoints], { env: { PATH: process.env.PATH, HOME: dir } })
    .catch((e) => e); // a non-zero exit is a verdict, not a failure
  const out = JSON.parse(cli.stdout);
  const byCli = Object.fromEntries(out.profiles.map((p) => [p.provider, p.verdict.status]));
  console.log(`# verdicts on the page and from check --config: ${JSON.stringify(onPage)}`);
  assert.deepEqual(byCli, onPage);
  for (const s of secrets()) assert.ok(!cli.stdout.includes(s) && !cli.stderr.includes(s), 'the CLI printed a secret');
});

test('opening the export on a fresh page fills every form, secrets only into their inputs, and sends nothing', async () => {
  const exported = await readFile(path.join(dir, 'clustrix.yml'), 'utf8');
  const opened = await openPage(browser.context, web.url); // not the demo: empty forms
  pages.push(opened);
  const { page, watch } = opened;
  const requestsBefore = watch.requests.length;
  const status = await openConfig(page, 'clustrix.yml', exported);
  assert.match(status, new RegExp(`${demoIds().length} provider\\(s\\) filled in; nothing was sent`));
  for (const id of demoIds()) {
    assert.equal(await page.locator(`#pick-${id}`).isChecked(), true, id);
    for (const [name, value] of Object.entries(config.providers[id].fields)) {
      assert.equal(await section(page, id).locator(`[name="${name}"]`).inputValue(), value, `${id}.${name}`);
    }
  }
  assert.deepEqual(watch.requests.slice(requestsBefore).map((r) => r.url).filter((u) => !u.startsWith(web.url)), [], 'importing sent nothing');
  const found = await leaks(page, watch, secrets(), []);
  assert.deepEqual(found, [], 'a secret outside its input');
  await screenshot(page, 'import-filled');
});

test('a profile of an unchecked cluster type is listed as not checked, a key Clustrix refuses is named', async () => {
  const page = await demoPage();
  const status = await openConfig(page, 'mixed.yml', [
    'active_profile: hub',
    'profiles:',
    '  hpc:',
    '    cluster_type: slurm',
    '    cluster_host: hpc.example.org',
    '  hub:',
    '    cluster_type: huggingface_spaces',
    `    hf_token: "${config.providers.huggingface.fields.hf_token}"`,
    '    hf_colour: blue',
    '',
  ].join('\n'));
  assert.match(status, /1 provider\(s\) filled in/);
  assert.match(status, /profile hpc \(slurm\): not checked: credprobe does not check slurm clusters/);
  assert.match(status, /profile hpc: not checked: cluster_host/);
  assert.match(status, /profile hub: error: hf_colour is not a Clustrix configuration key/);
});

test('a malformed file shows the parser\'s line and column; nothing is filled in or sent', async () => {
  const page = await demoPage();
  const before = await section(page, 'huggingface').locator('[name="hf_token"]').inputValue();
  const token = config.providers.huggingface.fields.hf_token;
  const status = await openConfig(page, 'bad.yml', `profiles:\n  hub:\n    cluster_type: huggingface_spaces\n    hf_token: "${token.split('').reverse().join('')}"\n   default_cores: 4\n`);
  assert.match(status, /^bad\.yml was not read: line 5, column 1: All mapping items must start at the same column\. Nothing was filled in or sent\.$/);
  assert.ok(!status.includes(token.split('').reverse().join('')), 'the message quotes the file');
  assert.equal(await section(page, 'huggingface').locator('[name="hf_token"]').inputValue(), before);
  await screenshot(page, 'import-malformed');
});

test('export, import, export is the identity on the keys (YAML and JSON)', async () => {
  const { parse } = await import(path.join(root, 'web/node_modules/yaml/dist/index.js'));
  for (const name of ['clustrix.yml', 'clustrix.json']) {
    const first = await readFile(path.join(dir, name), 'utf8');
    const page = await demoPage();
    for (const id of demoIds()) await page.locator(`#pick-${id}`).uncheck();
    await openConfig(page, name, first);
    await page.getByRole('button', { name: 'Validate all selected' }).click();
    for (const id of demoIds()) await section(page, id).locator('.result-card:not(.pending)').waitFor({ timeout: 30000 });
    const again = await exportFrom(page, name.endsWith('.json') ? 'json' : 'yaml');
    const keys = parse(first);
    assert.ok(Object.keys(keys.profiles ?? keys).length >= 2, name);
    assert.deepEqual(parse(again), keys, name);
  }
});
