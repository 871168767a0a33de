/**
 * sha256 of a file computed on a worker thread while this thread goes on (reading and analysing the same file), for
 * provenance: the hash of a 100-200 MB table costs 0.2-0.4 s, which then overlaps the analysis instead of adding to
 * it. The answer is collected synchronously (Atomics.wait on shared memory), so callers stay synchronous; it is the
 * same hex digest as createHash('sha256') over the whole file. Without worker threads it hashes on this thread.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sha256Bytes } from '../core/sha256-file.ts';
import { nativeAddonFile } from '../native/index.ts';

/**
 * Files from this size on are mapped rather than read, where the native addon is built: by readArrowFile for the
 * columns, and here for the hash. A file truncated in place while mapped ends the process (SIGBUS); Evenhand's own
 * writers replace files by renaming, which a mapping survives.
 */
export const MAP_FROM_BYTES = 1 << 20;

// The worker (CommonJS, no TypeScript, so it starts in a few milliseconds from the sources and from the bundle):
// hashes the file memory-mapped by the native addon when it is given one (no copy: the pages come straight from the
// page cache), else read in 4 MiB pieces; writes the 64 hex characters into the shared bytes, then sets the state
// word to 1 (done) or 2 (failed, with the message after the digest's place) and wakes the waiting thread.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync, statSync } = require('node:fs');
const state = new Int32Array(workerData.shared, 0, 1);
const text = new Uint8Array(workerData.shared, 4);
let result = 1;
let out;
try {
  const hash = createHash('sha256');
  let mapped = null;
  if (workerData.addon !== null && statSync(workerData.file).size >= workerData.mapFrom) {
    try {
      mapped = new Uint8Array(require(workerData.addon).mapFile(workerData.file));
    } catch {
      mapped = null;
    }
  }
  if (mapped !== null) hash.update(mapped);
  else {
    const fd = openSync(workerData.file, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 22);
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }
  out = hash.digest('hex');
} catch (err) {
  result = 2;
  out = String(err && err.message || err);
}
text.set(Buffer.from(out).subarray(0, text.length));
Atomics.store(state, 0, result);
Atomics.notify(state, 0);
`;

const TEXT_BYTES = 1024;

/**
 * Starts hashing `file` on a worker thread; the returned function waits for the hex digest (at once when it is done)
 * and returns it, the same on every call. `map: false` reads the file even where it would be mapped (tests compare).
 * @throws Error from the returned function when the file could not be read (the caller has read it by then, so
 * this means it changed or vanished meanwhile).
 * @example const sha = hashFileInBackground('searches.arrow'); ...; record(sha())
 */
export function hashFileInBackground(file: string, options: { map?: boolean } = {}): () => string {
  const shared = new SharedArrayBuffer(4 + TEXT_BYTES);
  let worker: Worker;
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { file, shared, addon: options.map === false ? null : nativeAddonFile, mapFrom: MAP_FROM_BYTES } });
  } catch {
    let digest: string | undefined;
    return () => (digest ??= sha256Bytes(readFileSync(file)));
  }
  // the process may end (a bad table refused) before the hash is asked for
  worker.unref();
  const state = new Int32Array(shared, 0, 1);
  let digest: string | undefined;
  return () => {
    if (digest !== undefined) return digest;
    Atomics.wait(state, 0, 0);
    const text = Buffer.from(new Uint8Array(shared, 4)).toString('utf8').replace(/\0+$/, '');
    if (Atomics.load(state, 0) !== 1) throw new Error(`could not hash ${file}: ${text}`);
    digest = text;
    return digest;
  };
}
