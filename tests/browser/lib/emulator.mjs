// Starts credprobe-emulator for a browser test: fixtures written to a temporary file, the port
// read from its banner, faults armed through its control surface. It exits by itself when idle.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export function emulatorBinary() {
  const value = process.env.CREDPROBE_EMULATOR_BIN;
  if (!value) throw new Error('CREDPROBE_EMULATOR_BIN is not set: point it at credprobe-emulator');
  return value;
}

export async function startEmulator(fixtures, { idleExitSeconds = 120 } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credprobe-browser-'));
  const file = path.join(dir, 'fixtures.json');
  await writeFile(file, JSON.stringify(fixtures));
  const child = spawn(emulatorBinary(), ['--port', '0', '--fixtures', file, '--idle-exit', String(idleExitSeconds)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  const serves = new Set(); // providers the emulator announced routes for
  lines.on('line', (line) => {
    const announced = /^ {2}([a-z0-9_]+): /.exec(line);
    if (announced) serves.add(announced[1]);
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('emulator did not start within 10 s')), 10000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^credprobe-emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const control = async (method, route, body) => {
    const response = await fetch(`${url}/_emulator/${route}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`emulator ${method} ${route}: ${response.status}`);
    return response.json();
  };
  await new Promise((r) => setTimeout(r, 100)); // the announcements follow the banner
  return {
    url,
    serves,
    armFault: (faultPath, fault, params = {}) => control('POST', 'faults', { path: faultPath, fault, count: 1, ...params }),
    clearFaults: () => control('DELETE', 'faults'),
    requests: () => control('GET', 'requests'),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
