// The emscripten build, copied into lib/wasm by scripts/prepare.mjs and reached through the
// webpack alias in webpack.config.js. Its real type is the module the credprobe-web
// package's Credprobe wraps; wasm.ts casts to it.
declare module '@credprobe/wasm-build/credprobe.mjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}

declare module '@credprobe/wasm-build/credprobe.wasm' {
  const url: string;
  export default url;
}
