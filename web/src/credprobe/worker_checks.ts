// The page's side of the check worker: sends checks to it once it has said it is ready, and
// settles each check's promise from its answer. Until then, or when it cannot start, the
// Credprobe it is given to runs checks itself: the verdict is the same either way, only the
// thread differs.
import { CredprobeError } from './client.js';
import type { Fields, Verdict } from './types.js';
import type { ToPage, ToWorker, WorkerCheckOptions } from './worker_protocol.js';

interface Pending {
  resolve: (verdict: Verdict) => void;
  reject: (error: unknown) => void;
}

export class WorkerChecks {
  private state: 'starting' | 'ready' | 'stopped' = 'starting';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `onState` is told each time where checks now run: true when in the worker, false when not. */
  constructor(
    private readonly worker: Worker,
    private readonly onState: (inWorker: boolean) => void = () => {},
  ) {
    worker.addEventListener('message', (event: MessageEvent<ToPage>) => this.onMessage(event.data));
    // A script that does not load, or an error thrown in the worker: it is not used again.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.stop(`the check worker stopped${event.message ? `: ${event.message}` : ''}`);
    });
  }

  /** Whether checks go to the worker: it started its wasm module and has not stopped. */
  get ready(): boolean {
    return this.state === 'ready';
  }

  check(provider: string, fields: Fields, options: WorkerCheckOptions, signal: AbortSignal | undefined): Promise<Verdict> {
    const id = this.nextId++;
    return new Promise<Verdict>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.post({ type: 'cancel', id });
        reject(signal?.reason ?? new DOMException('The check was aborted', 'AbortError'));
      };
      this.pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.post({ type: 'check', id, provider, fields, options });
    });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: ToPage): void {
    switch (message.type) {
      case 'ready':
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.onState(true);
        return;
      case 'unavailable':
        this.stop(`the check worker could not start: ${message.message}`);
        return;
      case 'done':
      case 'failed': {
        const entry = this.pending.get(message.id);
        if (!entry) return; // cancelled on this side already
        this.pending.delete(message.id);
        if (message.type === 'done') entry.resolve(message.verdict);
        else entry.reject(new CredprobeError(message.message));
      }
    }
  }

  // Checks in flight fail with the reason; later checks run on the page's own module.
  private stop(reason: string): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.worker.terminate();
    this.onState(false);
    for (const { reject } of this.pending.values()) reject(new CredprobeError(reason));
    this.pending.clear();
  }
}

/**
 * Starts the check worker from `script` (check_worker.ts as bundled, e.g. dist/check-worker.js).
 * The worker is made from a blob: URL that imports the script, because a worker made from a
 * blob: URL keeps the page's Content-Security-Policy (connect-src above all), where one loaded
 * from its own URL would take the policy of that file's response, which a static page cannot
 * set. The page's CSP must allow `worker-src blob:`. Undefined where workers are not available;
 * `onState` as for WorkerChecks.
 */
export function startCheckWorker(script: URL, onState: (inWorker: boolean) => void): WorkerChecks | undefined {
  if (typeof Worker === 'undefined') return undefined;
  // A dynamic import, not a static one: under the page's CSP Chromium refuses a blob: module
  // worker's static import (an error event with no message) yet allows the same import made
  // dynamically, and a dynamic import's failure can be told to the page as a reason.
  const body = `import(${JSON.stringify(script.href)}).catch((e) => postMessage({ type: 'unavailable', message: String(e) }));\n`;
  const source = URL.createObjectURL(new Blob([body], { type: 'text/javascript' }));
  try {
    const checks = new WorkerChecks(new Worker(source, { type: 'module', name: 'credprobe checks' }), (inWorker) => {
      URL.revokeObjectURL(source); // loaded, or never will be
      onState(inWorker);
    });
    return checks;
  } catch {
    URL.revokeObjectURL(source); // refused (a CSP without worker-src blob:): checks stay here
    return undefined;
  }
}
