// The static page in headless Chromium against the provider emulator: every registry provider
// and the verdicts it can give, blocked vs unreachable vs timeout, the relay, lint while typing,
// export with and without secrets, and that no secret leaks anywhere but to the provider.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '../../web/scripts/registry.mjs';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { expandForm, fillFields, leaks, openPage, screenshot, section, selectProvider, setEndpoints, setSettings, summaryRows, summarySettled, validate } from './lib/page.mjs';
import { closedPort, startCredprobeRelay, startNoCorsHost } from './lib/servers.mjs';
import { PROVIDER_CASES } from './cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const registry = await readRegistry(dist);
const providers = registry.providers.map((p) => p.id);
const covered = providers.filter((id) => PROVIDER_CASES[id]);
const data = Object.fromEntries(covered.map((id) => [id, PROVIDER_CASES[id]()]));
const allSecrets = Object.values(data).flatMap((d) => d.secrets);
// axe-core (npm, web/package.json) checks the page's accessibility in the page itself.
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js', { paths: [path.join(root, 'web')] }), 'utf8');
const PAGE_TITLE = 'credprobe: check cloud and ML credentials';

let emulator, web, relay, noCors, deadPort, browser;
const pages = [];
const relayOrigins = []; // relays and hosts started by single tests: requests to them carry secrets by design

before(async () => {
  emulator = await startEmulator(Object.fromEntries(covered.map((id) => [id, data[id].fixture])));
  web = await startStaticServer({ dir: dist });
  noCors = await startNoCorsHost(emulator.url);
  relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url, noCors.url] });
  deadPort = await closedPort();
  browser = await launchBrowser();
});

after(async () => {
  // Secret hygiene over everything every test did: the DOM outside inputs, the console,
  // storage, and any request not bound for the provider (emulator), a relay or the no-CORS host.
  const allowed = [emulator.url, relay.url, noCors.url, deadPort, ...relayOrigins];
  const found = [];
  for (const { page, watch } of pages) {
    if (!page.isClosed()) found.push(...(await leaks(page, watch, allSecrets, allowed)));
    assert.deepEqual(watch.errors, [], 'uncaught page errors');
  }
  await browser?.close();
  await Promise.all([web?.server.close(), relay?.stop(), noCors?.stop(), emulator?.stop()]);
  assert.deepEqual([...new Set(found)], [], 'a secret reached a place it must never be');
});

async function freshPage(query = '', options = {}) {
  const opened = await openPage(browser.context, `${web.url}${query}`, options);
  pages.push(opened);
  return opened.page;
}

async function providerPage(id, { relayUrl = '', timeout = 10, endpoint, open = {} } = {}) {
  const page = await freshPage('', open);
  await selectProvider(page, id);
  await setSettings(page, { relay: relayUrl, timeout });
  const spec = registry.providers.find((p) => p.id === id);
  await setEndpoints(page, id, Object.fromEntries(spec.endpoints.map((e) => [e.name, endpoint ?? emulator.url])));
  return page;
}

test('every provider the emulator plays has browser cases', () => {
  const missing = providers.filter((id) => emulator.serves.has(id) && !PROVIDER_CASES[id]);
  assert.deepEqual(missing, [], `add browser cases for ${missing.join(', ')} in tests/browser/cases.mjs`);
});

test('the cases reach every verdict status', () => {
  // blocked and unreachable come from the "telling failures apart" tests below.
  const reached = new Set(['blocked', 'unreachable', ...Object.values(data).flatMap((d) => d.cases.map((c) => c.status))]);
  const statuses = ['valid', 'invalid', 'expired', 'insufficient', 'malformed', 'unreachable', 'blocked', 'rate_limited', 'indeterminate'];
  assert.deepEqual(statuses.filter((x) => !reached.has(x)), []);
});

for (const id of providers.filter((p) => !PROVIDER_CASES[p])) {
  test(`${id}: browser cases`, { todo: 'no browser cases yet (the emulator does not play it yet?)' }, () => {});
}

