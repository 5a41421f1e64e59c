// Drives a real JupyterLab (started by tests/test_e2e.py with expose_app_in_browser, so the page
// has `window.jupyterapp`) with playwright-core and Debian's Chromium: open the Credentials panel
// from the command palette (the one step taken the way a person takes it), validate Hugging Face
// (direct, to the emulator) and Azure (its token endpoint through the server relay), read the
// cards, the results summary and the status bar in a 300-pixel sidebar (nothing may overflow it),
// export a Clustrix config into the file browser's folder, take screenshots in the light and
// dark themes, then make Hugging Face's token a wrong one and read the summary again, and import
// a Clustrix configuration with a token in it from the file browser's context menu.
//
// Every other step runs through JupyterLab's own command registry (as Galata does), and every
// wait is on a state of the page or of the app (a command's promise, a DOM node, a dataset
// attribute), never on time; timeouts are deadlines only. The steps it shares with
// readiness.mjs (browser, lab load, commands, panel ready, secret counts) are in lab.mjs.
// Input (env): LAB_URL, LAB_TOKEN, HF_TOKEN, HF_WRONG_TOKEN, HF_IMPORT_TOKEN, AZURE_FIELDS (JSON), ARTIFACTS, RESULT_FILE. Writes
// its results as JSON to RESULT_FILE (lab.mjs finish); exits non-zero on failure.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  consoleErrors, env, execute as executeIn, expandForm, finish, launchBrowser, loadLab, newWatchedPage, PANEL, panelReady,
  providerSection, resultsSummary, secretCounts, shellSettled as shellSettledIn, STEP_MS,
} from './lab.mjs';

const labUrl = env('LAB_URL');
const token = env('LAB_TOKEN');
const hfToken = env('HF_TOKEN');
const hfWrongToken = env('HF_WRONG_TOKEN');
const hfImportToken = env('HF_IMPORT_TOKEN');
const IMPORT_FILE = 'team-profiles.yml';
const azure = JSON.parse(env('AZURE_FIELDS'));
const artifacts = env('ARTIFACTS');
mkdirSync(artifacts, { recursive: true });
const secrets = [hfToken, hfWrongToken, hfImportToken, azure.azure_client_secret, token];
const SIDEBAR_PX = 300;

// The palette step's deadline (lab.mjs has the others); nothing waits for it to pass.
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

const results = { console: [], errors: [], steps: [], palette: [] };
let page;
const step = (name) => results.steps.push(name);
const browser = await launchBrowser();
const execute = (id, args) => executeIn(page, id, args);
const shellSettled = (timeout) => shellSettledIn(page, timeout);

