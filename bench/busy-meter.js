// Main-thread busy time, measured inside the page without DevTools: installed by web-bench.mjs
// with addInitScript (before the page's own scripts), read back with page.evaluate.
//
// Every way the event loop hands the page's JavaScript (and so the wasm) a turn is wrapped:
// event listeners and on* handlers (clicks, XMLHttpRequest events), timers, animation frames
// and promise reactions (WebCrypto's answers, fetch). When one starts and the meter is not
// already inside a busy stretch, it notes the time and posts a task (scheduler.postTask,
// priority user-blocking); that task runs only after the current task, its microtasks and any
// rendering update the browser runs in that task (style, layout, paint, commit), so
// [start, task] is one busy stretch. Not a MessageChannel message: a message is delivered
// through the browser's IPC layer, and on a loaded machine it arrived up to 2 ms after the main
// thread had gone idle, often after the next frame, so the stretch counted the wait for that
// frame as busy. Stretches never overlap (a turn that starts inside
// one belongs to it), and the idle time between them (network waits) is not counted. DOM
// changes ask for the next animation frame, so the rendering of a change is inside a stretch
// even when the browser renders it in a later turn.
//
// Separately, the time inside those wrapped calls is summed (inside()): the page's own code,
// JavaScript and the wasm it calls, without the browser's work around it (event dispatch,
// XMLHttpRequest, garbage collection, rendering). Code that continues after an `await` runs
// outside any wrapped call, so the caller wraps the calls it makes itself (run()).
//
// performance.now() here is coarsened to 100 us (no cross-origin isolation); a stretch is
// usually several turns long, and the sum over many checks averages the rounding out.
(() => {
  if (globalThis.__busyMeter) return;
  const now = performance.now.bind(performance);
  const raf = globalThis.requestAnimationFrame?.bind(globalThis);
  const stretches = []; // [start, end], in order
  let open = -1; // start of the stretch whose closing task is queued, or -1
  const flushed = [];
  // The next task, before anything else queued: scheduler.postTask at the highest priority
  // (the original, so the page's own wrapped timers are not involved), else a MessageChannel.
  const nativePostTask = globalThis.scheduler?.postTask?.bind(globalThis.scheduler);
  const nextTask = nativePostTask
    ? (fn) => { nativePostTask(fn, { priority: 'user-blocking' }); }
    : (() => {
      const channel = new MessageChannel();
      const queue = [];
      channel.port1.onmessage = () => queue.shift()?.();
      return (fn) => { queue.push(fn); channel.port2.postMessage(0); };
    })();
  const close = () => {
    stretches.push([open, now()]);
    open = -1;
    for (const f of flushed.splice(0)) f();
  };

  function begin() {
    if (open >= 0) return;
    open = now();
    nextTask(close);
  }

  // Time spent running the page's own code (JS and the wasm it calls), outermost calls only.
  let inside = 0;
  let depth = 0;
  function timed(fn, self, args) {
    begin();
    if (depth++ > 0) {
      try { return fn.apply(self, args); } finally { depth--; }
    }
    const t0 = now();
    try { return fn.apply(self, args); } finally { inside += now() - t0; depth--; }
  }

  const wrapped = new WeakMap();
  function wrap(fn) {
    if (typeof fn !== 'function') return fn;
    let w = wrapped.get(fn);
    if (!w) {
      w = function (...args) { return timed(fn, this, args); };
      wrapped.set(fn, w);
    }
    return w;
  }
  function wrapListener(listener) {
    if (listener && typeof listener === 'object' && typeof listener.handleEvent === 'function') {
      let w = wrapped.get(listener);
      if (!w) {
        w = (event) => timed(listener.handleEvent, listener, [event]);
        wrapped.set(listener, w);
      }
      return w;
    }
    return wrap(listener);
  }

  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    return addEventListener.call(this, type, wrapListener(listener), options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    return removeEventListener.call(this, type, wrapped.get(listener) ?? listener, options);
  };

  // on* handler properties (xhr.onload, button.onclick, port.onmessage, ...).
  const protos = ['XMLHttpRequestEventTarget', 'XMLHttpRequest', 'EventTarget', 'Node', 'Element', 'HTMLElement',
    'Document', 'MessagePort', 'FileReader', 'Worker', 'WebSocket', 'AbortSignal']
    .map((name) => globalThis[name]?.prototype).filter(Boolean);
  for (const proto of protos) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (!key.startsWith('on')) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (!d?.set || !d.get || !d.configurable) continue;
      const originals = new WeakMap();
      Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: d.enumerable,
        get() { return originals.has(this) ? originals.get(this) : d.get.call(this); },
        set(fn) {
          originals.set(this, fn);
          d.set.call(this, wrap(fn));
        },
      });
    }
  }

  for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback', 'queueMicrotask']) {
    const original = globalThis[name];
    if (typeof original !== 'function') continue;
    globalThis[name] = function (fn, ...rest) { return original.call(globalThis, wrap(fn), ...rest); };
  }

  // Promise reactions: WebCrypto's and fetch's answers arrive as promise resolutions.
  const then = Promise.prototype.then;
  Promise.prototype.then = function (onFulfilled, onRejected) {
    return then.call(this, wrap(onFulfilled), wrap(onRejected));
  };

  // A DOM change is rendered in the next frame: make sure that frame is inside a stretch.
  let frameAsked = false;
  const onFrame = () => { frameAsked = false; begin(); };
  new MutationObserver(() => {
    if (!frameAsked && raf) {
      frameAsked = true;
      raf(onFrame);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  globalThis.__busyMeter = {
    now,
    /** Marks the calling turn as busy (the turn page.evaluate runs in is not otherwise seen). */
    begin,
    /** Runs fn() as page code: counted in inside(). */
    run: (fn) => timed(fn, undefined, []),
    /** Milliseconds spent in page code so far (read at both ends of a window). */
    inside: () => inside,
    /** Resolves once the stretch in progress (if any) is closed. */
    settle: () => new Promise((resolve) => (open < 0 ? resolve() : flushed.push(resolve))),
    /** Busy milliseconds within [t0, t1]. */
    busy(t0, t1) {
      let sum = 0;
      for (const [a, b] of stretches) sum += Math.max(0, Math.min(b, t1) - Math.max(a, t0));
      return sum;
    },
    /** Resolves with the time at which the frame after the next DOM change that makes
     *  `done()` true has been rendered. */
    paintedWhen(root, done) {
      return new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          raf(() => {
            begin();
            nextTask(() => resolve(now()));
          });
        });
        observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    },
    clear() { stretches.length = 0; },
  };
})();
