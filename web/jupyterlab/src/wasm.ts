// Loads the validator inside JupyterLab: the same wrapper the static page uses
// (credprobe-web's credprobe/client), over the wasm module that ships in this labextension. The
// factory's import.meta.url is a build-time path here, so the .wasm URL comes from webpack's
// asset module through locateFile.
import createModule from '@credprobe/wasm-build/credprobe.mjs';
import wasmUrl from '@credprobe/wasm-build/credprobe.wasm';
import { Credprobe } from 'credprobe-web/credprobe/client';

type Factory = (options: object) => Promise<ConstructorParameters<typeof Credprobe>[0]>;

export async function loadCredprobeInLab(): Promise<Credprobe> {
  const factory = createModule as unknown as Factory;
  // The module must stay silent: nothing a check handles may reach the console.
  const quiet = (): void => {};
  const module = await factory({
    locateFile: (file: string) => (file.endsWith('.wasm') ? wasmUrl : file),
    print: quiet,
    printErr: quiet,
  });
  return new Credprobe(module);
}
