// Readiness in the page for Azure: azure_instance_type=Standard_NC4as_T4_v3, azure_region=eastus,
// azure_resource_group=ml-jobs against the emulator's Resource Manager, the same fixture as the
// CLI's cases (tests/integration/azure_readiness_fixtures.py, generated at test time: fresh GUIDs
// and secrets, a SKU list of megabytes). Entra's token endpoint refuses pages, so the sign-in goes
// through the relay; every readiness read goes straight to Resource Manager, which answers CORS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
const python = process.env.CREDPROBE_PYTHON ?? path.join(root, '.venv/bin/python');

// One source of the cases' data: the Python fixture module the CLI tests use.
const fx = JSON.parse(execFileSync(python, ['-c', `
import json, sys
sys.path.insert(0, ${JSON.stringify(path.join(root, 'tests/integration'))})
import azure_readiness_fixtures as a
fx = a.make_readiness_fixture()
print(json.dumps({"tenant": fx.tenant, "subscriptions": fx.subscriptions, "credentials": fx.credentials,
                  "fixtures": fx.fixtures, "size": a.SIZE, "region": a.REGION, "group": a.GROUP,
                  "not_in_region": a.NOT_IN_REGION}))
`], { maxBuffer: 64 * 1024 * 1024 }));
const secrets = Object.values(fx.credentials).map((c) => c.secret);

let emulator, web, relay, browser;
const pages = [];

before(async () => {
  emulator = await startEmulator(fx.fixtures);
  web = await startStaticServer({ dir: dist });
  relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url] });
  browser = await launchBrowser();
});

after(async () => {
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, secrets, [emulator.url, relay.url])));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), relay?.stop(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a secret reached a place it must never be');
});

async function check(principal = 'ready', { subscription = 'ready', ...compute } = {}) {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  const { page } = opened;
  await selectProvider(page, 'azure');
  await setSettings(page, { relay: relay.url, timeout: 15 });
  await setEndpoints(page, 'azure', { login: emulator.url, management: emulator.url });
  const c = fx.credentials[principal];
  await fillFields(page, 'azure', {
    azure_tenant_id: fx.tenant, azure_client_id: c.client_id, azure_client_secret: c.secret,
    azure_subscription_id: fx.subscriptions[subscription],
    azure_instance_type: fx.size, azure_region: fx.region, azure_resource_group: fx.group, ...compute,
  });
  const result = await validate(page, 'azure', { timeout: 30000 });
  const section = result.card.locator('section.readiness');
  const ready = await section.getAttribute('data-ready');
  const states = Object.fromEntries(await section.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-requirement'), li.getAttribute('data-state')])));
  const text = await section.innerText();
  return { page, result, ready, states, text };
}

const allMet = { compute_registered: 'met', resource_group: 'met', size_offered: 'met', vcpu_quota: 'met', launch_permission: 'met' };
const onlyUnmet = (states, id) => assert.deepEqual(Object.entries(states).filter(([, s]) => s === 'unmet').map(([k]) => k), [id]);

test('the compute fields come from the registry, in a Compute group', async () => {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  await selectProvider(opened.page, 'azure');
  const group = opened.page.locator('#provider-azure fieldset[data-group="Compute"]');
  assert.equal(await group.locator('legend').innerText(), 'Compute');
  for (const name of ['azure_instance_type', 'azure_region', 'azure_resource_group']) {
    assert.equal(await group.locator(`[name="${name}"]`).count(), 1, name);
  }
});

test('a ready configuration: every requirement met, the reads sent directly', async () => {
  const r = await check();
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'yes');
  assert.deepEqual(r.states, allMet);
  assert.match(r.text, /Ready to launch/);
  assert.match(r.text, /Standard_NC4as_T4_v3 is offered to the subscription in eastus/);
  // Resource Manager answers CORS: its reads are not relayed (the SKU list among them).
  assert.match(r.text, /GET 127\.0\.0\.1:\d+\/subscriptions\/[0-9a-f-]+\/providers\/Microsoft\.Compute\/skus → 200(?! \(relay\))/);
  await screenshot(r.page, 'azure-readiness-ready');
});

test('Microsoft.Compute not registered: not ready, with the register command', async () => {
  const r = await check('ready', { subscription: 'unregistered' });
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'compute_registered');
  assert.match(r.text, /az provider register --namespace Microsoft\.Compute/);
});

test('a missing resource group: not ready', async () => {
  const r = await check('ready', { azure_resource_group: 'does-not-exist' });
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'resource_group');
  assert.match(r.text, /resource group does-not-exist does not exist/);
});

test('a size restricted for the subscription: not ready (SkuNotAvailable)', async () => {
  const r = await check('ready', { subscription: 'restricted' });
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'size_offered');
  assert.match(r.text, /NotAvailableForSubscription\): a launch fails with SkuNotAvailable/);
});

test('a size the region does not offer: not ready', async () => {
  const r = await check('ready', { azure_instance_type: fx.not_in_region });
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'size_offered');
  assert.match(r.text, /Standard_ND96amsr_A100_v4 is not offered in eastus/);
});

test('family quota 0: not ready, with the quota page', async () => {
  const r = await check('ready', { subscription: 'quota_zero' });
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'vcpu_quota');
  assert.match(r.text, /Standard NCASv3_T4 Family vCPUs: 0 of 0 vCPUs free/);
  assert.match(r.text, /https:\/\/portal\.azure\.com\/#view\/Microsoft_Azure_Capacity\/QuotaMenuBlade/);
  await screenshot(r.page, 'azure-readiness-quota-zero');
});

test('the launch writes not allowed: not ready, naming them', async () => {
  const r = await check('no_disks');
  assert.equal(r.ready, 'no');
  onlyUnmet(r.states, 'launch_permission');
  assert.match(r.text, /do not allow Microsoft\.Compute\/disks\/write/);
});

test('a readiness read denied: unknown, naming the permission', async () => {
  const r = await check('group_denied');
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'unknown');
  assert.equal(r.states.resource_group, 'unknown');
  assert.match(r.text, /Readiness unknown/);
  assert.match(r.text, /Microsoft\.Resources\/subscriptions\/resourceGroups\/read/);
});
