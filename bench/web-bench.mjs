// Measures the browser build and writes docs/performance.md:
//  - payload: raw and gzip -9 (zlib level 9) sizes of the wasm, its glue, the page's script,
//    HTML and CSS, as served from web/dist;
//  - cold start in Chromium: fetch + compile + instantiate until providers() answers (fresh page,
//    no HTTP cache), and the whole page until its form is ready;
//  - CPU time per check: main-thread task time (Chrome's Performance.getMetrics TaskDuration)
//    spent per check against the emulator, for every provider the browser tests cover.
// Run after scripts/build-wasm.sh and node web/scripts/build.mjs:
//   CREDPROBE_EMULATOR_BIN=build/<preset>/tests/credprobe-emulator CREDPROBE_BIN=build/<preset>/credprobe \
//     node bench/web-bench.mjs
// (CREDPROBE_BIN: the product's `credprobe relay` carries the checks of providers that refuse browsers.)
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readRegistry } from '../web/scripts/registry.mjs';
import { startStaticServer } from '../web/scripts/serve.mjs';
import { launchBrowser, CHROMIUM } from '../tests/browser/lib/browser.mjs';
import { startEmulator } from '../tests/browser/lib/emulator.mjs';
import { startCredprobeRelay } from '../tests/browser/lib/servers.mjs';
import { PROVIDER_CASES } from '../tests/browser/cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web/dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 20);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

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
  return { module: median(moduleMs), page: median(pageMs) };
}

async function cpuPerCheck(context, url, registry, emulator, relay, data) {
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
      m._credprobe_check_start(id, ...args);
      args.forEach((p) => m._free(p));
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'TaskDuration').value;
  const results = [];
  for (const spec of registry.providers.filter((p) => data[p.id])) {
    const options = { endpoints: Object.fromEntries(spec.endpoints.map((e) => [e.name, emulator.url])), relay: relay.url, timeout_seconds: 10 };
    const first = await page.evaluate(([p, f, o]) => globalThis.benchCheck(p, f, o), [spec.id, data[spec.id].valid, options]);
    const before = await taskSeconds();
    const t0 = Date.now();
    for (let i = 0; i < CHECKS; i++) {
      await page.evaluate(([p, f, o]) => globalThis.benchCheck(p, f, o), [spec.id, data[spec.id].valid, options]);
    }
    const wall = (Date.now() - t0) / CHECKS;
    const cpu = ((await taskSeconds()) - before) * 1000 / CHECKS;
    results.push({ id: spec.id, status: first.status, requests: first.evidence.length, cpu, wall });
  }
  await page.close();
  return results;
}

const registry = await readRegistry(dist);
const covered = registry.providers.map((p) => p.id).filter((id) => PROVIDER_CASES[id]);
const data = Object.fromEntries(covered.map((id) => [id, PROVIDER_CASES[id]()]));
for (const id of covered) if (data[id].fixture.rate_limit === undefined && id === 'lambda') data[id].fixture.rate_limit = false;
const emulator = await startEmulator(Object.fromEntries(covered.map((id) => [id, data[id].fixture])));
const web = await startStaticServer({ dir: dist });
const relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url] });
const browser = await launchBrowser();
try {
  const sizes = await payload();
  const start = await coldStart(browser.context, web.url);
  const checks = await cpuPerCheck(browser.context, web.url, registry, emulator, relay, data);
  const version = browser.context.browser()?.version() ?? (await browser.context.newPage().then(async (p) => { const v = await p.evaluate(() => navigator.userAgent); await p.close(); return v; }));
  const total = sizes.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const wasm = sizes.find((r) => r.name === 'credprobe.wasm');
  const glue = sizes.find((r) => r.name === 'credprobe.mjs');
  const md = `# Performance of the browser build

Measured by \`node bench/web-bench.mjs\` (run after \`bash scripts/build-wasm.sh\` and
\`node web/scripts/build.mjs\`, with \`CREDPROBE_EMULATOR_BIN\` pointing at the emulator and \`CREDPROBE_BIN\` at credprobe), on the
project's machine (2 cores), headless Chromium (${CHROMIUM}, ${version}). Not asserted in tests.
Registry: ${registry.providers.length} providers (${registry.providers.map((p) => p.id).join(', ')}).

## Payload (web/dist, as served)

| file | raw | gzip -9 |
| --- | ---: | ---: |
${sizes.map((r) => `| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} |`).join('\n')}
| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** |

The validator itself (wasm + glue) is ${kb(wasm.gzip + glue.gzip)} gzipped. For scale: the AWS
SDK for JavaScript's STS client alone bundles to about 51 KB gzipped; credprobe, with five
providers, is not smaller yet. The wasm was 103.5 KB at the first measurement of this script;
since then the core's own JSON reader/writer
(src/credprobe/json.hpp) in place of nlohmann_json gave 12.2 KB, and removing printf, strtod
and std::stoi from the core (musl's printf brings floating-point formatting and 128-bit
soft-float with it) about 10 KB more. What remains, by a \`--profiling-funcs\` link
(emscripten's tools/find_bigfuncs.py): the probes' response handlers and lint functions with
the libc++ string, vector and map code inlined into them, the registry's texts (which the
page shows), and emmalloc. The wasm build uses -Oz, LTO and emmalloc (about 7 KB gzipped less
than without). Next steps, in order of size: fewer std::map instantiations in the core (Fields
and option maps), and keeping the registry's documentation-only texts (the outcome tables of
docs/providers) out of the wasm.

## Cold start in Chromium (median of ${RUNS}, no HTTP cache)

| what | time |
| --- | ---: |
| fetch + compile + instantiate the wasm until \`providers()\` answers | ${start.module.toFixed(0)} ms |
| whole page, navigation start until the forms are ready | ${start.page.toFixed(0)} ms |

## CPU time per check (inside the page, against the loopback emulator)

Main-thread task time per check (Chrome's \`TaskDuration\`), averaged over ${CHECKS} sequential
checks after one warm-up; wall time includes the emulator's answer (and the relay where the
provider refuses browsers).

| provider | verdict | requests | CPU per check | wall per check |
| --- | --- | ---: | ---: | ---: |
${checks.map((c) => `| ${c.id} | ${c.status} | ${c.requests} | ${c.cpu.toFixed(1)} ms | ${c.wall.toFixed(0)} ms |`).join('\n')}
`;
  await writeFile(path.join(root, 'docs/performance.md'), md);
  console.log(md);
} finally {
  await browser.close();
  web.server.close();
  await relay.stop();
  await emulator.stop();
}
