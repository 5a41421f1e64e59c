// Readiness in the page: AWS with aws_instance_type=g5.xlarge and aws_region=us-west-2 against
// the emulator's EC2 (called directly: it answers CORS) and Service Quotas (through the relay:
// it does not), with the same keys as the CLI's acceptance cases. The card shows a checklist
// with one mark per requirement; the verdict stays valid.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '../../web/scripts/registry.mjs';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { fillFields, leaks, openPage, screenshot, selectProvider, setEndpoints, setSettings, validate } from './lib/page.mjs';
import { startCredprobeRelay } from './lib/servers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const registry = await readRegistry(dist);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const account = String(randomInt(1e11, 1e12 - 1));
const key = (name, policy = {}) => ({
  access_key_id: `AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  secret_access_key: random(40, `${ALNUM}+/`),
  arn: `arn:aws:iam::${account}:user/compute/${name}`,
  ...policy,
});
const keys = {
  ready: key('ready'),
  quotaZero: key('quota-zero', { quotas: { 'L-DB2E81BA': 0 } }),
  noLaunch: key('no-launch', { deny: ['ec2:RunInstances', 'sts:DecodeAuthorizationMessage'] }),
  quotaDenied: key('quota-denied', { deny: ['servicequotas:GetServiceQuota'] }),
};
const image = (id, arch, date) => ({ image_id: id, name: `al2023-ami-2023.6.${date}.0-kernel-6.1-${arch}`, architecture: arch, creation_date: `${date.slice(0, 4)}-01-02T00:00:00.000Z` });
const images = [image('ami-0a1b2c3d4e5f60718', 'x86_64', '20250101'), image('ami-0f1e2d3c4b5a69788', 'arm64', '20250101')];
const fixture = {
  regions: ['us-west-2', 'us-east-1'],
  principals: Object.values(keys),
  ec2: {
    offerings: { 'us-west-2': ['g5.xlarge', 'p5.48xlarge'], 'us-east-1': ['g5.xlarge'] },
    instance_types: { 'g5.xlarge': { vcpus: 4, architectures: ['x86_64'] }, 'p5.48xlarge': { vcpus: 192, architectures: ['x86_64'] } },
    images: { 'us-west-2': images, 'us-east-1': images },
    quotas: { 'L-DB2E81BA': 64, 'L-417A185B': 0 },
  },
};
const secrets = Object.values(keys).map((k) => k.secret_access_key);

let emulator, web, relay, browser;
const pages = [];

before(async () => {
  emulator = await startEmulator({ aws: fixture });
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

async function check(who, { type = 'g5.xlarge', region = 'us-west-2' } = {}) {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  const { page } = opened;
  await selectProvider(page, 'aws');
  await setSettings(page, { relay: relay.url, timeout: 10 });
  const spec = registry.providers.find((p) => p.id === 'aws');
  await setEndpoints(page, 'aws', Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url])));
  await fillFields(page, 'aws', {
    aws_access_key_id: who.access_key_id, aws_secret_access_key: who.secret_access_key,
    aws_region: region, aws_instance_type: type,
  });
  const result = await validate(page, 'aws');
  const section = result.card.locator('section.readiness');
  const ready = await section.getAttribute('data-ready');
  const states = Object.fromEntries(await section.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-requirement'), li.getAttribute('data-state')])));
  const text = await section.innerText();
  return { page, result, ready, states, text };
}

test('the compute field comes from the registry, in a Compute group', async () => {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  await selectProvider(opened.page, 'aws');
  const group = opened.page.locator('#provider-aws fieldset[data-group="Compute"]');
  assert.equal(await group.locator('legend').innerText(), 'Compute');
  assert.equal(await group.locator('[name="aws_instance_type"]').count(), 1);
  // Within AWS's section: other providers (Lambda Cloud) have an "Instance type" field too.
  assert.equal(await opened.page.locator('#provider-aws').getByLabel('Instance type', { exact: true }).count(), 1);
});

test('permitted key, quota 64: ready, every requirement met', async () => {
  const r = await check(keys.ready);
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'yes');
  assert.deepEqual(r.states, { instance_type_offered: 'met', vcpu_quota: 'met', launch_permission: 'met' });
  assert.match(r.text, /Ready to launch/);
  assert.match(r.text, /g5\.xlarge is offered in us-west-2/);
  // Service Quotas refuses browsers: its request went through the relay.
  assert.match(r.text, /POST 127\.0\.0\.1:\d+\/ → 200 \(relay\)/);
  assert.match(r.text, /POST 127\.0\.0\.1:\d+\/ → 412 DryRunOperation(?! \(relay\))/);
  await screenshot(r.page, 'aws-readiness-ready');
});

test('quota 0: not ready, with the detail and the quota-increase page', async () => {
  const r = await check(keys.quotaZero);
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'no');
  assert.equal(r.states.vcpu_quota, 'unmet');
  assert.match(r.text, /quota 0 vCPUs; g5\.xlarge needs 4/);
  assert.match(r.text, /https:\/\/console\.aws\.amazon\.com\/servicequotas\/home\/services\/ec2\/quotas\/L-DB2E81BA\?region=us-west-2/);
  await screenshot(r.page, 'aws-readiness-quota-zero');
});

test('ec2:RunInstances not allowed: not ready, naming the action', async () => {
  const r = await check(keys.noLaunch);
  assert.equal(r.ready, 'no');
  assert.equal(r.states.launch_permission, 'unmet');
  assert.match(r.text, /UnauthorizedOperation: ec2:RunInstances is not allowed/);
});

test('quota read denied: readiness unknown, naming servicequotas:GetServiceQuota', async () => {
  const r = await check(keys.quotaDenied);
  assert.equal(r.ready, 'unknown');
  assert.equal(r.states.vcpu_quota, 'unknown');
  assert.match(r.text, /Readiness unknown/);
  assert.match(r.text, /servicequotas:GetServiceQuota/);
});

test('a type the region does not offer: unmet', async () => {
  const r = await check(keys.ready, { type: 'p5.48xlarge', region: 'us-east-1' });
  assert.equal(r.ready, 'no');
  assert.equal(r.states.instance_type_offered, 'unmet');
  assert.match(r.text, /p5\.48xlarge is not offered in us-east-1/);
});