for (const id of covered) {
  describe(`${id}: verdicts in the page`, () => {
    test('each verdict class the provider can give', async () => {
      const page = await providerPage(id, { relayUrl: relay.url });
      for (const c of data[id].cases) {
        await fillFields(page, id, c.fields);
        const result = await validate(page, id);
        assert.equal(result.status, c.status, `${c.name}: ${result.text}`);
        if (c.text) assert.match(result.text, c.text, c.name);
        if (c.status === 'valid') await screenshot(page, `${id}-valid`);
      }
    });

    if (data[id].needsRelay) {
      test('without a relay the browser is refused: blocked, with the relay hint', async () => {
        const page = await providerPage(id);
        await fillFields(page, id, data[id].valid);
        const result = await validate(page, id);
        assert.equal(result.status, 'blocked', result.text);
        assert.match(result.text, /relay/i);
        await screenshot(page, `${id}-blocked`);
      });
    }
  });
}

describe('telling failures apart', { skip: !data.huggingface && 'needs the Hugging Face cases' }, () => {
  test('a host that answers without CORS: blocked, with the relay hint', async () => {
    const page = await providerPage('huggingface', { endpoint: noCors.url });
    await fillFields(page, 'huggingface', data.huggingface.valid);
    const result = await validate(page, 'huggingface');
    assert.equal(result.status, 'blocked', result.text);
    assert.match(result.text, /relay/i);
    await screenshot(page, 'blocked-no-cors');
  });

  test('the same host through the relay: valid, and the evidence says relay', async () => {
    const page = await providerPage('huggingface', { endpoint: noCors.url, relayUrl: relay.url });
    await fillFields(page, 'huggingface', data.huggingface.valid);
    const result = await validate(page, 'huggingface');
    assert.equal(result.status, 'valid', result.text);
    await result.card.locator('details.evidence summary').click();
    assert.match(await result.card.innerText(), /relay/);
    assert.ok(relay.seen.some((line) => line.includes('/api/whoami-v2')), 'the relay carried the request');
  });

  test('nothing listening: unreachable, not blocked', async () => {
    const page = await providerPage('huggingface', { endpoint: deadPort });
    await fillFields(page, 'huggingface', data.huggingface.valid);
    const result = await validate(page, 'huggingface');
    assert.equal(result.status, 'unreachable', result.text);
    assert.doesNotMatch(result.text, /CORS/);
  });

  test('a host that never answers: unreachable by timeout', async () => {
    const page = await providerPage('huggingface', { timeout: 1 });
    await fillFields(page, 'huggingface', data.huggingface.timeout.fields);
    const started = Date.now();
    const result = await validate(page, 'huggingface');
    assert.equal(result.status, 'unreachable', result.text);
    assert.match(result.text, /timeout|in time/i);
    assert.ok(Date.now() - started < 8000, 'the timeout was honoured');
    await screenshot(page, 'timeout');
  });
});

test('lint messages appear while typing', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await freshPage();
  await selectProvider(page, 'huggingface');
  const { field, partial, message } = data.huggingface.lintWhileTyping;
  const input = section(page, 'huggingface').locator(`[name="${field}"]`);
  await input.pressSequentially(partial); // key by key: an input event each
  const messages = section(page, 'huggingface').locator('.lint-messages li');
  await messages.first().waitFor({ timeout: 5000 });
  assert.match(await messages.first().innerText(), message);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'lint-while-typing');
});

test('validate all selected, concurrently, then export with and without secrets', async () => {
  const page = await freshPage();
  await setSettings(page, { relay: relay.url });
  for (const id of covered) {
    await selectProvider(page, id);
    const spec = registry.providers.find((p) => p.id === id);
    await setEndpoints(page, id, Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url])));
    await fillFields(page, id, data[id].valid);
  }
  await page.getByRole('button', { name: 'Validate all selected' }).click();
  for (const id of covered) {
    const card = section(page, id).locator('.result-card:not(.pending)');
    await card.waitFor({ timeout: 20000 });
    assert.equal(await card.getAttribute('data-status'), 'valid', `${id}: ${await card.innerText()}`);
  }
  await screenshot(page, 'all-valid');

  const download = async (format, withSecrets) => {
    await page.getByLabel('Format').selectOption(format);
    await page.getByLabel('Include secrets').setChecked(withSecrets);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    return readFile(await file.path(), 'utf8');
  };
  const validSecrets = covered.flatMap((id) => data[id].secrets.filter((s) => Object.values(data[id].valid).includes(s)));
  for (const format of ['yaml', 'env', 'json']) {
    const without = await download(format, false);
    for (const s of validSecrets) assert.ok(!without.includes(s), `${format} without secrets holds one`);
    const withThem = await download(format, true);
    for (const s of validSecrets) assert.ok(withThem.includes(s), `${format} with secrets lacks one`);
    if (format !== 'json') assert.match(withThem, /holds secrets/);
  }
  const yaml = await download('yaml', false);
  for (const id of covered) {
    const spec = registry.providers.find((p) => p.id === id);
    assert.match(yaml, new RegExp(`cluster_type: "${spec.clustrix_type}"`));
  }
  assert.equal(await page.locator('.export-preview').innerText().then((t) => validSecrets.some((s) => t.includes(s))), false);
});

