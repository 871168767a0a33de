/**
 * onceUnderLock: makes an output once when several processes (shards on many machines over a shared folder) may want
 * it at the same time. The first takes a lock (proper-lockfile: a lock folder, refreshed while held, taken over when
 * stale, so a crashed holder does not block the others for long); the others wait, then use what it made.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** How long a lock may go unrefreshed before another process takes it over (ms). */
const STALE_MS = 30_000;

/**
 * Runs `make()` unless `isMade()` already holds, under a lock on `file` shared with other processes; a process that
 * finds the lock taken waits (telling `onWait` once) until it is free, then checks `isMade()` again.
 * @example await onceUnderLock('runs/x/gallery', () => existsSync('runs/x/gallery.json'), enrol)
 */
export async function onceUnderLock(file: string, isMade: () => boolean, make: () => Promise<void>, onWait?: () => void): Promise<void> {
  if (isMade()) return;
  mkdirSync(path.dirname(file), { recursive: true });
  let told = false;
  for (;;) {
    let release: (() => Promise<void>) | null = null;
    try {
      release = await lockfile.lock(file, { realpath: false, stale: STALE_MS, update: STALE_MS / 3, onCompromised: (err) => { throw err; } });
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ELOCKED')) throw err;
      if (!told) onWait?.();
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!isMade()) await make();
      return;
    } finally {
      await release();
    }
  }
}
