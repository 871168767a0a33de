/**
 * Temporary files and folders of dead processes. Every temporary name Evenhand writes ends in `.tmp-<pid>` (or
 * `.old-<pid>` for a folder being replaced): the process id makes them findable, and safe to remove once that
 * process is gone. A killed run leaves them behind; the next run removes them. Entries of live processes (another
 * run at work, or this process) are left alone.
 */
import { readdirSync, rmSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** The suffix of a temporary name and the process that wrote it. */
const TEMP_NAME = /\.(?:tmp|old)-(\d+)$/;

/** The process id in a temporary name, or null for any other name. @example tempOwner('.report.tmp-4242') // 4242 */
export function tempOwner(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m === null ? null : Number(m[1]);
}

/** Whether process `pid` is running (signal 0 probes without sending anything; EPERM means it exists). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPERM';
  }
}

/**
 * Removes the temporary entries of dead processes in `dir`, and in its subfolders down to `depth` levels; returns
 * the paths removed. A folder that cannot be read is skipped (this is tidying, not work).
 * @example removeDeadTemps('runs/rehearsal-run', 4) // ['runs/rehearsal-run/.report.tmp-31337']
 */
export function removeDeadTemps(dir: string, depth = 0): string[] {
  const removed: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const owner = tempOwner(e.name);
    if (owner !== null) {
      if (!processAlive(owner)) {
        rmSync(full, { recursive: true, force: true });
        removed.push(full);
      }
    } else if (depth > 0 && e.isDirectory()) {
      removed.push(...removeDeadTemps(full, depth - 1));
    }
  }
  return removed;
}
