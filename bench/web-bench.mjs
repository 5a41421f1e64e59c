// Measures the browser build; writes its figures as JSON for write-doc.mjs (bash bench/run.sh
// runs both; bench/README.md says what to build first):
//  - payload: raw and gzip -9 sizes of what web/dist serves;
//  - cold start in Chromium: the wasm until providers() answers, and the whole page until ready;
//  - engine CPU per check: the wasm API called from the page, BENCH_CHECKS checks per provider
//    in one page.evaluate, main-thread busy time read by bench/busy-meter.js (performance.now()
//    in the page, no DevTools domain enabled), beside the renderer process's CPU time from
//    /proc (all its threads, everything Chromium does for the page);
//  - UI main-thread time per check: the real page driven with tests/browser/lib/page.mjs, the
//    Validate button clicked inside the page, busy time from the click until the frame showing
//    the new result card has been rendered (the meter again: network waits are idle, not busy).
//    The page runs its checks in its worker (body[data-checks]), so this is the drawing alone;
//    the renderer's CPU over the same checks (all threads: worker, compositor, network) beside it.
//    Then AWS and Hugging Face again in pages without Worker (checks on the main thread), to compare.
// Environment: CREDPROBE_EMULATOR_BIN, CREDPROBE_BIN (its relay carries the checks of providers
// that refuse browsers), CREDPROBE_WEB_DIST (default web/dist), BENCH_OUT (default
// build/bench/web.json), BENCH_RUNS, BENCH_CHECKS, BENCH_UI_PAGES, BENCH_UI_CHECKS, and, to
// iterate on one part, BENCH_PROVIDERS (comma-separated ids; default every covered provider).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readRegistry } from '../web/scripts/registry.mjs';
import { startStaticServer } from '../web/scripts/serve.mjs';
import { launchBrowser, CHROMIUM } from '../tests/browser/lib/browser.mjs';
import { startEmulator } from '../tests/browser/lib/emulator.mjs';
import { fillFields, openPage, section, selectProvider, setEndpoints, setSettings } from '../tests/browser/lib/page.mjs';
import { startCredprobeRelay } from '../tests/browser/lib/servers.mjs';
import { PROVIDER_CASES } from '../tests/browser/cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.resolve(process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist'));
const out = path.resolve(process.env.BENCH_OUT ?? path.join(root, 'build/bench/web.json'));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 100);
const UI_PAGES = Number(process.env.BENCH_UI_PAGES ?? 3);
const UI_CHECKS = Number(process.env.BENCH_UI_CHECKS ?? 10);
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);

async function payload() {
  const rows = [];
  for (const name of (await readdir(dist)).filter((n) => !n.endsWith('.json')).sort()) {
    const bytes = await readFile(path.join(dist, name));
    rows.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
}

async function coldStart(context, url) {
  const moduleMs = [];
  const pageMs = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    await page.goto(`${url}no-such-page`); // same origin, no CSP, nothing loaded
    moduleMs.push(await page.evaluate(async (n) => {
      const t0 = performance.now();
      const { default: create } = await import(`./credprobe.mjs?run=${n}`);
      const m = await create({ print() {}, printErr() {}, locateFile: (f) => `${f}?run=${n}` });
      const p = m._credprobe_providers();
      m.UTF8ToString(p);
      m._credprobe_free(p);
      return performance.now() - t0;
    }, i));
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    pageMs.push(await page.evaluate(() => performance.getEntriesByName('credprobe-ready')[0].startTime));
    await page.close();
  }
  return { module_ms: median(moduleMs), page_ms: median(pageMs), runs: RUNS };
}

// CPU time (user + system, ms) of every Chromium renderer this process started, from /proc.
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
function rendererCpuMs() {
  const parent = new Map();
  const ticks = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
      parent.set(pid, f[1]);
      ticks.set(pid, Number(f[11]) + Number(f[12])); // utime, stime
    } catch { /* exited meanwhile */ }
  }
  const ours = (pid) => {
    for (let p = pid; p && p !== '0'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) {
    if (!ours(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) sum += t;
    } catch { /* exited meanwhile */ }
  }
  return sum * TICK_MS;
}

