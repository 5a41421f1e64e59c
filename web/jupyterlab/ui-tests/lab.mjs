// What the JupyterLab end-to-end scripts (e2e.mjs, readiness.mjs) share: Debian's Chromium
// through playwright-core, JupyterLab loaded and settled, commands run through the app's own
// registry (`window.jupyterapp`, exposed by the tests' `expose_app_in_browser`), the Credentials
// panel ready with the providers of the settings overrides, and where a secret must never be.
//
// Every wait is on a state of the page or of the app (a command's promise, a DOM node, a dataset
// attribute), never on time; the deadlines below only bound how long a state may take to come.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

// Deadlines, generous for a loaded 2-core machine: a step that has not reached its state by then
// has failed. Nothing ever waits for one of them to pass.
export const LAB_START_MS = 180_000;
export const STEP_MS = 60_000;

/** The panel the extension adds to the left sidebar (src/panel.ts). */
export const PANEL = '#credprobe-credentials';

/**
 * Ends the script with its result. The result goes to the file the harness names (RESULT_FILE),
 * not to stdout: `process.exit` does not wait for a pipe to drain, so a result longer than the
 * pipe's 64 KiB buffer reached the harness cut off (the readiness table's result is longer).
 */
export function finish(results) {
  writeFileSync(env('RESULT_FILE'), JSON.stringify(results));
  process.exit(results.ok ? 0 : 1);
}

/** An environment variable the script cannot run without. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page whose console lines (and uncaught errors) are collected into `watch`. */
export async function newWatchedPage(browser, watch) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.on('console', (m) => watch.console.push(m.text()));
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  return page;
}

/**
 * Opens JupyterLab at `path` (e.g. "lab/tree/exports") and resolves once it is loaded and
 * settled: every plugin active and the layout restored, the commands the script runs
 * registered, the fresh workspace's Launcher shown (it takes focus when it is added, which
 * would close a palette or blur a field opened before it) and the shell visible.
 */
export async function loadLab(page, { labUrl, token, path = 'lab', commands = [] }) {
  // The token goes in the URL once, as `jupyter lab` prints it; the server turns it into the
  // login cookie and the page never sees it again.
  await page.goto(`${labUrl}${path}?token=${token}`);
  // The app object exists as soon as JupyterLab starts; `restored` resolves once every plugin is
  // active and the layout is restored.
  await page.waitForFunction(() => typeof window.jupyterapp === 'object', null, { timeout: LAB_START_MS });
  await page.evaluate(() => window.jupyterapp.restored);
  await page.waitForFunction(
    (ids) => ids.every((id) => window.jupyterapp.commands.hasCommand(id)),
    commands, { timeout: STEP_MS });
  await page.locator('.jp-Launcher').first().waitFor({ state: 'visible', timeout: STEP_MS });
  await shellSettled(page, STEP_MS);
}

/** Runs a command through the app's registry and returns what its promise resolves to. */
export function execute(page, id, args = {}) {
  return page.evaluate(([command, commandArgs]) => window.jupyterapp.commands.execute(command, commandArgs), [id, args]);
}

/** Resolves once the shell is shown and settled: app restored, no splash, shell not hidden. */
export function shellSettled(page, timeout) {
  return page.waitForFunction(() => {
    const app = window.jupyterapp;
    return !document.getElementById('jupyterlab-splash') && app?.shell?.isVisible === true;
  }, null, { timeout });
}

/**
 * Resolves once the panel is ready: the validator loaded and the settings applied, so that
 * exactly `providers` (the settings overrides' list) are shown, in their order.
 */
export function panelReady(page, providers) {
  return page.waitForFunction(([panel, wanted]) => {
    const shown = [...document.querySelectorAll(`${panel} section.provider[data-provider]`)]
      .filter((d) => !d.hidden)
      .map((d) => d.dataset.provider);
    return JSON.stringify(shown) === JSON.stringify(wanted);
  }, [PANEL, providers], { timeout: STEP_MS });
}

/** The panel's section of a provider (web/src/ui/provider_section.ts). */
export function providerSection(page, provider) {
  return page.locator(`${PANEL} section.provider[data-provider="${provider}"]`);
}

/** Opens the provider's form where a result folded it to one line (a person clicks "edit"). */
export async function expandForm(page, provider) {
  const fold = providerSection(page, provider).locator('details.form-fold');
  if (!(await fold.evaluate((d) => d.open))) await fold.locator(':scope > summary').click();
}

/** The results summary's rows (provider, status) and its count line. */
export async function resultsSummary(page) {
  const summary = page.locator(`${PANEL} .results-summary`);
  return {
    rows: await summary.locator('li[data-provider]').evaluateAll((items) =>
      items.map((li) => ({ provider: li.dataset.provider, status: li.dataset.status }))),
    count: await summary.locator('.results-count').innerText(),
  };
}

/** How many of `secrets` are in the page's text, in its storage, and in its console lines. */
export async function secretCounts(page, secrets, consoleLines) {
  const inText = await page.evaluate((s) => s.filter((x) => document.body.innerText.includes(x)).length, secrets);
  const inStorage = await page.evaluate((s) => {
    const all = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    return s.filter((x) => all.includes(x)).length;
  }, secrets);
  const inConsole = secrets.filter((s) => consoleLines.some((line) => line.includes(s))).length;
  return { secret_in_text: inText, secret_in_storage: inStorage, secret_in_console: inConsole };
}

/** Console lines that explain a failure; any line that mentions a secret is dropped. */
export function consoleErrors(consoleLines, secrets) {
  return consoleLines.filter((l) => /error|fail|credprobe/i.test(l) && !secrets.some((s) => l.includes(s))).slice(0, 20);
}
