// A relay for the browser tests, a minimal stand-in for `credprobe relay` (which the demo and
// the tests also use where it is built): a request to
// {relay}/{host:port}{path}?{query} is forwarded to http://host:port{path}?{query} and the answer
// goes back with CORS headers for the page. It forwards ONLY to loopback (the provider emulator),
// never follows redirects, drops the page's Origin and cookies, logs paths only, and stops by
// itself when idle. It is not the product's relay: that one forwards to the registry's hosts.
//   node web/scripts/loopback-relay.mjs [--port 0] [--idle-exit SECONDS]
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const TARGET = /^\/(127\.0\.0\.1|localhost):(\d{1,5})(\/.*)$/;

function corsHeaders(req) {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
    'access-control-expose-headers': 'retry-after, date',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

export function startLoopbackRelay({ port = 0, idleExitSeconds = 1800 } = {}) {
  const seen = [];
  let lastRequest = Date.now();
  const server = http.createServer((req, res) => {
    lastRequest = Date.now();
    const url = new URL(req.url ?? '/', 'http://relay');
    seen.push(`${req.method} ${url.pathname}`);
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const match = TARGET.exec(url.pathname);
    if (!match || !['GET', 'POST'].includes(req.method ?? '')) {
      return void res.writeHead(403, { ...cors, 'content-type': 'text/plain' }).end('the demo relay forwards GET and POST to loopback only\n');
    }
    const headers = { ...req.headers };
    for (const name of ['host', 'origin', 'referer', 'cookie', 'connection']) delete headers[name];
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const upstream = http.request(
        { host: '127.0.0.1', port: Number(match[2]), path: `${match[3]}${url.search}`, method: req.method, headers },
        (answer) => {
          const out = { ...answer.headers };
          for (const name of Object.keys(out)) if (name.startsWith('access-control-') || name === 'set-cookie') delete out[name];
          res.writeHead(answer.statusCode ?? 502, { ...out, ...cors });
          answer.pipe(res);
        });
      upstream.setTimeout(60000, () => upstream.destroy());
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, cors);
        res.end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const timer = setInterval(() => {
        if (Date.now() - lastRequest > idleExitSeconds * 1000) server.close();
      }, 1000);
      timer.unref();
      server.on('close', () => clearInterval(timer));
      resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const { server, url } = await startLoopbackRelay({
    port: Number(option('--port', '0')),
    idleExitSeconds: Number(option('--idle-exit', '1800')),
  });
  console.log(`credprobe-demo-relay listening on ${url}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.on('close', () => process.exit(0));
}