function endpointsFor(spec, emulator) {
  return Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url]));
}

async function engineCpu(context, url, providers, emulator, relay, data) {
  const page = await context.newPage();
  await page.goto(`${url}no-such-page`);
  await page.evaluate(async () => {
    const { default: create } = await import('./credprobe.mjs');
    const m = await create({ print() {}, printErr() {} });
    const waiting = new Map();
    m.credprobeOnDone = (id, json) => waiting.get(id)?.(JSON.parse(json));
    let next = 1;
    const str = (s) => {
      const size = m.lengthBytesUTF8(s) + 1;
      const ptr = m._malloc(size);
      m.stringToUTF8(s, ptr, size);
      return ptr;
    };
    globalThis.benchCheck = (provider, fields, options) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      const args = [provider, JSON.stringify(fields), JSON.stringify(options)].map(str);
      globalThis.__busyMeter.run(() => m._credprobe_check_start(id, ...args));
      args.forEach((p) => m._free(p));
    });
    globalThis.benchChecks = async (provider, fields, options, n) => {
      const meter = globalThis.__busyMeter;
      await meter.settle();
      meter.begin();
      const t0 = meter.now();
      const inside0 = meter.inside();
      let last;
      for (let i = 0; i < n; i++) last = await globalThis.benchCheck(provider, fields, options);
      const t1 = meter.now();
      const inside = (meter.inside() - inside0) / n;
      await meter.settle();
      return { busy: meter.busy(t0, t1) / n, inside, wall: (t1 - t0) / n, status: last.status, requests: last.evidence.length };
    };
  });
  const idle = await page.evaluate(async () => {
    const meter = globalThis.__busyMeter;
    await meter.settle();
    const t0 = meter.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const t1 = meter.now();
    await meter.settle();
    return meter.busy(t0, t1);
  });
  const results = [];
  for (const spec of providers) {
    const options = { endpoints: endpointsFor(spec, emulator), relay: relay.url, timeout_seconds: 10 };
    const args = [spec.id, data[spec.id].valid, options];
    await page.evaluate(([p, f, o]) => globalThis.benchChecks(p, f, o, 3), args); // warm-up
    const cpu0 = rendererCpuMs();
    const r = await page.evaluate(([p, f, o, n]) => globalThis.benchChecks(p, f, o, n), [...args, CHECKS]);
    const renderer = (rendererCpuMs() - cpu0) / CHECKS;
    results.push({ id: spec.id, status: r.status, requests: r.requests, engine_ms: r.inside, busy_ms: r.busy, wall_ms: r.wall, renderer_cpu_ms: renderer });
  }
  await page.close();
  return { checks: CHECKS, idle_busy_ms: idle, providers: results };
}

// One click on the provider's Validate button, inside the page: busy time and wall time from
// the click until the frame after the new result card appeared has been rendered.
async function clickAndMeasure(page, provider, button) {
  return page.evaluate(async ([b, sel]) => {
    const meter = globalThis.__busyMeter;
    const root = document.querySelector(sel);
    let cleared = false; // the previous result (if any) has gone or turned pending
    const done = () => {
      const card = root.querySelector('.result-card:not(.pending)');
      if (!card || root.querySelector('.result-card.pending')) cleared = true;
      return cleared && Boolean(card);
    };
    await meter.settle();
    const painted = meter.paintedWhen(root, done);
    meter.begin();
    const t0 = meter.now();
    b.click();
    const t1 = await painted;
    await meter.settle();
    return { busy: meter.busy(t0, t1), wall: t1 - t0, status: root.querySelector('.result-card:not(.pending)').dataset.status };
  }, [await button.elementHandle(), `#${await section(page, provider).getAttribute('id')}`]);
}

