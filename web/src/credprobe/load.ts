// Instantiates the wasm module. In a page, credprobe.mjs and credprobe.wasm sit next to the
// bundle; a JupyterLab extension passes locateFile (webpack rewrites import.meta.url), and
// Node (build scripts, benchmarks) passes wasmBinary.
import createCredprobeModule from './credprobe.mjs';
import type { FactoryOptions } from './credprobe.mjs';
import { Credprobe } from './client.js';

export async function loadCredprobe(options: FactoryOptions = {}): Promise<Credprobe> {
  // The module must stay silent: nothing a check handles may reach the console.
  const quiet = (): void => {};
  const module = await createCredprobeModule({ print: quiet, printErr: quiet, ...options });
  return new Credprobe(module);
}
