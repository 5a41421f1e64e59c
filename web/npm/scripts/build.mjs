// Builds the npm package `credprobe` into web/npm/dist/ (run by `npm pack` as prepack):
//  - the wrapper's TypeScript in web/src/credprobe compiled to ES modules with .d.ts types
//    (web/npm/tsconfig.json: the page's strict settings, emitting), by the TypeScript in
//    web/node_modules (scripts/setup.sh installs it). Only index.ts and what it imports: the
//    page's check worker (check_worker.ts, worker_checks.ts) lives beside them but is the page's,
//    loaded by URL from its own build, and is no part of the package's API;
//  - the emscripten build (credprobe.mjs + credprobe.wasm, from scripts/build-wasm.sh; set
//    CREDPROBE_WASM_DIR to use another) and the factory's hand-written types (credprobe.d.mts)
//    copied beside them, so load.js finds the glue at './credprobe.mjs' and the wasm at
//    new URL('./credprobe.wasm', import.meta.url), the form bundlers emit as an asset.
import { execFileSync } from 'node:child_process';
import { access, copyFile, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.resolve(here, '..');
const wasmDir = process.env.CREDPROBE_WASM_DIR ?? path.resolve(web, '../build/wasm/emscripten');
const dist = path.join(here, 'dist');

for (const file of ['credprobe.mjs', 'credprobe.wasm']) {
  try {
    await access(path.join(wasmDir, file));
  } catch {
    console.error(`npm package: no ${file} in ${wasmDir}: run bash scripts/build-wasm.sh first`);
    process.exit(1);
  }
}

// TypeScript's package exports no bin path: find its directory, then the "bin" it declares.
const tsPackage = createRequire(path.join(web, 'package.json')).resolve('typescript/package.json');
const tsc = path.join(path.dirname(tsPackage), JSON.parse(await readFile(tsPackage, 'utf8')).bin.tsc);
await rm(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' });
await copyFile(path.join(web, 'src/credprobe/credprobe.d.mts'), path.join(dist, 'credprobe.d.mts'));
for (const file of ['credprobe.mjs', 'credprobe.wasm']) await copyFile(path.join(wasmDir, file), path.join(dist, file));
console.log(`npm package: built ${path.relative(process.cwd(), dist) || '.'}: ${(await readdir(dist)).sort().join(' ')}`);
