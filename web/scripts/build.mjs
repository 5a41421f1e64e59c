// Builds the static page into web/dist/: the bundled TypeScript (app.js), the wasm module and
// its glue copied beside it, the stylesheet, and index.html with a CSP generated from the
// registry. Run after scripts/build-wasm.sh. CREDPROBE_WASM_DIR overrides where the wasm is.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './csp.mjs';
import { readRegistry } from './registry.mjs';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = process.env.CREDPROBE_WASM_DIR ?? path.resolve(web, '../build/wasm/emscripten');
const dist = path.join(web, 'dist');

// The page imports './credprobe.mjs' at run time, from beside app.js: keep it out of the bundle
// so the glue and the wasm stay separate, cacheable files.
const factoryIsExternal = {
  name: 'credprobe-factory-external',
  setup(b) {
    b.onResolve({ filter: /\/credprobe\.mjs$/ }, () => ({ path: './credprobe.mjs', external: true }));
  },
};

const registry = await readRegistry(wasmDir);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
// Code splitting: what the page loads only on demand (the YAML parser, when a Clustrix file is
// opened) is its own chunk, not part of app.js.
await build({
  // check-worker.js: the worker the page runs its checks in (src/credprobe/worker_checks.ts).
  entryPoints: { app: path.join(web, 'src/page/main.ts'), 'check-worker': path.join(web, 'src/credprobe/check_worker.ts') },
  outdir: dist,
  splitting: true,
  chunkNames: 'chunk-[name]-[hash]',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  plugins: [factoryIsExternal],
  logLevel: 'warning',
});
await copyFile(path.join(wasmDir, 'credprobe.mjs'), path.join(dist, 'credprobe.mjs'));
await copyFile(path.join(wasmDir, 'credprobe.wasm'), path.join(dist, 'credprobe.wasm'));
await copyFile(path.join(web, 'page/style.css'), path.join(dist, 'style.css'));
const template = await readFile(path.join(web, 'page/index.html'), 'utf8');
const csp = contentSecurityPolicy(registry);
await writeFile(path.join(dist, 'index.html'), template.replace('{{CSP}}', csp));
console.log(`web: built ${path.relative(process.cwd(), dist)} for ${registry.providers.length} provider(s); connect-src from ${registry.allowed_hosts.length} host pattern(s)`);
