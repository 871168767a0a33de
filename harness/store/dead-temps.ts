/**
 * Temporary files and folders of dead processes. Every temporary name Evenhand writes ends in `.tmp-<pid>@<host>` (or
 * `.old-<pid>@<host>` for a folder being replaced): the process id and the machine make them findable, and safe to
 * remove once that process is gone. A killed run leaves them behind; the next run removes them. Entries of live
 * processes (another run at work, or this process) are left alone, and so are those of other machines: shards and
 * queue workers share a run folder over a network filesystem, and a process id means nothing on another host. Older
 * names without a host (`.tmp-<pid>`) are taken as this machine's.
 */
import { readdirSync, rmSync, type Dirent } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** The suffix of a temporary name: the process that wrote it, and the machine (absent in older names). */
const TEMP_NAME = /\.(?:tmp|old)-(\d+)(?:@([A-Za-z0-9_-]+))?$/;

/** This machine's name as it appears in temporary names. */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'localhost';

/**
 * The suffix of a temporary name written by this process: `tmp-<pid>@<host>` (or `old-...`).
 * @example `${file}.${tempSuffix('tmp')}` // 'results.json.tmp-4242@node-7'
 */
export function tempSuffix(kind: 'tmp' | 'old'): string {
  return `${kind}-${process.pid}@${HOST}`;
}

/** The process id in a temporary name, or null for any other name. @example tempOwner('.report.tmp-4242@node-7') // 4242 */
export function tempOwner(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m === null ? null : Number(m[1]);
}

/**
 * True when `name` is a temporary name of a process of this machine that is no longer running.
 * @example isDeadTemp('.report.tmp-31337') // true unless process 31337 runs here
 */
export function isDeadTemp(name: string): boolean {
  const m = TEMP_NAME.exec(name);
  if (m === null) return false;
  const host = m[2];
  return (host === undefined || host === HOST) && !processAlive(Number(m[1]));
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
 * Removes the temporary entries of dead processes of this machine in `dir`, and in its subfolders down to `depth` levels; returns
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
    if (tempOwner(e.name) !== null) {
      if (isDeadTemp(e.name)) {
        rmSync(full, { recursive: true, force: true });
        removed.push(full);
      }
    } else if (depth > 0 && e.isDirectory()) {
      removed.push(...removeDeadTemps(full, depth - 1));
    }
  }
  return removed;
}