/** axe-core's violations on the page as it is now: rule id and the nodes it names. */
async function axeViolations(page) {
  await page.evaluate(axeSource); // evaluated by the browser's debugger protocol, so the page's CSP allows it
  return page.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })));
}

/** Every covered provider selected and filled in, at 1280×800; endpoints[id] overrides the emulator. */
async function everyProviderPage(fieldsFor, endpoints = {}) {
  const page = await freshPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await setSettings(page, { relay: relay.url });
  for (const id of covered) {
    await selectProvider(page, id);
    const spec = registry.providers.find((p) => p.id === id);
    await setEndpoints(page, id, Object.fromEntries(spec.endpoints.map((e) => [e.name, endpoints[id] ?? emulator.url])));
    await fillFields(page, id, fieldsFor(id));
  }
  return page;
}

async function validateAllAndSummarize(page) {
  await page.getByRole('button', { name: 'Validate all selected' }).click();
  await summarySettled(page);
  return (await summaryRows(page)).map(({ provider, status }) => ({ provider, status }));
}

describe('results at a glance', () => {
  test('all valid: the summary and the title say so, every status fits 1280×800, axe finds nothing (light and dark)', async () => {
    const page = await everyProviderPage((id) => data[id].valid);
    assert.deepEqual(await axeViolations(page), [], 'axe, forms open, light');
    const rows = await validateAllAndSummarize(page);
    assert.deepEqual(rows, covered.map((provider) => ({ provider, status: 'valid' })));
    assert.equal(await page.locator('.results-count').innerText(), `${covered.length} valid`);
    assert.equal(await page.title(), `${covered.length} valid · ${PAGE_TITLE}`);
    // Every form folded to one line once its provider had a result.
    assert.deepEqual(await page.locator('details.form-fold').evaluateAll((ds) => ds.map((d) => d.open)), covered.map(() => false));
    // At the top of the page, the summary and every provider's status are in the 1280×800 window.
    await page.evaluate(() => window.scrollTo(0, 0));
    const boxes = await page.locator('.results-summary, .results-summary li .badge:not(.ready)').evaluateAll((nodes) =>
      nodes.map((n) => n.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, right: r.right })));
    assert.equal(boxes.length, covered.length + 1);
    for (const box of boxes) assert.ok(box.top >= 0 && box.bottom <= 800 && box.right <= 1280, JSON.stringify(box));
    await screenshot(page, 'summary-1280x800', { fullPage: false });
    // A row's link goes to its provider's card.
    const last = covered[covered.length - 1];
    await page.locator(`.results-summary li[data-provider="${last}"] a`).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), `result-${last}`);
    assert.equal(await page.locator(`#result-${last} .result-card`).getAttribute('data-status'), 'valid');
    assert.deepEqual(await axeViolations(page), [], 'axe, results, light');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(13, 17, 23)');
    assert.deepEqual(await axeViolations(page), [], 'axe, results, dark');
    await screenshot(page, 'summary-1280x800-dark', { fullPage: false });
  });

  test('one invalid: its row says invalid, the others valid, the title counts both', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
    const revoked = data.huggingface.cases.find((c) => c.name === 'revoked token');
    const page = await everyProviderPage((id) => (id === 'huggingface' ? revoked.fields : data[id].valid));
    const rows = await validateAllAndSummarize(page);
    assert.deepEqual(rows, covered.map((provider) => ({ provider, status: provider === 'huggingface' ? 'invalid' : 'valid' })));
    const count = `${covered.length - 1} valid, 1 invalid`;
    assert.equal(await page.locator('.results-count').innerText(), count);
    assert.equal(await page.title(), `${count} · ${PAGE_TITLE}`);
    assert.match((await summaryRows(page)).find((r) => r.provider === 'huggingface').text, /Hugging Face\s+Invalid/);
    await screenshot(page, 'summary-one-invalid', { fullPage: false });
  });

  test('one blocked (the relay refuses its host): its row says blocked, the others valid', { skip: !data.azure && 'needs the Azure cases' }, async () => {
    const page = await everyProviderPage((id) => data[id].valid, { azure: 'https://not-a-provider.example' });
    const rows = await validateAllAndSummarize(page);
    assert.deepEqual(rows, covered.map((provider) => ({ provider, status: provider === 'azure' ? 'blocked' : 'valid' })));
    const count = `${covered.length - 1} valid, 1 blocked`;
    assert.equal(await page.locator('.results-count').innerText(), count);
    assert.equal(await page.title(), `${count} · ${PAGE_TITLE}`);
    // Export holds what validated, not the blocked provider.
    assert.doesNotMatch(await page.locator('.export-preview').innerText(), /cluster_type: "azure"/);
    assert.equal(await page.locator('.results-summary').evaluate((n) => n.scrollWidth <= n.clientWidth), true);
  });
});

