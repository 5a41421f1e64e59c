// Readiness in the JupyterLab panel, case by case, in one JupyterLab session (started by
// tests/test_e2e_readiness.py with expose_app_in_browser): open the Credentials panel with the
// `credprobe:open` command, then for each case fill the provider's fields, press the card's
// Validate button, wait for the final result card, and read its readiness checklist.
//
// Generic: it knows no provider. Everything provider-specific (which provider, which fields
// with which values, what to expect) is the Python table CASES in test_e2e_readiness.py; this
// script only reports what the page showed, and the Python side asserts.
//
// Input (env): LAB_URL, LAB_TOKEN, ARTIFACTS, RESULT_FILE, READINESS_INPUT: JSON
//   { "providers": [ids shown, in order], "secrets": [values that must never show],
//     "cases": [{ "name": "...", "provider": "aws", "fields": { "field_name": "value", ... } }] }
// A case fills exactly its fields (inputs by name; a <select> by option value) and leaves the
// others as the previous case of that provider left them.
// Output, as JSON in RESULT_FILE (lab.mjs finish): { ok, steps, cases: [{ name, status, ready, requirements: [{ id, state,
// text }], readiness_text, via_relay }], secret_in_text, secret_in_storage, secret_in_console,
// page_errors }; exits non-zero on failure.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  consoleErrors, env, execute, expandForm, finish, launchBrowser, loadLab, newWatchedPage, PANEL, panelReady, providerSection,
  secretCounts, STEP_MS,
} from './lab.mjs';

const labUrl = env('LAB_URL');
const token = env('LAB_TOKEN');
const artifacts = env('ARTIFACTS');
const input = JSON.parse(env('READINESS_INPUT'));
mkdirSync(artifacts, { recursive: true });
const secrets = [...input.secrets, token];
const OPEN = 'credprobe:open'; // the extension's command (src/index.ts)

const watch = { console: [], errors: [] };
const results = { steps: [], cases: [] };
const step = (name) => results.steps.push(name);
let page;
const browser = await launchBrowser();

/** Fills one provider's fields, validates with its button, and reads the final card. */
async function runCase({ name, provider, fields }) {
  const details = providerSection(page, provider);
  await expandForm(page, provider); // a previous case's result folded it
  const form = details.locator('form');
  for (const [field, value] of Object.entries(fields)) {
    const control = form.locator(`[name="${field}"]`);
    if ((await control.evaluate((n) => n.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  // A person leaves the field for the Validate button: its `change` event fires then, before
  // the check.
  await page.evaluate(() => document.activeElement?.blur());
  // The card a previous case left is marked, so that the wait below is for this case's card
  // (the panel replaces the card when the check starts, and again when it ends).
  await details.locator('.result-card').evaluateAll((cards) => cards.forEach((c) => (c.dataset.e2ePrevious = 'true')));
  await details.locator('button.validate[type="submit"]').click();
  const card = details.locator('.result-card[data-status]:not(.pending):not([data-e2e-previous])');
  await card.waitFor({ state: 'visible', timeout: STEP_MS });
  const readiness = card.locator('section.readiness');
  const hasReadiness = (await readiness.count()) === 1;
  const viaRelay = card.locator('.jp-credprobe-via-relay');
  const result = {
    name,
    provider,
    status: await card.getAttribute('data-status'),
    ready: hasReadiness ? await readiness.getAttribute('data-ready') : null,
    requirements: hasReadiness
      ? await readiness.locator('li.requirement[data-requirement][data-state]').evaluateAll((items) =>
        items.map((li) => ({ id: li.dataset.requirement, state: li.dataset.state, text: li.innerText })))
      : [],
    readiness_text: hasReadiness ? await readiness.innerText() : '',
    via_relay: (await viaRelay.count()) === 1 ? await viaRelay.innerText() : '',
  };
  await card.screenshot({ path: path.join(artifacts, `jupyterlab-readiness-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) });
  return result;
}

try {
  page = await newWatchedPage(browser, watch);
  await loadLab(page, { labUrl, token, commands: [OPEN] });
  step('lab loaded');
  await execute(page, OPEN);
  await page.locator(PANEL).waitFor({ state: 'visible', timeout: STEP_MS });
  await panelReady(page, input.providers);
  step('panel ready');
  for (const c of input.cases) {
    results.cases.push(await runCase(c));
    step(`case ${c.name}`);
  }
  // No secret outside its input: not in the page's text, not in storage, not in the console.
  Object.assign(results, await secretCounts(page, secrets, watch.console));
  results.ok = true;
} catch (error) {
  results.ok = false;
  results.error = String(error?.stack ?? error);
  try {
    await page?.screenshot({ path: path.join(artifacts, 'jupyterlab-readiness-failure.png') });
    results.console_errors = consoleErrors(watch.console, secrets);
  } catch {}
} finally {
  await browser.close();
}
// Uncaught errors of the page, without any that mentions a secret (the count says so).
results.page_errors = watch.errors.filter((e) => !secrets.some((s) => e.includes(s)));
results.secret_in_page_errors = watch.errors.length - results.page_errors.length;
finish(results);
