// Readiness in the page for Google Cloud: gcp_instance_type=g2-standard-8 in us-central1-a
// against the emulator's Compute Engine and Cloud Resource Manager (both called directly: they
// answer CORS), with the same cases as the CLI: ready, the API disabled, the type not offered,
// the vCPU quota used up, GPUS_ALL_REGIONS 0, a launch permission missing, a quota read denied.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '../../web/scripts/registry.mjs';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { fillFields, leaks, openPage, screenshot, selectProvider, setEndpoints, setSettings, validate } from './lib/page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const registry = await readRegistry(dist);

const LAUNCH = ['compute.instances.create', 'compute.disks.create', 'compute.instances.setMetadata',
  'compute.instances.setServiceAccount', 'compute.subnetworks.use', 'compute.subnetworks.useExternalIp',
  'iam.serviceAccounts.actAs'];
const tag = randomBytes(3).toString('hex');
const projects = { ready: `ready-${tag}`, disabled: `disabled-${tag}`, cpuFull: `cpu-full-${tag}`, gpuZero: `gpu-zero-${tag}` };
const number = (i) => String(415104041270 + i);
const compute = ({ cpus = [24, 0], gpusAllRegions = [1, 0], api = true } = {}) => ({
  api_enabled: api,
  zones: { 'us-central1-a': ['g2-standard-8'], 'us-central1-b': ['n2-standard-4'] },
  regions: { 'us-central1': { CPUS: cpus, N2_CPUS: [24, 0], NVIDIA_L4_GPUS: [1, 0] } },
  quotas: { GPUS_ALL_REGIONS: gpusAllRegions },
});
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const account = (name, policy) => {
  const keys = pair();
  const email = `${name}@${projects.ready}.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString('hex');
  const file = JSON.stringify({
    type: 'service_account', project_id: projects.ready, private_key_id: keyId, private_key: keys.privateKey,
    client_email: email, client_id: String(randomInt(1e9, 2e9)) + String(randomInt(1e9, 2e9)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth', token_uri: 'https://oauth2.googleapis.com/token',
  }, null, 2);
  return {
    file, secret: keys.privateKey.split('\n')[1],
    fixture: { client_email: email, keys: [{ key_id: keyId, public_key_pem: keys.publicKey }], projects: Object.values(projects), ...policy },
  };
};
const accounts = {
  launcher: account('launcher', { permissions: LAUNCH }),
  noCreate: account('no-create', { permissions: LAUNCH.filter((p) => p !== 'compute.instances.create') }),
  regionsDenied: account('regions-denied', { permissions: LAUNCH, denied: ['compute.regions.get'] }),
};
const fixture = {
  service_accounts: Object.values(accounts).map((a) => a.fixture),
  projects: [
    { project_id: projects.ready, number: number(0), compute: compute() },
    { project_id: projects.disabled, number: number(1), compute: compute({ api: false }) },
    { project_id: projects.cpuFull, number: number(2), compute: compute({ cpus: [24, 24] }) },
    { project_id: projects.gpuZero, number: number(3), compute: compute({ gpusAllRegions: [0, 0] }) },
  ],
  machine_types: {
    'g2-standard-8': { guestCpus: 8, memoryMb: 32768, accelerators: [{ guestAcceleratorType: 'nvidia-l4', guestAcceleratorCount: 1 }] },
    'n2-standard-4': { guestCpus: 4, memoryMb: 16384 },
  },
};
const secrets = Object.values(accounts).map((a) => a.secret);

let emulator, web, browser;
const pages = [];

before(async () => {
  emulator = await startEmulator({ gcp: fixture });
  web = await startStaticServer({ dir: dist });
  browser = await launchBrowser();
});

after(async () => {
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, secrets, [emulator.url])));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a secret reached a place it must never be');
});

async function check(who, { project = projects.ready, type = 'g2-standard-8', zone = 'us-central1-a' } = {}) {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  const { page } = opened;
  await selectProvider(page, 'gcp');
  await setSettings(page, { timeout: 10 });
  const spec = registry.providers.find((p) => p.id === 'gcp');
  await setEndpoints(page, 'gcp', Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url])));
  await fillFields(page, 'gcp', {
    gcp_service_account_key: who.file, gcp_project_id: project, gcp_instance_type: type, gcp_zone: zone,
  });
  const result = await validate(page, 'gcp');
  const section = result.card.locator('section.readiness');
  const ready = await section.getAttribute('data-ready');
  const states = Object.fromEntries(await section.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-requirement'), li.getAttribute('data-state')])));
  const text = await section.innerText();
  return { page, result, ready, states, text };
}

test('the compute fields come from the registry, in a Compute group', async () => {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  await selectProvider(opened.page, 'gcp');
  const group = opened.page.locator('#provider-gcp fieldset[data-group="Compute"]');
  assert.equal(await group.locator('legend').innerText(), 'Compute');
  for (const name of ['gcp_instance_type', 'gcp_zone', 'gcp_region']) {
    assert.equal(await group.locator(`[name="${name}"]`).count(), 1, name);
  }
});

test('ready configuration: every requirement met, every call direct', async () => {
  const r = await check(accounts.launcher);
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'yes');
  assert.deepEqual(r.states, { compute_api: 'met', machine_type_offered: 'met', cpu_quota: 'met', gpu_quota: 'met', launch_permission: 'met' });
  assert.match(r.text, /Ready to launch/);
  assert.match(r.text, /g2-standard-8 is offered in us-central1-a/);
  assert.doesNotMatch(r.text, /\(relay\)/);
  await screenshot(r.page, 'gcp-readiness-ready');
});

test('Compute Engine API disabled: not ready, with the activation link', async () => {
  const r = await check(accounts.launcher, { project: projects.disabled });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.compute_api, 'unmet');
  assert.match(r.text, /SERVICE_DISABLED/);
  assert.ok(r.text.includes(`https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project=${number(1)}`));
});

test('a machine type the zone does not offer: unmet', async () => {
  const r = await check(accounts.launcher, { zone: 'us-central1-b' });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.machine_type_offered, 'unmet');
  assert.match(r.text, /g2-standard-8 is not offered in us-central1-b/);
});

test('vCPU quota used up: not ready, with the quota page', async () => {
  const r = await check(accounts.launcher, { project: projects.cpuFull });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.cpu_quota, 'unmet');
  assert.match(r.text, /CPUS in us-central1: limit 24, 24 in use, 0 free; g2-standard-8 needs 8/);
  assert.ok(r.text.includes(`https://console.cloud.google.com/iam-admin/quotas?project=${projects.cpuFull}`));
});

test('GPUS_ALL_REGIONS 0: not ready', async () => {
  const r = await check(accounts.launcher, { project: projects.gpuZero });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.gpu_quota, 'unmet');
  assert.match(r.text, /GPUS_ALL_REGIONS \(project-wide\): limit 0, 0 in use, 0 free/);
  await screenshot(r.page, 'gcp-readiness-gpu-zero');
});

test('compute.instances.create missing: not ready, naming it', async () => {
  const r = await check(accounts.noCreate);
  assert.equal(r.ready, 'no');
  assert.equal(r.states.launch_permission, 'unmet');
  assert.match(r.text, /lacks compute\.instances\.create/);
});

test('quota read denied: readiness unknown, naming compute.regions.get', async () => {
  const r = await check(accounts.regionsDenied);
  assert.equal(r.ready, 'unknown');
  assert.equal(r.states.cpu_quota, 'unknown');
  assert.match(r.text, /Readiness unknown/);
  assert.match(r.text, /may not call compute\.regions\.get/);
});