test('remembering keeps non-secret fields only, and forget clears them', async () => {
  const page = await freshPage();
  const id = covered.find((p) => registry.providers.find((s) => s.id === p).fields.some((f) => f.kind === 'text')) ?? covered[0];
  await selectProvider(page, id);
  await page.locator('details.settings summary').click();
  await page.getByLabel(/Remember non-secret fields/).check();
  await fillFields(page, id, data[id].valid);
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  for (const s of allSecrets) assert.ok(!stored.includes(s), 'a secret was stored');
  await page.getByRole('button', { name: 'Forget remembered fields' }).click();
  assert.equal(await page.evaluate(() => localStorage.length), 0);
});

test('keyboard: Enter in a field validates the provider', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await providerPage('huggingface');
  const input = section(page, 'huggingface').locator('[name="hf_token"]');
  await input.fill(data.huggingface.valid.hf_token);
  await input.press('Enter');
  const card = section(page, 'huggingface').locator('.result-card:not(.pending)');
  await card.waitFor({ timeout: 10000 });
  assert.equal(await card.getAttribute('data-status'), 'valid');
  // The secret is masked until revealed, and the toggle announces its state (in the form the
  // result folded: opened again, as a person does to edit).
  await expandForm(page, 'huggingface');
  assert.equal(await input.getAttribute('type'), 'password');
  const reveal = section(page, 'huggingface').locator('button.reveal');
  assert.equal(await reveal.getAttribute('aria-label'), 'Show Access token');
  await reveal.press('Enter');
  assert.equal(await input.getAttribute('type'), 'text');
  assert.equal(await reveal.getAttribute('aria-pressed'), 'true');
});

test('every check is announced whole, a repeated identical verdict too; the merged card is not itself live', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await providerPage('huggingface');
  await fillFields(page, 'huggingface', data.huggingface.valid);
  // What a screen reader is handed: every node added to a live region of the section.
  await page.evaluate(() => {
    window.spoken = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const region = r.target.closest?.('[aria-live], [role="status"]') ?? r.target.parentElement?.closest('[aria-live], [role="status"]');
        if (!region) continue;
        if (r.type === 'characterData') window.spoken.push(r.target.textContent);
        for (const n of r.addedNodes) window.spoken.push(n.textContent);
      }
    });
    observer.observe(document.querySelector('#provider-huggingface'), { childList: true, subtree: true, characterData: true });
  });
  const said = 'Hugging Face: Valid, token works for user browser-user (token "browser", write).';
  assert.equal((await validate(page, 'huggingface')).status, 'valid');
  assert.deepEqual(await page.evaluate(() => window.spoken), [said]);
  // The same verdict again: the card is merged in place (its latency figures change), and the
  // announcer says the whole line once more rather than "7 ms" or nothing.
  assert.equal((await validate(page, 'huggingface')).status, 'valid');
  assert.deepEqual(await page.evaluate(() => window.spoken), [said, said]);
  assert.equal(await section(page, 'huggingface').locator('.result[aria-live]').count(), 0);
  assert.equal(await section(page, 'huggingface').getByRole('status').innerText(), said);
  // An edit drops the verdict, and with it what the region holds.
  await expandForm(page, 'huggingface');
  await section(page, 'huggingface').locator('[name="hf_token"]').press('End');
  await section(page, 'huggingface').locator('[name="hf_token"]').press('x');
  assert.equal(await section(page, 'huggingface').locator('.announcer').evaluate((p) => p.childNodes.length), 0);
});

