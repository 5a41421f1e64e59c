// The credprobe package: load the wasm module, then providers() / lint() / check().
export { loadCredprobe } from './load.js';
export { Credprobe, CredprobeError } from './client.js';
export type * from './types.js';
export { STATUSES } from './types.js';