try {
  page = await newWatchedPage(browser, results);
  // The file browser opens at `exports` (the /lab/tree URL), where the export is written. The
  // Launcher that loadLab waits for would otherwise close the palette opened below (the palette
  // step still survives any later focus change by itself).
  await loadLab(page, { labUrl, token, path: 'lab/tree/exports', commands: Object.values(COMMANDS) });
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
  const panel = page.locator(PANEL);
  await fromPalette('Credentials: Open Panel', {
    now: () => panel.isVisible(),
    wait: (timeout) => panel.waitFor({ state: 'visible', timeout }),
  });
  step('panel opened from the palette');
  // The panel is ready once the validator is loaded and the settings applied.
  await panelReady(page, PROVIDERS);
  step('panel ready');

  // The sidebar at 300 pixels, as a person drags its edge: the split handle right of it moves by
  // the difference, and the wait is for the sidebar's width.
  const stack = page.locator('#jp-left-stack');
  const handle = page.locator('#jp-main-split-panel > .lm-SplitPanel-handle').first();
  const handleBox = await handle.boundingBox();
  const stackWidth = (await stack.boundingBox()).width;
  const [hx, hy] = [handleBox.x + handleBox.width / 2, handleBox.y + handleBox.height / 2];
  await page.mouse.move(hx, hy);
  await page.mouse.down();
  await page.mouse.move(hx + SIDEBAR_PX - stackWidth, hy, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction((px) => Math.abs(document.getElementById('jp-left-stack').getBoundingClientRect().width - px) <= 1,
    SIDEBAR_PX, { timeout: STEP_MS });
  step('sidebar at 300 px');

  // Hugging Face: direct to the emulator (endpoint from the settings overrides).
  const hf = providerSection(page, 'huggingface');
  await hf.locator('input[name="hf_token"]').fill(hfToken);
  // Azure: login through the relay, management direct.
  const az = providerSection(page, 'azure');
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
  results.forms_open = await panel.locator('details.form-fold').evaluateAll((ds) => ds.map((d) => d.open));
  step('validated');

  // The status bar is updated in the same turn as the last card, with the summary's count.
  results.status_bar = await page.locator('.jp-credprobe-status').innerText({ timeout: STEP_MS });
  results.summary = await resultsSummary(page);
  // Nothing wider than the 300-pixel sidebar: every box the panel shows ends inside it.
  results.sidebar = await panel.evaluate((node) => {
    const edge = node.getBoundingClientRect().right;
    const over = [...node.querySelectorAll('*')].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > edge + 0.5;
    });
    return {
      width: Math.round(document.getElementById('jp-left-stack').getBoundingClientRect().width),
      scroll_overflow: node.scrollWidth - node.clientWidth,
      overflowing: over.slice(0, 10).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`),
    };
  });
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-sidebar-300.png') });
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
  await providerSection(page, 'huggingface').waitFor({ state: 'visible', timeout: STEP_MS });
  results.dark_panel_background = await panel.evaluate((n) => getComputedStyle(n).backgroundColor);
  results.status_bar_at_end = await page.locator('.jp-credprobe-status').innerText();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-dark.png') });
  step('dark screenshot');

  // A wrong Hugging Face token: its row says invalid, Azure's still valid, the status bar the same count.
  await expandForm(page, 'huggingface');
  await hf.locator('input[name="hf_token"]').fill(hfWrongToken);
  await hf.locator('button.validate').click();
  await hf.locator('.result-card[data-status]:not(.pending)').waitFor({ timeout: STEP_MS });
  results.summary_one_invalid = await resultsSummary(page);
  results.status_bar_one_invalid = await page.locator('.jp-credprobe-status').innerText();
  step('one invalid');

  // ---- Import a Clustrix configuration the way a person does: in the file browser, right-click
  // exports/team-profiles.yml (written by test_e2e.py, a Hugging Face token in it and a Slurm
  // profile), "Check credentials with credprobe". The panel fills from the file (read through the
  // contents API); nothing is sent until Validate.
  await execute(COMMANDS.fileBrowser);
  const configItem = page.locator('.jp-DirListing-item', { hasText: IMPORT_FILE }).first();
  await configItem.waitFor({ timeout: STEP_MS });
  await configItem.click({ button: 'right' });
  const importItem = page.locator('.lm-Menu-item', { hasText: 'Check credentials with credprobe' });
  await importItem.waitFor({ timeout: STEP_MS });
  await importItem.click();
  await panel.waitFor({ state: 'visible', timeout: STEP_MS });
  // The panel lists what was filled, profile by profile; the notification its first line.
  const importStatus = panel.locator('.jp-credprobe-import-status');
  await importStatus.locator('li').first().waitFor({ timeout: STEP_MS });
  results.import_notice = await importStatus.innerText();
  results.import_toast = await page.locator('.Toastify__toast', { hasText: 'filled in' }).first().innerText({ timeout: STEP_MS });
  // The import is a real change of the token field: the invalid card is gone, nothing was sent.
  results.import_cards_before_validate = await hf.locator('.result-card[data-status]').count();
  await expandForm(page, 'huggingface');
  results.import_token_filled = (await hf.locator('input[name="hf_token"]').inputValue()) === hfImportToken;
  await hf.locator('button.validate').click();
  await hf.locator('.result-card[data-status]:not(.pending)').waitFor({ timeout: STEP_MS });
  results.import_hf_status = await hf.locator('.result-card').getAttribute('data-status');
  results.import_hf_summary = await hf.locator('.result-card .summary').innerText();
  results.summary_after_import = await resultsSummary(page);
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-import.png') });
  step('imported from the file browser');

  // No secret outside its input: not in the page's text, not in storage, not in the console.
  Object.assign(results, await secretCounts(page, secrets, results.console));
  results.ok = true;
} catch (error) {
  results.ok = false;
  results.error = String(error?.stack ?? error);
  try {
    await page?.screenshot({ path: path.join(artifacts, 'jupyterlab-failure.png') });
    results.palette_items = (await page?.locator('.lm-CommandPalette-item').allInnerTexts())?.slice(0, 20);
    results.console_errors = consoleErrors(results.console, secrets);
  } catch {}
} finally {
  await browser.close();
}
delete results.console; // may be long; what matters was counted
delete results.errors; // uncaught page errors: not asserted here (readiness.mjs reports them)
finish(results);
