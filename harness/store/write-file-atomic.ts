/** Atomic file and folder writes: readers see the old content or the new, never half of it. */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { tempSuffix } from './dead-temps.ts';

/** Writes `data` to a temporary file beside `file`, then renames it into place. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${tempSuffix('tmp')}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Fills a new folder through `fill(tmpDir)`, then moves it to `dir` (replacing an older one). If `fill` throws,
 * nothing is left at `dir` from this call: no half-written output. For a folder inside one the command owns (a run
 * folder's report/); a command's own `--out` goes through writeOutputFolder (output-location.ts), which checks it first.
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(dir)}.${tempSuffix('tmp')}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    await fill(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  swapIn(tmp, dir);
}

/** Moves the filled folder `tmp` to `dir`, replacing what is there (set aside as `.name.old-<pid>@<host>` first, removed after). */
export function swapIn(tmp: string, dir: string): void {
  if (existsSync(dir)) {
    const old = path.join(path.dirname(path.resolve(dir)), `.${path.basename(dir)}.${tempSuffix('old')}`);
    renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, dir);
  }
}
