// Worker-thread entry of regressionsInBackground (plain JavaScript, so that it starts from the sources and from the
// prebuilt command alike): registers tsx when the module is TypeScript, imports the module at workerData.entry, runs
// its fitRegressions, posts the regressions (or the error) on workerData.port, and in every case then sets the shared
// state word to 1 and wakes the waiting thread, so that the wait always ends.
import { workerData } from 'node:worker_threads';

const flag = new Int32Array(workerData.state, 0, 1);
try {
  if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
  const { fitRegressions } = await import(workerData.entry);
  workerData.port.postMessage({ regressions: fitRegressions(workerData) });
} catch (err) {
  workerData.port.postMessage({ error: String((err && err.message) || err) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
