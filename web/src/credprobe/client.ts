// The typed wrapper over the wasm module: providers(), lint() and check(). Strings cross into
// wasm as UTF-8 in malloc'd buffers that are zeroed before being freed, because field values
// hold secrets.
import type { CredprobeModule } from './credprobe.mjs';
import type { CheckOptions, ClustrixImport, Fields, LintReport, Registry, Verdict } from './types.js';

export class CredprobeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredprobeError';
  }
}

const START_ERRORS: Record<number, string> = {
  [-1]: 'unknown provider',
  [-2]: 'fields must be an object of strings',
  [-3]: 'unusable options (endpoints, relay or timeout)',
  [-4]: 'internal error: check id already in use',
};

interface Pending {
  resolve: (verdict: Verdict) => void;
  reject: (error: unknown) => void;
}

/** Somewhere else to run checks, used while it is ready: the page's check worker (worker_checks.ts). */
export interface CheckRunner {
  readonly ready: boolean;
  check(provider: string, fields: Fields, options: Omit<CheckOptions, 'signal'>, signal: AbortSignal | undefined): Promise<Verdict>;
}

export class Credprobe {
  private readonly module: CredprobeModule;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private registryCache: Registry | undefined;
  private runner: CheckRunner | undefined;

  constructor(module: CredprobeModule) {
    this.module = module;
    module.credprobeOnDone = (id, json) => this.onDone(id, json);
  }

  /** The registry: every provider's fields, help, endpoints and the hosts they may reach. */
  providers(): Registry {
    if (!this.registryCache) {
      this.registryCache = JSON.parse(this.takeString(this.module._credprobe_providers())) as Registry;
    }
    return this.registryCache;
  }

  /** Offline format checks; synchronous, cheap enough to run on every keystroke. */
  lint(provider: string, fields: Fields): LintReport {
    const report = this.withStrings([provider, JSON.stringify(fields)], (p, f) =>
      this.takeString(this.module._credprobe_lint(p, f)),
    );
    const parsed = JSON.parse(report) as LintReport | { error: string };
    if ('error' in parsed) throw new CredprobeError(parsed.error);
    return parsed;
  }

  /**
   * A parsed Clustrix configuration (the object a YAML or JSON parser made of the file) to its
   * profiles: the provider each cluster_type picks, its fields with their values, the keys
   * Clustrix would refuse and the profiles credprobe does not check. The mapping is the core's.
   */
  importClustrix(config: unknown): ClustrixImport {
    const text = JSON.stringify(config ?? null);
    const parsed = JSON.parse(this.withStrings([text], (c) => this.takeString(this.module._credprobe_import_clustrix(c), true))) as
      ClustrixImport | { error: string };
    if ('error' in parsed && !('profiles' in parsed)) throw new CredprobeError(parsed.error);
    return parsed as ClustrixImport;
  }

  /**
   * Checks go to `runner` whenever it is ready (the page's check worker), and run on this
   * module otherwise: before it has started, where it cannot, and after it stopped.
   */
  runChecksIn(runner: CheckRunner | undefined): void {
    this.runner = runner;
  }

  /** Sends the provider's probe from this page and resolves with the verdict. */
  check(provider: string, fields: Fields, options: CheckOptions = {}): Promise<Verdict> {
    const { signal, ...rest } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.runner?.ready) return this.runner.check(provider, fields, rest, signal);
    const id = this.nextId++;
    const wasmOptions = {
      endpoints: options.endpoints ?? {},
      relay: options.relay ?? '',
      relay_headers: options.relayHeaders ?? {},
      timeout_seconds: options.timeoutSeconds ?? 10,
      options: options.options ?? {},
      ...(options.now !== undefined ? { now: options.now } : {}),
    };
    return new Promise<Verdict>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.module._credprobe_cancel(id);
        reject(abortError(signal));
      };
      this.pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      // Registered before starting: a check that needs no network completes inside this call.
      const code = this.withStrings(
        [provider, JSON.stringify(fields), JSON.stringify(wasmOptions)],
        (p, f, o) => this.module._credprobe_check_start(id, p, f, o),
      );
      if (code !== 0) {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        reject(new CredprobeError(START_ERRORS[code] ?? `check_start failed (${code})`));
      }
    });
  }

  private onDone(id: number, json: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    try {
      entry.resolve(JSON.parse(json) as Verdict);
    } catch (error) {
      entry.reject(error);
    }
  }

  // `secret`: the string holds field values, zeroed in wasm memory before it is freed.
  private takeString(ptr: number, secret = false): string {
    try {
      return this.module.UTF8ToString(ptr);
    } finally {
      if (secret) {
        const end = this.module.HEAPU8.indexOf(0, ptr);
        this.module.HEAPU8.fill(0, ptr, end < 0 ? ptr : end);
      }
      this.module._credprobe_free(ptr);
    }
  }

  // Copies `texts` into wasm memory for the duration of `use`, then wipes and frees them.
  private withStrings<T>(texts: readonly string[], use: (...ptrs: number[]) => T): T {
    const m = this.module;
    const buffers = texts.map((text) => {
      const size = m.lengthBytesUTF8(text) + 1;
      const ptr = m._malloc(size);
      m.stringToUTF8(text, ptr, size);
      return { ptr, size };
    });
    try {
      return use(...buffers.map((b) => b.ptr));
    } finally {
      for (const { ptr, size } of buffers) {
        m.HEAPU8.fill(0, ptr, ptr + size); // HEAPU8 is re-read: memory may have grown
        m._free(ptr);
      }
    }
  }
}

function abortError(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The check was aborted', 'AbortError');
}
