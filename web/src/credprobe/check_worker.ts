// The check worker (dist/check-worker.js): runs the page's checks on its own instance of the
// wasm module, so a check's engine work (building and signing its requests, starting them,
// reading the answers) is done off the main thread that draws the page. The page keeps its
// own instance for what must answer at once (providers, lint, import). Started by
// startCheckWorker (worker_checks.ts); speaks worker_protocol.ts.
import { loadCredprobe } from './load.js';
import type { ToPage, ToWorker } from './worker_protocol.js';

interface WorkerScope {
  postMessage(message: ToPage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
const running = new Map<number, AbortController>();

function serve(credprobe: Awaited<ReturnType<typeof loadCredprobe>>): void {
  scope.addEventListener('message', ({ data }) => {
    if (data.type === 'cancel') {
      running.get(data.id)?.abort();
      return;
    }
    const { id } = data;
    const controller = new AbortController();
    running.set(id, controller);
    credprobe
      .check(data.provider, data.fields, { ...data.options, signal: controller.signal })
      .then(
        (verdict) => scope.postMessage({ type: 'done', id, verdict }),
        (error: unknown) => {
          // A cancelled check is already settled on the page's side: nothing to say.
          if (!controller.signal.aborted) scope.postMessage({ type: 'failed', id, message: (error as Error).message });
        },
      )
      .finally(() => running.delete(id));
  });
}

loadCredprobe().then(
  (credprobe) => {
    serve(credprobe);
    scope.postMessage({ type: 'ready' });
  },
  (error: unknown) => scope.postMessage({ type: 'unavailable', message: String(error) }),
);
