// The page's Content-Security-Policy, generated from the registry so it cannot drift from the
// providers: connect-src lists exactly the registry's allowed_hosts (https only) plus loopback,
// where the relay and the demo emulator live.

// A registry pattern uses "*" for exactly one DNS label ("sts.*.amazonaws.com"). CSP can only
// wildcard the leftmost labels, so such a pattern widens to "*.amazonaws.com".
export function hostSource(pattern) {
  const labels = pattern.split('.');
  const lastWild = labels.lastIndexOf('*');
  if (lastWild < 0) return `https://${pattern}`;
  return `https://*.${labels.slice(lastWild + 1).join('.')}`;
}

export function contentSecurityPolicy(registry) {
  const hosts = [...new Set(registry.allowed_hosts.map(hostSource))].sort();
  const connect = ["'self'", ...hosts, 'http://127.0.0.1:*', 'http://localhost:*'];
  return [
    "default-src 'none'",
    // WebAssembly compilation needs 'wasm-unsafe-eval'; no other script than the page's own.
    "script-src 'self' 'wasm-unsafe-eval'",
    // The check worker is made from a blob: URL so that it keeps this policy (worker_checks.ts).
    "worker-src blob:",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}
