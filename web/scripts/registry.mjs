// Reads the registry from the wasm build itself under Node (build time only). emscripten 3.1.6
// output built for the web fetches its .wasm by URL, which Node cannot do: hand it the bytes.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadModule(wasmDir) {
  try {
    await access(path.join(wasmDir, 'credprobe.wasm'));
  } catch {
    throw new Error(`no credprobe.wasm in ${wasmDir}: run bash scripts/build-wasm.sh (and node web/scripts/build.mjs for web/dist)`);
  }
  const factory = (await import(pathToFileURL(path.join(wasmDir, 'credprobe.mjs')).href)).default;
  const wasmBinary = await readFile(path.join(wasmDir, 'credprobe.wasm'));
  return factory({ wasmBinary, print() {}, printErr() {} });
}

export async function readRegistry(wasmDir) {
  const module = await loadModule(wasmDir);
  const ptr = module._credprobe_providers();
  const text = module.UTF8ToString(ptr);
  module._credprobe_free(ptr);
  return JSON.parse(text);
}
