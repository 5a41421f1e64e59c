// Starts credprobe-emulator for a browser test: fixtures written to a temporary file, the port
// read from its banner, faults armed through its control surface. It exits by itself when idle.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function emulatorBinary() {
  const value = process.env.CREDPROBE_EMULATOR_BIN;
  if (!value) throw new Error('CREDPROBE_EMULATOR_BIN is not set: point it at credprobe-emulator');
  return value;
}

export async function startEmulator(fixtures, { idleExitSeconds = 120 } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credprobe-browser-'));
  const file = path.join(dir, 'fixtures.json');
  await writeFile(file, JSON.stringify(fixtures));
  // Its stdout goes to a file rather than a pipe: the emulator writes its banner and its route
  // announcements before it answers any request, so once it has answered one, the file holds all
  // of them (a pipe gives no such point: its reader may not have read everything yet).
  const stdoutPath = path.join(dir, 'stdout.txt');
  const stdout = await open(stdoutPath, 'w');
  const child = spawn(emulatorBinary(), ['--port', '0', '--fixtures', file, '--idle-exit', String(idleExitSeconds)], {
    stdio: ['ignore', stdout.fd, 'pipe'],
  });
  await stdout.close(); // the child holds its own descriptor
  const banner = /^credprobe-emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/;
  const url = await new Promise((resolve, reject) => {
    const watcher = watch(stdoutPath);
    const finish = (error, value) => {
      watcher.close();
      clearTimeout(deadline);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve(value);
    };
    const deadline = setTimeout(() => finish(new Error('emulator did not start within 30 s')), 30_000);
    const exited = (code) => finish(new Error(`emulator exited with ${code}`));
    child.once('exit', exited);
    // Each change of the file is a chance that the banner is complete; read once after the
    // watcher is set up too, in case it was written before.
    const look = () => readFile(stdoutPath, 'utf8').then((text) => {
      const match = banner.exec(text);
      if (match) finish(undefined, match[1]);
    }, () => {});
    watcher.on('change', look);
    void look();
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
  await control('GET', 'health');
  const serves = new Set(); // providers the emulator announced routes for
  for (const line of (await readFile(stdoutPath, 'utf8')).split('\n')) {
    const announced = /^ {2}([a-z0-9_]+): /.exec(line);
    if (announced) serves.add(announced[1]);
  }
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
