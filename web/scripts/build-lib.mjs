// Compiles the package's modules into lib/ (tsconfig.lib.json: the wasm wrapper and the shared
// UI, as ES modules with declarations), which the JupyterLab extension imports as
// `credprobe-web/...` through package.json's exports. The emscripten glue's hand-written types
// (src/credprobe/credprobe.d.mts) are copied beside the declarations that import them.
import { execFileSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await rm(path.join(web, 'lib'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(web, 'node_modules/typescript/bin/tsc'), '-p', path.join(web, 'tsconfig.lib.json')], { stdio: 'inherit' });
await copyFile(path.join(web, 'src/credprobe/credprobe.d.mts'), path.join(web, 'lib/credprobe/credprobe.d.mts'));
console.log(`web: built ${path.relative(process.cwd(), path.join(web, 'lib'))}`);
