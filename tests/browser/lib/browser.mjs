// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser
// here), with a fresh profile per launch so no state leaks between runs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CREDPROBE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

function playwright() {
  const web = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../web');
  return require(require.resolve('playwright-core', { paths: [web] }));
}

export async function launchBrowser({ colorScheme = 'light' } = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'credprobe-chromium-'));
  const context = await playwright().chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    colorScheme,
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
