// A static file server for the built page, on loopback only, that stops by itself after a
// stretch without requests (so a demo or a test that dies never leaves it running).
//   node web/scripts/serve.mjs [--dir web/dist] [--port 0] [--idle-exit SECONDS]
// Prints "credprobe-web serving http://127.0.0.1:PORT/" as its first line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

export function startStaticServer({ dir, port = 0, idleExitSeconds = 1800, log = () => {} }) {
  const root = path.resolve(dir);
  let lastRequest = Date.now();
  const server = http.createServer(async (req, res) => {
    lastRequest = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Log the path only: a query string could carry anything a test put there.
    log(`${req.method} ${url.pathname}`);
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      await stat(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const timer = setInterval(() => {
        if (Date.now() - lastRequest > idleExitSeconds * 1000) server.close();
      }, 1000);
      timer.unref();
      server.on('close', () => clearInterval(timer));
      const { port: bound } = server.address();
      resolve({ server, url: `http://127.0.0.1:${bound}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { server, url } = await startStaticServer({
    dir: option('--dir', path.join(web, 'dist')),
    port: Number(option('--port', '0')),
    idleExitSeconds: Number(option('--idle-exit', '1800')),
  });
  console.log(`credprobe-web serving ${url}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.on('close', () => process.exit(0));
}
