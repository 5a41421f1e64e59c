// Drives a real JupyterLab (started by tests/test_e2e.py) with playwright-core and Debian's
// Chromium: open the Credentials panel from the command palette, validate Hugging Face
// (direct, to the emulator) and Azure (its token endpoint through the server relay), read the
// cards and the status bar, export a Clustrix config into the file browser's folder, and take
// screenshots in the light and dark themes. Input (env): LAB_URL, LAB_TOKEN, HF_TOKEN,
// AZURE_FIELDS (JSON), ARTIFACTS. Prints one JSON line of results; exits non-zero on failure.
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

const results = { console: [], steps: [] };
let page;
const step = (name) => results.steps.push(name);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on('console', (m) => results.console.push(m.text()));
  // The token goes in the URL once, as `jupyter lab` prints it; the server turns it into the
  // login cookie and the page never sees it again.
  await page.goto(`${labUrl}lab/tree/exports?token=${token}`);
  await page.waitForSelector('#jp-main-dock-panel', { timeout: 120_000 });
  await page.waitForSelector('.jp-LabShell[data-shell-mode], #jp-top-panel', { timeout: 60_000 });
  step('lab loaded');

  // Commands run from the palette, as a person would: Ctrl+Shift+C, type, click the item. The
  // shortcut is live only once JupyterLab has started, so a press that opens nothing is
  // repeated; and the modal palette closes itself whenever focus leaves it (a late focus change
  // in the shell on a fast machine), so a palette that vanished before its item could be
  // clicked is opened again. What each failed attempt saw is kept for the failure report.
  const paletteInput = page.locator('.lm-CommandPalette-input').first();
  results.palette = [];
  const openPalette = async () => {
    for (let attempt = 0; ; attempt += 1) {
      if (await paletteInput.isVisible()) return;
      await page.keyboard.press('Control+Shift+C');
      try {
        await paletteInput.waitFor({ state: 'visible', timeout: 3000 });
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
      }
    }
  };
  const fromPalette = async (label) => {
    const item = page.locator('.lm-CommandPalette-item', { hasText: label }).first();
    for (let attempt = 1; ; attempt += 1) {
      await openPalette();
      await paletteInput.fill(label);
      try {
        await item.click({ timeout: 10_000 });
        return;
      } catch (error) {
        results.palette.push({
          label,
          attempt,
          palette_visible: await paletteInput.isVisible(),
          query: await paletteInput.inputValue().catch(() => null),
          items: (await page.locator('.lm-CommandPalette-item').allInnerTexts()).slice(0, 10),
          focused: await page.evaluate(() => `${document.activeElement?.tagName}#${document.activeElement?.id}.${document.activeElement?.className}`),
        });
        if (attempt >= 3) throw error;
      }
    }
  };
  await fromPalette('Credentials: Open Panel');
  const panel = page.locator('#credprobe-credentials');
  await panel.waitFor({ state: 'visible', timeout: 20_000 });
  await panel.locator('details[data-provider="huggingface"]').waitFor({ timeout: 60_000 });
  step('panel opened from the palette');

  // Hugging Face: direct to the emulator (endpoint from the settings overrides).
  const hf = panel.locator('details[data-provider="huggingface"]');
  await hf.locator(':scope > summary').click();
  await hf.locator('input[name="hf_token"]').fill(hfToken);
  // Azure: login through the relay, management direct.
  const az = panel.locator('details[data-provider="azure"]');
  await az.locator(':scope > summary').click();
  for (const [name, value] of Object.entries(azure)) await az.locator(`[name="${name}"]`).fill(value);

  // Validate all from the palette.
  await fromPalette('Credentials: Validate All');
  await hf.locator('.result-card[data-status]:not(.pending)').waitFor({ timeout: 60_000 });
  await az.locator('.result-card[data-status]:not(.pending)').waitFor({ timeout: 60_000 });
  results.hf_status = await hf.locator('.result-card').getAttribute('data-status');
  results.azure_status = await az.locator('.result-card').getAttribute('data-status');
  results.azure_via_relay = await az.locator('.jp-credprobe-via-relay').count() > 0 ? await az.locator('.jp-credprobe-via-relay').innerText() : '';
  results.hf_via_relay = await hf.locator('.jp-credprobe-via-relay').count();
  results.azure_routes = await az.locator('.evidence tbody tr td:last-child').allTextContents();
  results.hf_routes = await hf.locator('.evidence tbody tr td:last-child').allTextContents();
  results.azure_summary = await az.locator('.result-card .summary').innerText();
  results.hf_summary = await hf.locator('.result-card .summary').innerText();
  step('validated');

  const status = page.locator('.jp-credprobe-status');
  await status.waitFor({ timeout: 10_000 });
  results.status_bar = await status.innerText();
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-light.png') });
  step('light screenshot');

  // Export into the file browser's current folder ("exports", opened by the /lab/tree URL).
  await fromPalette('Credentials: Export Config');
  const exportStatus = panel.locator('.jp-credprobe-export-status');
  await exportStatus.filter({ hasText: 'Wrote' }).waitFor({ timeout: 20_000 });
  results.export_status = await exportStatus.innerText();
  // The file browser lists it.
  await page.locator('.lm-TabBar-tab[data-id="filebrowser"]').first().click();
  await page.locator('.jp-DirListing-item[title*="clustrix"], .jp-DirListing-item:has-text("clustrix.yml")').first().waitFor({ timeout: 20_000 });
  results.file_browser_items = await page.locator('.jp-DirListing-itemName, .jp-DirListing-itemText').allInnerTexts();
  step('exported and listed');
  await page.screenshot({ path: path.join(artifacts, 'jupyterlab-file-browser.png') });
  await fromPalette('Credentials: Open Panel');
  await panel.waitFor({ state: 'visible' });

  // Dark theme, same state.
  await fromPalette('Use Theme: JupyterLab Dark');
  await page.waitForFunction(() => document.body.dataset.jpThemeLight === 'false', null, { timeout: 30_000 });
  await panel.locator('details[data-provider="huggingface"]').waitFor();
  await page.waitForTimeout(500);
  results.dark_panel_background = await panel.evaluate((n) => getComputedStyle(n).backgroundColor);
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
