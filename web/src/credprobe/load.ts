// Instantiates the wasm module. The .wasm is named by new URL('./credprobe.wasm',
// import.meta.url), the form bundlers (webpack 5, Vite, Parcel) emit as an asset beside the
// bundle; esbuild and unbundled use leave it as is, so the file beside this module (or the
// bundle, as in the static page, web/scripts/build.mjs) is loaded. A JupyterLab extension passes
// locateFile (webpack rewrites import.meta.url there), and Node (build scripts, benchmarks)
// passes wasmBinary; options given here win over these defaults.
import createCredprobeModule from './credprobe.mjs';
import type { FactoryOptions } from './credprobe.mjs';
import { Credprobe } from './client.js';

export async function loadCredprobe(options: FactoryOptions = {}): Promise<Credprobe> {
  // The module must stay silent: nothing a check handles may reach the console.
  const quiet = (): void => {};
  const locateFile = (file: string): string =>
    file.endsWith('.wasm') ? new URL('./credprobe.wasm', import.meta.url).href : file;
  const module = await createCredprobeModule({ locateFile, print: quiet, printErr: quiet, ...options });
  return new Credprobe(module);
}
