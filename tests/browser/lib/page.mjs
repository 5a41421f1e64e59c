// Drives the static page the way a person does: tick a provider, type into its labelled
// fields, press Validate, read the card. Also watches everything a secret could leak into.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export const ARTIFACTS = path.join(process.env.CREDPROBE_ARTIFACTS ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../artifacts'), 'browser');

/**
 * Opens the page and waits until it is ready. `withoutWorkers`: the browser has no Worker (the
 * page runs its checks itself); `route`: [pattern, handler] for page.route before it loads;
 * `init`: a script run in the page before its own.
 */
export async function openPage(context, url, { withoutWorkers = false, route, init } = {}) {
  const page = await context.newPage();
  if (withoutWorkers) await page.addInitScript(() => delete window.Worker);
  if (init) await page.addInitScript(init);
  if (route) await page.route(...route);
  const watch = { console: [], requests: [], errors: [] };
  page.on('console', (m) => watch.console.push(m.text()));
  // The page's checks run in its worker (web/src/credprobe/worker_checks.ts): what it logs too.
  page.on('worker', (w) => w.on('console', (m) => watch.console.push(m.text())));
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('request', (r) => watch.requests.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? '' }));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  // Where checks run is settled (the worker started, or cannot): every check then runs there.
  await page.waitForSelector('body[data-checks]', { timeout: 15000 });
  return { page, watch };
}

export function section(page, provider) {
  return page.locator(`#provider-${provider}`);
}

export async function selectProvider(page, provider) {
  const box = page.locator(`#pick-${provider}`);
  if (!(await box.isChecked())) await box.check();
}

export async function openSettings(page) {
  const details = page.locator('details.settings');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

export async function setSettings(page, { relay = '', timeout = 10 } = {}) {
  await openSettings(page);
  await page.getByLabel('Relay URL').fill(relay);
  await page.getByLabel('Timeout per request (seconds)').fill(String(timeout));
}

/** Opens the provider's form where a result folded it to one line (a person clicks "edit"). */
export async function expandForm(page, provider) {
  const fold = section(page, provider).locator('details.form-fold');
  if (!(await fold.evaluate((d) => d.open))) await fold.locator(':scope > summary').click();
}

export async function fillFields(page, provider, fields) {
  const s = section(page, provider);
  await expandForm(page, provider);
  for (const [name, value] of Object.entries(fields)) {
    await s.locator(`[name="${name}"]`).fill(value);
  }
}

export async function setEndpoints(page, provider, endpoints) {
  const s = section(page, provider);
  await expandForm(page, provider);
  const details = s.locator('details.endpoints');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  for (const [name, url] of Object.entries(endpoints)) await s.locator(`[name="endpoint:${name}"]`).fill(url);
}

/** Presses the provider's Validate button and returns the card's status and text. */
export async function validate(page, provider, { timeout = 20000 } = {}) {
  const s = section(page, provider);
  await s.getByRole('button', { name: /^Validate / }).click();
  const card = s.locator('.result-card:not(.pending)');
  await card.waitFor({ timeout });
  return {
    status: await card.getAttribute('data-status'),
    text: await card.innerText(),
    card,
  };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** The results summary's rows: provider, status (a verdict status, idle, checking or error), text. */
export function summaryRows(page) {
  return page.locator('.results-summary li[data-provider]').evaluateAll((items) =>
    items.map((li) => ({ provider: li.dataset.provider, status: li.dataset.status, text: li.innerText })));
}

/** Resolves once every summary row has a final state (no provider unchecked or checking). */
export function summarySettled(page, { timeout = 30000 } = {}) {
  return page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.results-summary li[data-provider]')];
    return rows.length > 0 && rows.every((li) => !['idle', 'checking'].includes(li.dataset.status));
  }, null, { timeout });
}

/**
 * Every place a secret must never show up: the DOM outside the inputs (input values are
 * properties, not markup, so they are not in outerHTML), the console, localStorage, and any
 * request that does not go to the provider (or the relay standing in for it).
 */
export async function leaks(page, watch, secrets, providerOrigins) {
  const found = [];
  const dom = await page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true);
    for (const input of clone.querySelectorAll('input, textarea')) {
      input.removeAttribute('value');
      input.textContent = '';
    }
    return clone.outerHTML;
  });
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  for (const secret of secrets) {
    if (dom.includes(secret)) found.push('DOM');
    if (storage.includes(secret)) found.push('storage');
    if (watch.console.some((line) => line.includes(secret))) found.push('console');
    for (const r of watch.requests) {
      const carries = r.url.includes(secret) || r.body.includes(secret) || Object.values(r.headers).some((v) => v.includes(secret));
      if (carries && !providerOrigins.some((o) => r.url.startsWith(o))) found.push(`request to ${new URL(r.url).origin}`);
    }
  }
  return found;
}
