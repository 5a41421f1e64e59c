// Removes what the build generates (lib/, the labextension, the generated Python modules).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const p of ['lib', 'tsconfig.tsbuildinfo', 'credprobe_jupyterlab/labextension', 'credprobe_jupyterlab/_relay_rules.py', 'credprobe_jupyterlab/_allowed_hosts.py']) {
  await rm(path.join(here, p), { recursive: true, force: true });
}
