// Drives a real JupyterLab (started by tests/test_e2e.py with expose_app_in_browser, so the page
// has `window.jupyterapp`) with playwright-core and Debian's Chromium: open the Credentials panel
// from the command palette (the one step taken the way a person takes it), validate Hugging Face
// (direct, to the emulator) and Azure (its token endpoint through the server relay), read the
// cards and the status bar, export a Clustrix config into the file browser's folder, and take
// screenshots in the light and dark themes.
//
// Every other step runs through JupyterLab's own command registry (as Galata does), and every
// wait is on a state of the page or of the app (a command's promise, a DOM node, a dataset
// attribute), never on time; timeouts are deadlines only. Input (env): LAB_URL, LAB_TOKEN,
// HF_TOKEN, AZURE_FIELDS (JSON), ARTIFACTS. Prints one JSON line of results; exits non-zero on
// failure.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const labUrl = env('LAB_URL');
const token = env('LAB_TOKEN');
const hfToken = env('HF_TOKEN');
const azure = JSON.parse(env('AZURE_FIELDS'));
const artifacts = env('ARTIFACTS');
mkdirSync(artifacts, { recursive: true });
const secrets = [hfToken, azure.azure_client_secret, token];

// Deadlines, generous for a loaded 2-core machine: a step that has not reached its state by then
// has failed. Nothing ever waits for one of them to pass.
const LAB_START_MS = 180_000;
const STEP_MS = 60_000;
const PALETTE_MS = 120_000;
// The commands the test runs (the credprobe ones are the extension's, src/index.ts).
const COMMANDS = {
  open: 'credprobe:open',
  validateAll: 'credprobe:validate-all',
  export: 'credprobe:export',
  palette: 'apputils:activate-command-palette',
  fileBrowser: 'filebrowser:activate',
  theme: 'apputils:change-theme',
};
const PROVIDERS = ['huggingface', 'azure']; // the settings overrides written by test_e2e.py

const results = { console: [], steps: [], palette: [] };
let page;
const step = (name) => results.steps.push(name);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Runs a command through the app's registry and returns what its promise resolves to. */
const execute = (id, args = {}) =>
  page.evaluate(([command, commandArgs]) => window.jupyterapp.commands.execute(command, commandArgs), [id, args]);