test('leaving a field after validating keeps the result for export; editing it drops it', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await providerPage('huggingface');
  const input = section(page, 'huggingface').locator('[name="hf_token"]');
  await input.fill(data.huggingface.valid.hf_token);
  await input.press('Enter');
  const card = section(page, 'huggingface').locator('.result-card:not(.pending)');
  await card.waitFor({ timeout: 10000 });
  assert.equal(await card.getAttribute('data-status'), 'valid');
  const preview = page.locator('.export-preview');
  await page.waitForFunction(() => document.querySelector('.export-preview')?.textContent?.includes('huggingface_spaces'));
  // The result folded the form to one line, and focus moved from the field to that line: the
  // field was left without an edit (blur and change fired), and the validated result stands.
  const fold = section(page, 'huggingface').locator('details.form-fold');
  assert.equal(await fold.evaluate((d) => d.open), false);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('details.form-fold')?.querySelector('summary') === document.activeElement), true);
  await page.keyboard.press('Tab');
  assert.match(await preview.innerText(), /cluster_type: "huggingface_spaces"/);
  // An edit means the export no longer matches what was validated.
  await expandForm(page, 'huggingface');
  await input.press('End');
  await input.press('x');
  await page.waitForFunction(() => !document.querySelector('.export-preview')?.textContent?.includes('huggingface_spaces'));
  assert.doesNotMatch(await preview.innerText(), /huggingface_spaces/);
});

test('dark mode renders', async () => {
  const dark = await launchBrowser({ colorScheme: 'dark' });
  try {
    const page = await dark.context.newPage();
    await page.goto(web.url);
    await page.waitForSelector('body[data-ready="true"]');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(13, 17, 23)');
    await screenshot(page, 'dark');
  } finally {
    await dark.close();
  }
});

test('without WebCrypto (not a secure context) a signing check says so: indeterminate, in the worker and on the page', { skip: !data.gcp && 'needs a provider with a Sign step (gcp)' }, async () => {
  // Loopback pages are always secure contexts, so take crypto.subtle away the way a plain-http
  // origin would lack it: in the page by an init script, in the worker by prefixing its script
  // (init scripts do not run in workers; the module's imports only define, nothing signs yet).
  const noSubtle = 'Object.defineProperty(globalThis.crypto, "subtle", { get: () => undefined });';
  const withoutSubtle = async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${noSubtle}\n${await response.text()}` });
  };
  for (const withoutWorkers of [false, true]) {
    const opened = await openPage(browser.context, web.url, { withoutWorkers, route: ['**/check-worker.js', withoutSubtle], init: noSubtle });
    pages.push(opened);
    const { page } = opened;
    assert.equal(await page.locator('body').getAttribute('data-checks'), withoutWorkers ? 'page' : 'worker');
    await selectProvider(page, 'gcp');
    const spec = registry.providers.find((p) => p.id === 'gcp');
    await setEndpoints(page, 'gcp', Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url])));
    await fillFields(page, 'gcp', data.gcp.valid);
    const result = await validate(page, 'gcp');
    assert.equal(result.status, 'indeterminate', result.text);
    assert.match(result.text, /secure context/);
    await screenshot(page, `gcp-no-webcrypto${withoutWorkers ? '-page' : '-worker'}`);
  }
});

test('demo mode: pre-wired to the emulator with the demo fixture, labelled, every demo card valid', async () => {
  const { cp, mkdtemp, readdir } = await import('node:fs/promises');
  const os = await import('node:os');
  const { writeDemoConfig } = await import('../../web/scripts/demo-config.mjs');
  const fixturesFile = path.join(root, 'tests/emulator/fixtures/demo.json');
  const demoEmulator = await startEmulator(JSON.parse(await readFile(fixturesFile, 'utf8')));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credprobe-demo-page-'));
  for (const name of await readdir(dist)) await cp(path.join(dist, name), path.join(dir, name));
  const demoWeb = await startStaticServer({ dir });
  // The demo page has its own origin and emulator: it gets its own relay.
  const demoRelay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: demoWeb.url, insecureHosts: [demoEmulator.url] });
  relayOrigins.push(new URL(demoRelay.url).origin);
  const config = await writeDemoConfig({ fixturesFile, emulator: demoEmulator.url, relay: demoRelay.url, out: path.join(dir, 'demo-config.json') });
  try {
    const { page, watch } = await openPage(browser.context, `${demoWeb.url}?demo`);
    pages.push({ page, watch });
    assert.match(await page.locator('#demo-banner').innerText(), /DEMO/);
    const withCredentials = Object.entries(config.providers).filter(([, p]) => Object.keys(p.fields).length > 0).map(([id]) => id);
    assert.ok(withCredentials.length > 0, 'the demo fixture gives credentials for at least one provider');
    const without = providers.filter((id) => !withCredentials.includes(id));
    if (without.length) console.log(`# demo fixture has no demo credentials for: ${without.join(', ')}`);
    await page.getByRole('button', { name: 'Validate all selected' }).click();
    for (const id of withCredentials) {
      const card = section(page, id).locator('.result-card:not(.pending)');
      await card.waitFor({ timeout: 20000 });
      assert.equal(await card.getAttribute('data-status'), 'valid', `${id}: ${await card.innerText()}`);
    }
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'a demo remembers nothing');
    await screenshot(page, 'demo');
  } finally {
    demoWeb.server.close();
    await demoRelay.stop();
    await demoEmulator.stop();
  }
});

