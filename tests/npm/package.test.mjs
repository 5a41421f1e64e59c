// The npm package as a web developer gets it: `npm pack` in web/npm, the tarball installed into a
// fresh project (offline: the package has no dependencies), the one-page app in tests/npm/app
// type-checked against the package's .d.ts and bundled with esbuild (the repo's, web/node_modules),
// the wasm copied beside the bundle as the package README says for esbuild, served on loopback
// and opened in Chromium, where it lints a token and checks tokens against the emulator.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';
import { startEmulator } from '../browser/lib/emulator.mjs';
import { PROVIDER_CASES } from '../browser/cases.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packageDir = path.join(root, 'web/npm');
const webRequire = createRequire(path.join(root, 'web/package.json'));
const cli = process.env.CREDPROBE_BIN;
const hf = PROVIDER_CASES.huggingface();
const started = Date.now();

let work, tarball, project, emulator, site, browser, page;
const pageErrors = [];
const served = [];

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'credprobe-npm-'));
  // npm's own cache in the temporary directory: nothing shared, and --offline proves the install
  // needs no registry.
  const npmEnv = { ...process.env, npm_config_cache: path.join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
  await run('npm', ['pack', '--pack-destination', work, '--loglevel', 'error'], { cwd: packageDir, env: npmEnv });
  tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
  project = path.join(work, 'project');
  await cp(path.join(root, 'tests/npm/app'), project, { recursive: true });
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'npm-test-app', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error', path.join(work, tarball)], { cwd: project, env: npmEnv });
  emulator = await startEmulator({ huggingface: hf.fixture });
});

after(async () => {
  await browser?.close();
  await Promise.all([site?.server.close(), emulator?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
  console.log(`npm package test: ${((Date.now() - started) / 1000).toFixed(1)} s (pack, install, bundle, browser)`);
});

test('npm pack gives credprobe-VERSION.tgz holding the ES modules, their types, the glue and the wasm', async () => {
  const { stdout: version } = await run(cli, ['--version']);
  const expected = `credprobe-${version.trim().replace(/^credprobe /, '')}.tgz`;
  assert.equal(tarball, expected, 'the package version is the project version (CMakeLists.txt project())');
  const { stdout } = await run('tar', ['-tzf', path.join(work, tarball)]);
  assert.deepEqual(stdout.trim().split('\n').sort(), [
    'package/README.md',
    'package/dist/client.d.ts', 'package/dist/client.js',
    'package/dist/credprobe.d.mts', 'package/dist/credprobe.mjs', 'package/dist/credprobe.wasm',
    'package/dist/index.d.ts', 'package/dist/index.js',
    'package/dist/load.d.ts', 'package/dist/load.js',
    'package/dist/types.d.ts', 'package/dist/types.js',
    'package/package.json',
  ]);
});

test('the installed package is public, an ES module, typed, and names its wasm by URL', async () => {
  const installed = path.join(project, 'node_modules/credprobe');
  const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'credprobe');
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.type, 'module');
  assert.deepEqual(manifest.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' });
  const load = await readFile(path.join(installed, 'dist/load.js'), 'utf8');
  assert.ok(load.includes("new URL('./credprobe.wasm', import.meta.url)"), 'the form bundlers emit as an asset');
  const app = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(app.dependencies), ['credprobe']);
});

test('the app type-checks against the package types and bundles with esbuild', async () => {
  const tsPackage = webRequire.resolve('typescript/package.json');
  const tsc = path.join(path.dirname(tsPackage), JSON.parse(await readFile(tsPackage, 'utf8')).bin.tsc);
  await run(process.execPath, [tsc, '-p', path.join(project, 'tsconfig.json')]);
  const { build } = webRequire('esbuild');
  const out = path.join(project, 'site');
  await build({
    entryPoints: [path.join(project, 'app.ts')],
    outfile: path.join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    absWorkingDir: project,
    logLevel: 'error',
  });
  await copyFile(path.join(project, 'index.html'), path.join(out, 'index.html'));
  // esbuild leaves new URL('./credprobe.wasm', import.meta.url) as it is: the file goes beside the bundle.
  await copyFile(path.join(project, 'node_modules/credprobe/dist/credprobe.wasm'), path.join(out, 'credprobe.wasm'));
  assert.deepEqual((await readdir(out)).sort(), ['app.js', 'credprobe.wasm', 'index.html']);
  site = await startStaticServer({ dir: out, idleExitSeconds: 120, log: (line) => served.push(line) });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${site.url}?hub=${encodeURIComponent(emulator.url)}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  assert.deepEqual(served, ['GET /', 'GET /app.js', 'GET /credprobe.wasm']);
});

test('lint in the page gives what `credprobe lint --json` gives', async () => {
  const { stdout } = await run(cli, ['lint', 'huggingface', '--field', 'hf_token=hf_short', '--json']).catch((e) => e);
  await page.getByLabel('Hugging Face token').fill('hf_short');
  const text = await page.locator('#lint').textContent();
  assert.deepEqual(JSON.parse(text), JSON.parse(stdout));
  assert.equal(JSON.parse(text).ok, false);
});

async function check(token) {
  await page.getByLabel('Hugging Face token').fill(token);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.waitForFunction(() => document.querySelector('#verdict').textContent !== '');
  const verdict = JSON.parse(await page.locator('#verdict').textContent());
  for (const e of verdict.evidence) delete e.latency_ms;
  return verdict;
}

test('a valid token checked from the page against the emulator: valid, with its user', async () => {
  const verdict = await check(hf.valid.hf_token);
  assert.equal(verdict.status, 'valid');
  assert.equal(verdict.provider, 'huggingface');
  assert.equal(verdict.identity.user, 'browser-user');
  const host = new URL(emulator.url).host;
  assert.deepEqual(verdict.evidence, [{ method: 'GET', host, path: '/api/whoami-v2', http_status: 200, via_relay: false }]);
  assert.ok(!JSON.stringify(verdict).includes(hf.valid.hf_token), 'the verdict never holds the token');
});

test('a revoked token: invalid, on the hub\'s 401', async () => {
  const revoked = hf.cases.find((c) => c.name === 'revoked token').fields.hf_token;
  const verdict = await check(revoked);
  assert.equal(verdict.status, 'invalid');
  assert.deepEqual(verdict.evidence.map((e) => [e.path, e.http_status]), [['/api/whoami-v2', 401]]);
  assert.deepEqual(pageErrors, []);
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  for (const secret of hf.secrets) assert.ok(!dom.includes(secret), 'no token in the DOM outside its input');
});