async function uiPerCheck(context, url, providers, emulator, relay, data, { withoutWorkers = false } = {}) {
  const results = [];
  for (const spec of providers) {
    const cold = [];
    const warm = [];
    const statuses = new Set();
    const where = new Set();
    let repeatable = true;
    let warmCpu = 0; // the renderer's CPU over the repeated checks, all its threads
    for (let n = 0; n < UI_PAGES; n++) {
      const { page } = await openPage(context, url, { withoutWorkers });
      where.add(await page.locator('body').getAttribute('data-checks'));
      await selectProvider(page, spec.id);
      await setSettings(page, { relay: relay.url, timeout: 10 });
      await setEndpoints(page, spec.id, endpointsFor(spec, emulator));
      await fillFields(page, spec.id, data[spec.id].valid);
      const button = section(page, spec.id).getByRole('button', { name: /^Validate / });
      for (let i = 0; i <= UI_CHECKS; i++) {
        if (i > 0 && !(await button.isVisible())) {
          repeatable = false;
          break;
        }
        const cpu0 = rendererCpuMs();
        const r = await clickAndMeasure(page, spec.id, button);
        if (i > 0) warmCpu += rendererCpuMs() - cpu0;
        statuses.add(r.status);
        (i === 0 ? cold : warm).push(r);
      }
      await page.close();
    }
    const pick = (rs, key) => median(rs.map((r) => r[key]));
    results.push({
      id: spec.id,
      status: [...statuses].join(', '),
      cold_busy_ms: pick(cold, 'busy'), cold_wall_ms: pick(cold, 'wall'), cold_n: cold.length,
      warm_busy_ms: pick(warm, 'busy'), warm_wall_ms: pick(warm, 'wall'), warm_n: warm.length,
      warm_renderer_cpu_ms: warm.length ? warmCpu / warm.length : null,
      checks_in: [...where].join(', '),
      repeatable,
    });
  }
  return { pages: UI_PAGES, checks_per_page: UI_CHECKS, providers: results };
}

const registry = await readRegistry(dist);
const only = process.env.BENCH_PROVIDERS?.split(',').filter(Boolean);
const covered = registry.providers.filter((p) => PROVIDER_CASES[p.id] && (!only?.length || only.includes(p.id)));
const data = Object.fromEntries(covered.map((p) => [p.id, PROVIDER_CASES[p.id]()]));
// The bench repeats checks with one key: Lambda's per-key rate limit would answer 429.
if (data.lambda) data.lambda.fixture.rate_limit = false;
const emulator = await startEmulator(Object.fromEntries(covered.map((p) => [p.id, data[p.id].fixture])));
const web = await startStaticServer({ dir: dist });
const relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url] });
const browser = await launchBrowser();
try {
  const load = [os.loadavg()[0]];
  const sizes = await payload();
  const start = await coldStart(browser.context, web.url);
  await browser.context.addInitScript({ content: await readFile(path.join(here, 'busy-meter.js'), 'utf8') });
  const engine = await engineCpu(browser.context, web.url, covered, emulator, relay, data);
  const ui = await uiPerCheck(browser.context, web.url, covered, emulator, relay, data);
  // The same clicks in a page without Worker, which runs its checks on the main thread: what
  // the worker saves, for the two providers issue 18's target names.
  const inPage = covered.filter((p) => ['aws', 'huggingface'].includes(p.id));
  const uiInPage = await uiPerCheck(browser.context, web.url, inPage, emulator, relay, data, { withoutWorkers: true });
  load.push(os.loadavg()[0]);
  const probe = await browser.context.newPage();
  const userAgent = await probe.evaluate(() => navigator.userAgent);
  await probe.close();
  const result = {
    chromium: CHROMIUM,
    chromium_version: /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? userAgent,
    node: process.version,
    load_average: load,
    registry: registry.providers.map((p) => p.id),
    payload: sizes,
    cold_start: start,
    engine,
    ui,
    ui_in_page: uiInPage,
  };
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`web-bench: wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
  web.server.close();
  await relay.stop();
  await emulator.stop();
}