test('the CSP lets the page connect only to the registry hosts (https) and loopback', async () => {
  const { hostSource } = await import('../../web/scripts/csp.mjs');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const connect = (/connect-src ([^;]+)/.exec(csp)?.[1] ?? '').split(' ');
  const expected = new Set(["'self'", 'http://127.0.0.1:*', 'http://localhost:*', ...registry.allowed_hosts.map(hostSource)]);
  assert.deepEqual(new Set(connect), expected);
  for (const source of connect) assert.ok(!source.startsWith('http:') || /^http:\/\/(127\.0\.0\.1|localhost):\*$/.test(source), source);
  assert.match(csp, /default-src 'none'/);
  // Workers only from blob: URLs, which inherit this policy (the check worker is one).
  assert.equal(/worker-src ([^;]+)/.exec(csp)?.[1], 'blob:');
  assert.equal(hostSource('sts.*.amazonaws.com'), 'https://*.amazonaws.com');
});

test('checks run in the page\'s worker, off the main thread, and the worker keeps the page\'s CSP', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  // A loopback host the CSP does not list (it lists 127.0.0.1 and localhost): whatever runs a
  // check must never reach it. It counts what reaches it and would answer any origin.
  const reached = [];
  const outside = http.createServer((req, res) => {
    reached.push(req.url);
    res.writeHead(404, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }).end();
  });
  await new Promise((resolve) => outside.listen(0, '127.0.0.2', resolve));
  const outsideUrl = `http://127.0.0.2:${outside.address().port}`;
  relayOrigins.push(outsideUrl); // the checks below are sent to it on purpose (and refused)
  try {
    const page = await providerPage('huggingface');
    assert.equal(await page.locator('body').getAttribute('data-checks'), 'worker');
    await fillFields(page, 'huggingface', data.huggingface.valid);
    assert.equal((await validate(page, 'huggingface')).status, 'valid');
    // The request to the provider was the worker's, not the page's.
    const requested = (where) => where.evaluate((origin) => performance.getEntriesByType('resource').filter((e) => e.name.startsWith(origin)).length, emulator.url);
    assert.equal(page.workers().length, 1);
    assert.ok((await requested(page.workers()[0])) >= 1, 'the worker made no request to the provider');
    assert.equal(await requested(page), 0);

    // The same check against the unlisted host, from the worker and then from a page without
    // workers (the check runs on the main thread): the same verdict, and nothing reached it.
    const verdicts = [];
    for (const noWorker of [false, true]) {
      const p = await providerPage('huggingface', { endpoint: outsideUrl, open: { withoutWorkers: noWorker } });
      assert.equal(await p.locator('body').getAttribute('data-checks'), noWorker ? 'page' : 'worker');
      await fillFields(p, 'huggingface', data.huggingface.valid);
      verdicts.push((await validate(p, 'huggingface')).status);
    }
    // The browser refuses the request before it is sent and tells the page no more than a
    // network error, so both say unreachable; nothing reaching the host is what shows the
    // worker kept the policy (the host answers CORS for anyone).
    assert.deepEqual(verdicts, ['unreachable', 'unreachable']);
    assert.deepEqual(reached, []);
  } finally {
    await new Promise((resolve) => outside.close(resolve));
  }
});

