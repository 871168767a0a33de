// Worker-thread entry of runInBackground (plain JavaScript, so that it starts from the sources and from the prebuilt
// command alike): registers tsx when the module is TypeScript, imports the module at workerData.entry, calls its
// export workerData.run with workerData.input, posts the value (its top-level typed arrays' buffers transferred, not
// copied) or the error on workerData.port, and in every case then sets the shared state word to 1 and wakes the
// waiting thread, so that the wait always ends.
import { workerData } from 'node:worker_threads';

/** The distinct, transferable buffers of the typed arrays among `value`'s own properties. */
function buffers(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const found = new Set();
  for (const v of Object.values(value)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) found.add(v.buffer);
  }
  return [...found];
}

const flag = new Int32Array(workerData.state, 0, 1);
try {
  if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const mod = await import(workerData.entry);
  const value = mod[workerData.run](workerData.input);
  workerData.port.postMessage({ value }, buffers(value));
} catch (err) {
  workerData.port.postMessage({ error: String((err && err.message) || err) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
