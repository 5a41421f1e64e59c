// The wasm module's exported C API under Node (no browser: Node has no XMLHttpRequest, so only
// what needs no network): the registry, lint, checks decided before any request, argument
// errors, and that inputs are wiped from wasm memory after a call.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../../web/scripts/registry.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const m = await loadModule(dist);
const done = new Map();
m.credprobeOnDone = (id, json) => done.set(id, JSON.parse(json));

function call(fn, ...texts) {
  const ptrs = texts.map((t) => {
    const size = m.lengthBytesUTF8(t) + 1;
    const p = m._malloc(size);
    m.stringToUTF8(t, p, size);
    return p;
  });
  try {
    return fn(...ptrs);
  } finally {
    ptrs.forEach((p) => m._free(p));
  }
}
const take = (ptr) => {
  const text = m.UTF8ToString(ptr);
  m._credprobe_free(ptr);
  return JSON.parse(text);
};
const registry = take(m._credprobe_providers());

test('providers() is the registry: every provider with fields, endpoints and hosts', () => {
  assert.ok(registry.providers.length >= 1);
  for (const p of registry.providers) {
    for (const key of ['id', 'display_name', 'clustrix_type', 'summary', 'fields', 'endpoints']) assert.ok(key in p, `${p.id}.${key}`);
    for (const e of p.endpoints) for (const h of e.hosts) assert.ok(registry.allowed_hosts.includes(h), h);
  }
});

test('lint() reports every required field of every provider when nothing is given', () => {
  for (const p of registry.providers) {
    const report = take(call((a, b) => m._credprobe_lint(a, b), p.id, '{}'));
    assert.equal(report.provider, p.id);
    assert.equal(report.ok, !p.fields.some((f) => f.required));
    for (const f of p.fields.filter((x) => x.required)) {
      assert.ok(report.issues.some((i) => i.field === f.name && i.severity === 'error'), `${p.id}.${f.name}`);
    }
  }
});

test('lint() never quotes a secret back', () => {
  for (const p of registry.providers) {
    const fields = Object.fromEntries(p.fields.filter((f) => f.kind === 'secret').map((f) => [f.name, ` sEcReT-${f.name}-value"`]));
    const report = JSON.stringify(take(call((a, b) => m._credprobe_lint(a, b), p.id, JSON.stringify(fields))));
    for (const value of Object.values(fields)) assert.ok(!report.includes(value.trim()), p.id);
  }
});

test('a check with missing fields is decided at once: malformed, nothing sent', () => {
  for (const [i, p] of registry.providers.entries()) {
    const id = 100 + i;
    const code = call((a, b, c) => m._credprobe_check_start(id, a, b, c), p.id, '{}', '{"now": 1700000000}');
    assert.equal(code, 0);
    const verdict = done.get(id);
    assert.equal(verdict.status, 'malformed', p.id);
    assert.deepEqual(verdict.evidence, []);
    assert.equal(verdict.checked_at, '2023-11-14T22:13:20Z');
  }
});

test('bad arguments are refused with their codes, and no verdict comes', () => {
  const p = registry.providers[0].id;
  assert.equal(call((a, b, c) => m._credprobe_check_start(900, a, b, c), 'no-such-provider', '{}', '{}'), -1);
  assert.equal(call((a, b, c) => m._credprobe_check_start(901, a, b, c), p, '[1]', '{}'), -2);
  assert.equal(call((a, b, c) => m._credprobe_check_start(902, a, b, c), p, '{}', '{"relay": "ftp://x"}'), -3);
  assert.equal(call((a, b, c) => m._credprobe_check_start(903, a, b, c), p, '{}', '{"timeout_seconds": 0}'), -3);
  for (const id of [900, 901, 902, 903]) assert.ok(!done.has(id));
  assert.deepEqual(take(call((a, b) => m._credprobe_lint(a, b), 'no-such-provider', '{}')), { error: 'unknown provider' });
});

test('an endpoint override that is not a URL is malformed, not sent', () => {
  const p = registry.providers.find((x) => x.endpoints.length > 0);
  const options = JSON.stringify({ endpoints: { [p.endpoints[0].name]: 'not a url' } });
  assert.equal(call((a, b, c) => m._credprobe_check_start(950, a, b, c), p.id, '{}', options), 0);
  assert.equal(done.get(950).status, 'malformed');
  assert.match(done.get(950).summary, /endpoint/);
});

test('a verdict has exactly the members web/src/credprobe/types.ts declares', () => {
  const p = registry.providers[0].id;
  assert.equal(call((a, b, c) => m._credprobe_check_start(990, a, b, c), p, '{}', '{}'), 0);
  const verdict = done.get(990);
  assert.deepEqual(Object.keys(verdict).sort(), ['checked_at', 'evidence', 'hint', 'identity', 'permissions', 'provider', 'status', 'summary']);
  const statuses = ['valid', 'invalid', 'expired', 'insufficient', 'malformed', 'unreachable', 'blocked', 'rate_limited', 'indeterminate'];
  assert.ok(statuses.includes(verdict.status));
  assert.equal(verdict.status, 'malformed', 'no fields given: decided before any request');
});