test('a check worker that cannot load leaves the checks on the page, with the same verdicts', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await providerPage('huggingface', { open: { route: ['**/check-worker.js', (r) => r.fulfill({ status: 404, body: '' })] } });
  assert.equal(await page.locator('body').getAttribute('data-checks'), 'page');
  await fillFields(page, 'huggingface', data.huggingface.valid);
  const result = await validate(page, 'huggingface');
  assert.equal(result.status, 'valid', result.text);
  assert.equal(page.workers().length, 0);
});

test('unticking a provider aborts its running check; the next check still works', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
  const page = await providerPage('huggingface');
  await fillFields(page, 'huggingface', data.huggingface.timeout.fields);
  await section(page, 'huggingface').getByRole('button', { name: /^Validate / }).click();
  await section(page, 'huggingface').locator('.result-card.pending').waitFor();
  await page.locator('#pick-huggingface').uncheck();
  await page.locator('#pick-huggingface').check();
  await fillFields(page, 'huggingface', data.huggingface.valid);
  const result = await validate(page, 'huggingface');
  assert.equal(result.status, 'valid', result.text);
});

test('a request the browser refuses leaves no secret in the console', async () => {
  // Chromium logs refused requests with their URL; a presigned URL must not carry a secret there.
  // The checks run on the page (no workers): Playwright does not pass on the lines Chromium
  // itself logs in a worker, and the URLs a check requests are the same from either thread.
  for (const id of covered) {
    const page = await providerPage(id, { endpoint: noCors.url, open: { withoutWorkers: true } });
    await fillFields(page, id, data[id].allSecretFields ?? data[id].valid);
    const result = await validate(page, id);
    if (!['blocked', 'malformed'].includes(result.status)) assert.fail(`${id}: ${result.status}: ${result.text}`);
    const { watch } = pages[pages.length - 1];
    if (result.status === 'blocked') {
      assert.ok(watch.console.some((line) => line.includes(`Access to XMLHttpRequest at '${noCors.url}`)), `${id}: the refusal was not logged where this test looks`);
    }
    const leaked = allSecrets.filter((s) => watch.console.some((line) => line.includes(s)));
    assert.deepEqual(leaked.length, 0, `${id}: a secret is in a console message`);
  }
});

test('a JSON key loads from a chosen file into its (masked) field', { skip: !data.gcp && 'needs a provider with a json field (gcp)' }, async () => {
  const page = await providerPage('gcp');
  const s = section(page, 'gcp');
  await s.locator('input[type=file]').setInputFiles({ name: 'key.json', mimeType: 'application/json', buffer: Buffer.from(data.gcp.valid.gcp_service_account_key) });
  const area = s.locator('textarea[name="gcp_service_account_key"]');
  await page.waitForFunction(() => document.querySelector('textarea[name="gcp_service_account_key"]').value.length > 0);
  assert.equal(await area.inputValue(), data.gcp.valid.gcp_service_account_key.trim());
  assert.match(await area.getAttribute('class'), /masked/);
  await fillFields(page, 'gcp', { gcp_project_id: data.gcp.valid.gcp_project_id });
  assert.equal((await validate(page, 'gcp')).status, 'valid');
});

describe('through `credprobe relay`, the product\'s own relay', () => {
  for (const id of covered.filter((p) => data[p].needsRelay)) {
    test(`${id}: valid through credprobe relay`, async () => {
      const page = await providerPage(id, { relayUrl: relay.url });
      await fillFields(page, id, data[id].valid);
      const result = await validate(page, id);
      assert.equal(result.status, 'valid', result.text);
      await result.card.locator('details.evidence summary').click();
      assert.match(await result.card.innerText(), /relay/);
    });
  }

  test('a browser-refused host is retried through credprobe relay: valid', { skip: !data.huggingface && 'needs the Hugging Face cases' }, async () => {
    const page = await providerPage('huggingface', { endpoint: noCors.url, relayUrl: relay.url });
    await fillFields(page, 'huggingface', data.huggingface.valid);
    const result = await validate(page, 'huggingface');
    assert.equal(result.status, 'valid', result.text);
  });
});
