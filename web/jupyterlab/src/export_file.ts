// Writes an export (web/src/ui/export_config.ts) into a folder of the Jupyter server through
// the contents service, never overwriting a file that is already there.
import type { ExportFile } from 'credprobe-web/ui/export_config';

/** The part of JupyterLab's Contents.IManager this needs. */
export interface ContentsLike {
  get(path: string, options: { content: false }): Promise<unknown>;
  save(path: string, options: { type: 'file'; format: 'text'; content: string }): Promise<{ path: string }>;
}

export function joinPath(directory: string, name: string): string {
  const dir = directory.replace(/^\/+|\/+$/g, '');
  return dir ? `${dir}/${name}` : name;
}

/** "clustrix.yml", then "clustrix-1.yml", "clustrix-2.yml", ... */
export function candidateName(filename: string, n: number): string {
  if (n === 0) return filename;
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? `${filename.slice(0, dot)}-${n}${filename.slice(dot)}` : `${filename}-${n}`;
}

async function exists(contents: ContentsLike, path: string): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch {
    return false;
  }
}

export async function writeExport(contents: ContentsLike, directory: string, file: ExportFile): Promise<string> {
  for (let n = 0; n < 100; n += 1) {
    const path = joinPath(directory, candidateName(file.filename, n));
    if (await exists(contents, path)) continue;
    const saved = await contents.save(path, { type: 'file', format: 'text', content: file.text });
    return saved.path;
  }
  throw new Error(`no free name for ${file.filename} in ${directory || 'the root folder'}`);
}
