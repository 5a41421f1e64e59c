// Readiness in the page for Hugging Face: hf_username and hf_hardware against the emulator's
// whoami-v2 and its public Space hardware list (both answer CORS; the list is read without the
// token, so the browser sends it without a preflight). The same tokens as the CLI's cases: ready,
// a read token, a fine-grained token without write on the org, a read member of the org, paid
// hardware without a payment method, an unknown flavour, an expiring token.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { fillFields, leaks, openPage, screenshot, selectProvider, setEndpoints, validate } from './lib/page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = () => `hf_${Array.from({ length: 34 }, () => ALNUM[randomInt(ALNUM.length)]).join('')}`;
const ORG = 'credprobe-gpu-lab';
const expiresAt = new Date(Date.now() + (3 * 86400 + 1800) * 1000);
expiresAt.setUTCMilliseconds(0);

const user = (name, role, extra = {}) => ({
  type: 'user', name, fullname: name, canPay: false, isPro: false, orgs: [],
  auth: { type: 'access_token', accessToken: { displayName: 'page', role } }, ...extra,
});
const org = (roleInOrg, canPay = true) => ({ type: 'org', name: ORG, roleInOrg, canPay });
const fineGrained = (body, type, name, permissions) => {
  body.auth.accessToken.fineGrained = { canReadGatedRepos: false, global: [], scoped: [{ entity: { _id: '1', type, name }, permissions }] };
  return body;
};
const whoami = {
  ready: user('rhea-ready', 'write', { canPay: true }),
  read: user('rory-reader', 'read', { canPay: true }),
  fineGrainedOrg: fineGrained(user('fern-fine', 'fineGrained', { orgs: [org('write')] }), 'org', ORG, ['repo.content.read']),
  orgReader: user('otto-reader', 'write', { orgs: [org('read')] }),
  noPayment: user('nina-nopay', 'write'),
  expiring: fineGrained(user('eve-expiring', 'fineGrained'), 'user', 'eve-expiring', ['repo.write']),
};
whoami.expiring.auth.accessToken.expiration = expiresAt.toISOString();
const tokens = Object.fromEntries(Object.keys(whoami).map((name) => [name, token()]));
const hardware = ['cpu-basic', 't4-small', 'a10g-small'].map((name) => ({ name, prettyName: name.toUpperCase(), cpu: '2 vCPU', ram: '16 GB', accelerator: null, unitCostMicroUSD: 0, unitCostUSD: 0, unitLabel: 'minute' }));

let emulator, web, browser;
const pages = [];

before(async () => {
  emulator = await startEmulator({
    huggingface: { tokens: Object.entries(whoami).map(([name, body]) => ({ token: tokens[name], whoami: body })), hardware },
  });
  web = await startStaticServer({ dir: dist });
  browser = await launchBrowser();
});

after(async () => {
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, Object.values(tokens), [emulator.url])));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a token reached a place it must never be');
});

async function check(name, namespace, flavour = 't4-small') {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  const { page } = opened;
  await selectProvider(page, 'huggingface');
  await setEndpoints(page, 'huggingface', { hub: emulator.url });
  await fillFields(page, 'huggingface', { hf_token: tokens[name], hf_username: namespace, hf_hardware: flavour });
  const result = await validate(page, 'huggingface');
  const section = result.card.locator('section.readiness');
  const ready = await section.getAttribute('data-ready');
  const states = Object.fromEntries(await section.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => [li.getAttribute('data-requirement'), li.getAttribute('data-state')])));
  const text = await section.innerText();
  return { page, result, ready, states, text };
}

test('the Hugging Face compute fields come from the registry, in a Compute group', async () => {
  const opened = await openPage(browser.context, web.url);
  pages.push(opened);
  await selectProvider(opened.page, 'huggingface');
  const group = opened.page.locator('#provider-huggingface fieldset[data-group="Compute"]');
  assert.equal(await group.locator('legend').innerText(), 'Compute');
  for (const name of ['hf_username', 'hf_hardware', 'hf_sdk']) {
    assert.equal(await group.locator(`[name="${name}"]`).count(), 1, name);
  }
});

test('write token, payment method: ready, every requirement met', async () => {
  const r = await check('ready', 'rhea-ready');
  assert.equal(r.result.status, 'valid');
  assert.equal(r.ready, 'yes');
  assert.deepEqual(r.states, { namespace_write: 'met', hardware_flavour: 'met', hardware_billing: 'met', token_lifetime: 'met' });
  assert.match(r.text, /the token may create a Space in rhea-ready/);
  assert.match(r.text, /GET 127\.0\.0\.1:\d+\/api\/spaces\/hardware → 200/);
  await screenshot(r.page, 'hf-readiness-ready');
});

test('read token: not ready, with the token page', async () => {
  const r = await check('read', 'rory-reader', 'cpu-basic');
  assert.equal(r.ready, 'no');
  assert.equal(r.states.namespace_write, 'unmet');
  assert.match(r.text, /the token's role is read: it may not create repos, so no Space/);
  assert.match(r.text, /https:\/\/huggingface\.co\/settings\/tokens/);
});

test('fine-grained token without repo.write on the org: not ready', async () => {
  const r = await check('fineGrainedOrg', ORG);
  assert.equal(r.ready, 'no');
  assert.equal(r.states.namespace_write, 'unmet');
  assert.match(r.text, /the fine-grained token holds no repo\.write on credprobe-gpu-lab/);
});

test('read member of the org: not ready, asking for another role', async () => {
  const r = await check('orgReader', ORG);
  assert.equal(r.ready, 'no');
  assert.equal(r.states.namespace_write, 'unmet');
  assert.match(r.text, /otto-reader is a read member of credprobe-gpu-lab/);
  assert.match(r.text, /contributor, write or admin role/);
});

test('paid hardware without a payment method: not ready, with the billing page', async () => {
  const r = await check('noPayment', 'nina-nopay');
  assert.equal(r.ready, 'no');
  assert.equal(r.states.hardware_billing, 'unmet');
  assert.match(r.text, /no payment method on nina-nopay \(canPay false\)/);
  assert.match(r.text, /https:\/\/huggingface\.co\/settings\/billing/);
  await screenshot(r.page, 'hf-readiness-no-payment');
});

test('a flavour the Hub does not list: not ready, with the Hub\'s flavours', async () => {
  const r = await check('ready', 'rhea-ready', 't4-large');
  assert.equal(r.ready, 'no');
  assert.equal(r.states.hardware_flavour, 'unmet');
  assert.match(r.text, /the Hub's hardware list has no t4-large/);
  assert.match(r.text, /one of the Hub's flavours: cpu-basic, t4-small, a10g-small/);
});

test('an expiring token: ready, and the detail says when', async () => {
  const r = await check('expiring', '', 'cpu-basic');
  assert.equal(r.ready, 'yes');
  const when = expiresAt.toISOString().replace('.000Z', 'Z');
  assert.match(r.text, new RegExp(`the token expires at ${when.replace(/[.:]/g, '\\$&')}, in 3 days`));
});
