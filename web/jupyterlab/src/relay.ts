// Where the server relay lives and what it needs, derived from JupyterLab's page config.
import type { ProviderSpec } from 'credprobe-web/credprobe/types';

export const RELAY_ROUTE = 'credprobe/relay';

/** The relay base URL check() takes: `{relay}/{host}/{path}` is forwarded to the provider. */
export function relayBaseUrl(serverBaseUrl: string): string {
  const base = serverBaseUrl.endsWith('/') ? serverBaseUrl : `${serverBaseUrl}/`;
  return `${base}${RELAY_ROUTE}`;
}

/** One cookie's value, as JupyterLab's ServerConnection reads `_xsrf`. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The headers a relay request carries for Jupyter: the XSRF double-submit, nothing else. */
export function relayHeaders(cookies: string): Record<string, string> {
  const xsrf = readCookie(cookies, '_xsrf');
  return xsrf ? { 'X-XSRFToken': xsrf } : {};
}

/** Endpoints of a provider that refuse browsers, which the check sends through the relay. */
export function relayedEndpoints(spec: ProviderSpec): string[] {
  return spec.endpoints.filter((e) => !e.browser_callable).map((e) => e.label);
}
