// Jupyter's XSRF header for the server relay, and for nothing else.
//
// The wasm driver sends its requests with emscripten_fetch, i.e. XMLHttpRequest, and its API
// has no way to add a header. Jupyter's relay route needs the `_xsrf` cookie echoed as
// X-XSRFToken (the same double-submit JupyterLab's own ServerConnection does). So the
// emscripten glue is built with a module-level import (scripts/prepare.mjs) that shadows the
// global XMLHttpRequest with this subclass, for that one module only: it adds the configured
// headers when, and only when, the URL lies under the relay's same-origin prefix. Requests to
// providers are untouched, and the Jupyter token is never put in a URL or a header here.

export interface RelayHeaderSource {
  /** Absolute URL every relay request starts with, ending in '/'. */
  prefix: string;
  /** Read at each request: the `_xsrf` cookie can change during a session. */
  headers: () => Record<string, string>;
}

let source: RelayHeaderSource | undefined;

export function configureRelayHeaders(next: RelayHeaderSource | undefined): void {
  source = next;
}

/** The extra headers for a request to `url` (resolved against the page): empty unless relayed. */
export function relayHeadersFor(url: string, base: string = globalThis.location?.href ?? ''): Record<string, string> {
  if (!source || !source.prefix.endsWith('/')) return {};
  let absolute: string;
  try {
    absolute = new URL(url, base).href;
  } catch {
    return {};
  }
  return absolute.startsWith(source.prefix) ? source.headers() : {};
}

const Base: typeof XMLHttpRequest =
  globalThis.XMLHttpRequest ?? (class {} as unknown as typeof XMLHttpRequest);

export class RelayAwareXMLHttpRequest extends Base {
  private relayHeaders: Record<string, string> = {};

  override open(
    method: string,
    url: string | URL,
    async?: boolean,
    username?: string | null,
    password?: string | null,
  ): void {
    this.relayHeaders = relayHeadersFor(String(url));
    super.open(method, url, async ?? true, username, password);
  }

  override send(body?: Document | XMLHttpRequestBodyInit | null): void {
    for (const [name, value] of Object.entries(this.relayHeaders)) this.setRequestHeader(name, value);
    super.send(body);
  }
}
