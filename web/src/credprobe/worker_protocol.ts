// What the page and its check worker (check_worker.ts) say to each other. A check crosses as its
// arguments and comes back as its verdict or its error's message; the worker says once whether
// it could start its wasm module, and the page sends checks only after it has said so.
import type { CheckOptions, Fields, Verdict } from './types.js';

/** The options a check crosses with: all but the signal, which becomes a "cancel" message. */
export type WorkerCheckOptions = Omit<CheckOptions, 'signal'>;

export type ToWorker =
  | { type: 'check'; id: number; provider: string; fields: Fields; options: WorkerCheckOptions }
  | { type: 'cancel'; id: number };

export type ToPage =
  | { type: 'ready' }
  | { type: 'unavailable'; message: string }
  | { type: 'done'; id: number; verdict: Verdict }
  | { type: 'failed'; id: number; message: string };
