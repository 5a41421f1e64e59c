// Lambda Cloud readiness in the page: lambda_instance_type (and lambda_region) against the
// emulator's Lambda API, which answers no CORS, so every request goes through the relay. The
// emulator runs Lambda's one-request-per-second limiter: the card is ready only when the browser
// driver really waited between the requests, and the request log's timestamps show it.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { fillFields, leaks, openPage, screenshot, selectProvider, setEndpoints, setSettings, validate } from './lib/page.mjs';
import { startCredprobeRelay } from './lib/servers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const HEX = '0123456789abcdef';
// Lambda-shaped (secret_<name>_<32 hex>.<32 alnum>) and random: nothing key-shaped is committed.
const fakeKey = () => `secret_ci${random(6, 'abcdefghij0123456789')}_${random(32, HEX)}.${random(32)}`;

// One key per case: the limiter's window is per key, so no case counts against the next.
const SSH = ['laptop', 'ci'];
const accounts = { ready: SSH, unknownType: SSH, soldOut: SSH, otherRegion: SSH, noSshKey: [], readFails: SSH };
const keys = Object.fromEntries(Object.keys(accounts).map((name) => [name, fakeKey()]));
const fixture = {
  rate_limit: true,
  instance_types: {
    gpu_1x_a100_sxm4: { regions: ['us-east-1'], description: '1x A100 (40 GB SXM4)' },
    gpu_8x_h100_sxm5: { regions: [], description: '8x H100 (80 GB SXM5)' },
    gpu_1x_a10: { regions: ['us-west-1'], description: '1x A10 (24 GB PCIe)' },
  },
  keys: Object.entries(accounts).map(([name, ssh]) => ({ key: keys[name], instances: [], ssh_keys: ssh })),
};
const PATHS = ['/api/v1/instances', '/api/v1/instance-types', '/api/v1/ssh-keys'];

let emulator, web, relay, browser;
const pages = [];

before(async () => {
  emulator = await startEmulator({ lambda: fixture });
  web = await startStaticServer({ dir: dist });
  relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url] });
  browser = await launchBrowser();
});

after(async () => {
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, Object.values(keys), [emulator.url, relay.url])));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), relay?.stop(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a secret reached a place it must never be');
});

async function check(key, { type = 'gpu_1x_a100_sxm4', region = 'us-east-1' } = {}) {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  const { page } = opened;
  await selectProvider(page, 'lambda');
  await setSettings(page, { relay: relay.url, timeout: 10 });
  await setEndpoints(page, 'lambda', { api: emulator.url });
  await fillFields(page, 'lambda', { lambda_api_key: key, lambda_instance_type: type, lambda_region: region });
  const logged = (await emulator.requests()).length;
  const result = await validate(page, 'lambda');
  const section = result.card.locator('section.readiness');
  const ready = await section.getAttribute('data-ready');
  const states = Object.fromEntries(await section.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-requirement'), li.getAttribute('data-state')])));
  const text = await section.innerText();
  const requests = (await emulator.requests()).slice(logged).filter((r) => r.path.startsWith('/api/v1/'));
  return { page, result, ready, states, text, requests };
}

test('the compute fields come from the registry, in a Compute group', async () => {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  await selectProvider(opened.page, 'lambda');
  const group = opened.page.locator('#provider-lambda fieldset[data-group="Compute"]');
  assert.equal(await group.locator('legend').innerText(), 'Compute');
  assert.equal(await group.locator('[name="lambda_instance_type"]').count(), 1);
  assert.equal(await group.locator('[name="lambda_region"]').count(), 1);
  assert.equal(await opened.page.locator('#provider-lambda').getByLabel('Instance type', { exact: true }).count(), 1);
});

test('capacity in the region and two SSH keys: ready, through the relay, paced a second apart', async () => {
  const r = await check(keys.ready);
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'yes');
  assert.deepEqual(r.states, { instance_type_exists: 'met', capacity: 'met', ssh_key: 'met' });
  assert.match(r.text, /Ready to launch/);
  assert.match(r.text, /2 SSH keys registered: laptop, ci/);
  // The instance facts read as facts, not permissions.
  assert.match(r.result.text, /instances running/);
  assert.doesNotMatch(r.result.text, /Permissions/);
  // Lambda answers no CORS: the requests went through the relay.
  assert.match(r.text, /GET 127\.0\.0\.1:\d+\/api\/v1\/ssh-keys → 200 \(relay\)/);
  assert.deepEqual(r.requests.map((q) => q.path), PATHS);
  // The emulator's clock at each arrival: the browser driver waited, no busy loop needed.
  const gaps = r.requests.slice(1).map((q, i) => q.t_ms - r.requests[i].t_ms);
  assert.ok(gaps.every((gap) => gap >= 1000), `gaps ${gaps}`);
  // lambda_region is not a Clustrix key: the Clustrix export leaves it out and says so.
  const preview = await r.page.locator('pre.export-preview').innerText();
  assert.match(preview, /lambda_instance_type: "gpu_1x_a100_sxm4"/);
  assert.match(preview, /# lambda\.lambda_region left out: not a Clustrix key/);
  assert.doesNotMatch(preview, /^lambda_region:/m);
  await screenshot(r.page, 'lambda-readiness-ready');
});

test('a name that is not an instance type: not ready, with the closest names', async () => {
  const r = await check(keys.unknownType, { type: 'gpu_1x_a100' });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.instance_type_exists, 'unmet');
  assert.match(r.text, /Lambda lists no instance type named gpu_1x_a100; the closest names: gpu_1x_a10, gpu_1x_a100_sxm4/);
});

test('no capacity anywhere: not ready, capacity changes minute to minute', async () => {
  const r = await check(keys.soldOut, { type: 'gpu_8x_h100_sxm5' });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.capacity, 'unmet');
  assert.match(r.text, /gpu_8x_h100_sxm5 has no capacity in any region now/);
  assert.match(r.text, /Capacity changes minute to minute/);
});

test('capacity only in another region: not ready, naming it', async () => {
  const r = await check(keys.otherRegion, { region: 'us-west-1' });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.capacity, 'unmet');
  assert.match(r.text, /has no capacity in us-west-1 now; it has in us-east-1/);
  assert.match(r.text, /Set lambda_region to one of us-east-1/);
});

test('no SSH key: not ready, with where to add one', async () => {
  const r = await check(keys.noSshKey);
  assert.equal(r.ready, 'no');
  assert.equal(r.states.ssh_key, 'unmet');
  assert.match(r.text, /https:\/\/cloud\.lambda\.ai\/ssh-keys/);
  await screenshot(r.page, 'lambda-readiness-no-ssh-key');
});

test('the SSH key read failing: readiness unknown', async () => {
  await emulator.armFault('/api/v1/ssh-keys', 'server_error');
  const r = await check(keys.readFails);
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'unknown');
  assert.equal(r.states.ssh_key, 'unknown');
  assert.match(r.text, /Readiness unknown/);
  assert.match(r.text, /Lambda answered 500 global\/internal-error to \/api\/v1\/ssh-keys/);
});
