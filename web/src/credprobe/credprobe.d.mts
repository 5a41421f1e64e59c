// Types for the emscripten factory emscripten/ builds (credprobe.mjs). emscripten 3.1.6 has no
// --emit-tsd, so this is written by hand: keep it in step with EXPORTED_FUNCTIONS and
// EXPORTED_RUNTIME_METHODS in emscripten/CMakeLists.txt and with library_credprobe.js.

export interface CredprobeModule {
  HEAPU8: Uint8Array;
  UTF8ToString(ptr: number): string;
  stringToUTF8(text: string, ptr: number, maxBytes: number): void;
  lengthBytesUTF8(text: string): number;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _credprobe_providers(): number;
  _credprobe_lint(provider: number, fieldsJson: number): number;
  _credprobe_import_clustrix(configJson: number): number;
  _credprobe_check_start(id: number, provider: number, fieldsJson: number, optionsJson: number): number;
  _credprobe_cancel(id: number): void;
  _credprobe_free(ptr: number): void;
  /** Installed by the wrapper; library_credprobe.js calls it with each finished verdict. */
  credprobeOnDone?: (id: number, verdictJson: string) => void;
}

export interface FactoryOptions {
  locateFile?: (path: string, prefix: string) => string;
  wasmBinary?: ArrayBuffer | Uint8Array;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare function createCredprobeModule(options?: FactoryOptions): Promise<CredprobeModule>;
export default createCredprobeModule;
