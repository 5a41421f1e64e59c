// Loopback servers that play what the emulator does not:
//  - a provider host that answers without any CORS headers (so a browser refuses the page the
//    answer: the `blocked` path). It forwards to the emulator and strips the CORS headers.
// and starts the product's own relay, `credprobe relay`, with its test-only permission to reach
// these loopback hosts over http. Each records what it saw (method, host, path) and stops with
// the test.
import http from 'node:http';

function listen(server) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

function forward(req, res, target, transform) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.origin;
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      const out = transform({ ...answer.headers });
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(Buffer.concat(chunks));
  });
}

function stripCors(headers) {
  for (const name of Object.keys(headers)) if (name.startsWith('access-control-')) delete headers[name];
  return headers;
}

export async function startNoCorsHost(upstreamBase) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${new URL(req.url, 'http://x').pathname}`);
    if (req.method === 'OPTIONS') return res.writeHead(204).end(); // no Access-Control-Allow-*
    forward(req, res, `${upstreamBase}${req.url}`, stripCors);
  });
  const url = await listen(server);
  return { url, seen, stop: () => new Promise((r) => server.close(r)) };
}

/** A loopback port with nothing listening on it: bind, note the port, close. */
export async function closedPort() {
  const server = http.createServer();
  const url = await listen(server);
  await new Promise((r) => server.close(r));
  return url;
}

/**
 * The product's relay, `credprobe relay`, allowed to reach loopback test hosts over http.
 * `seen` holds its log lines (method, host, path; never the token or the query).
 * `timeoutSeconds` is generous so that the page's own timeout, not the relay's, ends a check.
 */
export async function startCredprobeRelay(bin, { origin, insecureHosts, timeoutSeconds = 60 }) {
  if (!bin) throw new Error('CREDPROBE_BIN is not set: the browser tests need `credprobe relay`');
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const args = ['relay', '--port', '0', '--allow-origin', new URL(origin).origin, '--idle-exit', '120',
    '--timeout', String(timeoutSeconds)];
  for (const host of insecureHosts) args.push('--allow-insecure-host', new URL(host).host);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = [];
  createInterface({ input: child.stderr }).on('line', (line) => seen.push(line));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('credprobe relay did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`credprobe relay exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (/^http:\/\/127\.0\.0\.1:\d+\//.test(line)) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  return {
    url,
    seen,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