/** Resolves once the shell is shown and settled: app restored, no splash, shell not hidden. */
const shellSettled = (timeout) =>
  page.waitForFunction(() => {
    const app = window.jupyterapp;
    return !document.getElementById('jupyterlab-splash') && app?.shell?.isVisible === true;
  }, null, { timeout });

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on('console', (m) => results.console.push(m.text()));
  // The token goes in the URL once, as `jupyter lab` prints it; the server turns it into the
  // login cookie and the page never sees it again.
  await page.goto(`${labUrl}lab/tree/exports?token=${token}`);
  // The app object exists as soon as JupyterLab starts; `restored` resolves once every plugin is
  // active and the layout (file browser at `exports`) is restored.
  await page.waitForFunction(() => typeof window.jupyterapp === 'object', null, { timeout: LAB_START_MS });
  await page.evaluate(() => window.jupyterapp.restored);
  await page.waitForFunction(
    (ids) => ids.every((id) => window.jupyterapp.commands.hasCommand(id)),
    Object.values(COMMANDS), { timeout: STEP_MS });
  // A fresh workspace gets its Launcher in the main area after the restore, and the Launcher takes
  // focus when it is added: wait for it so that it does not close the palette opened below (the
  // palette step still survives any later focus change by itself).
  await page.locator('.jp-Launcher').first().waitFor({ state: 'visible', timeout: STEP_MS });
  await shellSettled(STEP_MS);
  step('lab loaded');

  // ---- the one step through the real command palette, as a person takes it: Ctrl+Shift+C, type,
  // click the item. The modal palette closes itself whenever focus leaves it (a late focus change
  // in the shell), so until the deadline a palette that vanished is opened again and the step
  // repeated; `done` (a state of the page) says whether the command ran, so a click that did land
  // is never repeated. Each repeated attempt is kept for the report.
  const paletteInput = page.locator('.lm-CommandPalette-input').first();
  const fromPalette = async (label, done) => {
    const deadline = Date.now() + PALETTE_MS;
    const left = () => Math.max(1, deadline - Date.now());
    const item = page.locator('.lm-CommandPalette-item', { hasText: label }).first();
    // Settles with 'ok' when `action` succeeds, or 'closed' as soon as the palette is hidden.
    // Whichever loses is left to settle on its own (its outcome no longer matters).
    const whileOpen = (action) => {
      const closed = paletteInput.waitFor({ state: 'hidden', timeout: left() }).then(() => 'closed', () => 'deadline');
      const acted = action().then(() => 'ok', () => 'deadline');
      return Promise.race([acted, closed]);
    };
    for (let attempt = 1; ; attempt += 1) {
      if (await done.now()) return;
      if (Date.now() >= deadline) throw new Error(`the palette never ran "${label}": ${JSON.stringify(results.palette)}`);
      let outcome;
      if (!(await paletteInput.isVisible())) {
        await page.keyboard.press('Control+Shift+C');
        // The shortcut is handled on keydown; a press that a focused element swallowed opens
        // nothing, so the wait for the palette is bounded and the press repeated.
        outcome = await paletteInput.waitFor({ state: 'visible', timeout: Math.min(left(), 15_000) }).then(() => 'ok', () => 'not opened');
      } else {
        outcome = 'ok';
      }
      if (outcome === 'ok') outcome = await whileOpen(() => paletteInput.fill(label));
      if (outcome === 'ok') outcome = await whileOpen(() => item.waitFor({ state: 'visible', timeout: left() }));
      if (outcome === 'ok') outcome = await whileOpen(() => item.click({ timeout: left() }));
      if (outcome === 'ok') {
        // A click on the item runs the command synchronously; its effect is the state `done`.
        outcome = await done.wait(left()).then(() => 'ok', () => 'no effect');
        if (outcome === 'ok') return;
      }
      results.palette.push({
        label,
        attempt,
        outcome,
        palette_visible: await paletteInput.isVisible(),
        focused: await page.evaluate(() => `${document.activeElement?.tagName}#${document.activeElement?.id}.${document.activeElement?.className}`),
      });
    }
  };
  const panel = page.locator('#credprobe-credentials');
  await fromPalette('Credentials: Open Panel', {
    now: () => panel.isVisible(),
    wait: (timeout) => panel.waitFor({ state: 'visible', timeout }),
  });
  step('panel opened from the palette');
  // The panel is ready once the validator is loaded and the settings are applied: exactly the
  // providers of the settings overrides are shown, in their order.
  await page.waitForFunction((wanted) => {
    const shown = [...document.querySelectorAll('#credprobe-credentials details[data-provider]')]
      .filter((d) => !d.hidden)
      .map((d) => d.dataset.provider);
    return JSON.stringify(shown) === JSON.stringify(wanted);
  }, PROVIDERS, { timeout: STEP_MS });
  step('panel ready');

  // Hugging Face: direct to the emulator (endpoint from the settings overrides).
  const hf = panel.locator('details[data-provider="huggingface"]');
  await hf.locator(':scope > summary').click();
  await hf.locator('input[name="hf_token"]').fill(hfToken);
  // Azure: login through the relay, management direct.
  const az = panel.locator('details[data-provider="azure"]');
  await az.locator(':scope > summary').click();
  for (const [name, value] of Object.entries(azure)) await az.locator(`[name="${name}"]`).fill(value);
  // A person leaves the field for the Validate button or the palette: its `change` event fires
  // then, before the check (a later blur would count as an edit of a validated form).
  await page.evaluate(() => document.activeElement?.blur());

  // Validate all: the command's promise resolves when every check has its verdict on its card.
  await execute(COMMANDS.validateAll);
  for (const details of [hf, az]) {
    if ((await details.locator('.result-card[data-status]:not(.pending)').count()) !== 1) {
      throw new Error(`no final result card: ${await details.innerText()}`);
    }
  }
  results.hf_status = await hf.locator('.result-card').getAttribute('data-status');
  results.azure_status = await az.locator('.result-card').getAttribute('data-status');
  results.azure_via_relay = await az.locator('.jp-credprobe-via-relay').count() > 0 ? await az.locator('.jp-credprobe-via-relay').innerText() : '';
  results.hf_via_relay = await hf.locator('.jp-credprobe-via-relay').count();
  results.azure_routes = await az.locator('.evidence tbody tr td:last-child').allTextContents();
  results.hf_routes = await hf.locator('.evidence tbody tr td:last-child').allTextContents();
  results.azure_summary = await az.locator('.result-card .summary').innerText();
  results.hf_summary = await hf.locator('.result-card .summary').innerText();
  step('validated');

  // The status bar is updated in the same turn as the last card.
  results.status_bar = await page.locator('.jp-credprobe-status').innerText({ timeout: STEP_MS });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-light.png') });
  step('light screenshot');

  // Export into the file browser's current folder ("exports", opened by the /lab/tree URL): the
  // command resolves to the path it wrote, after the status line says so.
  results.export_path = await execute(COMMANDS.export);
  results.export_status = await panel.locator('.jp-credprobe-export-status').innerText();
  // The file browser lists it (its model refreshes after the write).
  await execute(COMMANDS.fileBrowser);
  await page.locator('.jp-DirListing-item[title*="clustrix"], .jp-DirListing-item:has-text("clustrix.yml")').first().waitFor({ timeout: STEP_MS });
  results.file_browser_items = await page.locator('.jp-DirListing-itemName, .jp-DirListing-itemText').allInnerTexts();
  step('exported and listed');
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-file-browser.png') });
  await execute(COMMANDS.open);
  await panel.waitFor({ state: 'visible', timeout: STEP_MS });

  // Dark theme, same state. The theme manager sets the body's theme attributes once the dark
  // stylesheet has loaded, hides the shell, and shows it again (and drops its splash) on the next
  // frame: the screenshot waits for all of that.
  await execute(COMMANDS.theme, { theme: 'JupyterLab Dark' });
  await page.waitForFunction(() => document.body.dataset.jpThemeName === 'JupyterLab Dark' && document.body.dataset.jpThemeLight === 'false',
    null, { timeout: STEP_MS });
  await shellSettled(STEP_MS);
  await panel.locator('details[data-provider="huggingface"]').waitFor({ state: 'visible', timeout: STEP_MS });
  results.dark_panel_background = await panel.evaluate((n) => getComputedStyle(n).backgroundColor);
  results.status_bar_at_end = await page.locator('.jp-credprobe-status').innerText();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-dark.png') });
  step('dark screenshot');

  // No secret outside its input: not in the page's text, not in storage, not in the console.
  results.secret_in_text = await page.evaluate((s) => s.filter((x) => document.body.innerText.includes(x)).length, secrets);
  results.secret_in_storage = await page.evaluate((s) => {
    const all = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    return s.filter((x) => all.includes(x)).length;
  }, secrets);
  results.secret_in_console = secrets.filter((s) => results.console.some((line) => line.includes(s))).length;
  results.ok = true;
} catch (error) {
  results.ok = false;
  results.error = String(error?.stack ?? error);
  try {
    await page?.screenshot({ path: path.join(artifacts, 'jupyterlab-failure.png') });
    results.palette_items = (await page?.locator('.lm-CommandPalette-item').allInnerTexts())?.slice(0, 20);
    // Console lines that mention a secret are dropped; the rest explain the failure.
    results.console_errors = results.console.filter((l) => /error|fail|credprobe/i.test(l) && !secrets.some((s) => l.includes(s))).slice(0, 20);
  } catch {}
} finally {
  await browser.close();
}
delete results.console; // may be long; what matters was counted
console.log(JSON.stringify(results));
process.exit(results.ok ? 0 : 1);
