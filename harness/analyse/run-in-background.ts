/**
 * Runs one exported function of a module on a worker thread while this thread goes on, and collects its value
 * synchronously (Atomics.wait on shared memory, then the port's message), so callers stay synchronous. A thread that
 * cannot start, cannot load its module, throws, or answers with something `accept` refuses is replaced by running
 * the same computation on this thread (`here`), which gives the same value or throws its error here. Used for the
 * logistic regressions and for reading the candidates table, which then overlap the comparisons on a second core.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Waits for the value and returns it (the same on every call); `ranOn` says where it was computed (null before it is asked for). */
export type Background<T> = (() => T) & { ranOn: () => 'worker' | 'this thread' | null };

/** What to run on a worker thread. */
export interface BackgroundTask<T> {
  /** The module's file name without extension, in harness/analyse/ (and, prebuilt, as an entry of harness/bundle/). */
  module: string;
  /** Its exported function, called with `input` (copied to the thread by structured clone). */
  run: string;
  input: unknown;
  /** Whether the thread's answer is a value of the task (a typed check; anything else is computed here). */
  accept: (value: unknown) => value is T;
  /** The same computation on this thread. */
  here: () => T;
}

/**
 * How long to wait for a worker's answer before computing on this thread instead (the default): a worker that died
 * without answering (killed, out of memory) must not leave the command waiting for ever. The background work takes
 * well under a second, so waiting this long means the thread is gone or starved; computing here gives the same value.
 */
export const BACKGROUND_WAIT_MS = 120_000;

/** Where work counted in clusters may run: fewer clusters than `minClusters` stay on this thread; `waitMs` bounds the wait for the thread. */
export interface ClusteredPlace {
  minClusters?: number;
  waitMs?: number;
}

/** Where a task runs: on a worker thread when `background` (else here, when first asked for); `waitMs` bounds the wait. */
export interface BackgroundPlace {
  background: boolean;
  /** Milliseconds to wait for the worker's answer before stopping it and computing here (default BACKGROUND_WAIT_MS). */
  waitMs?: number;
}

/** The worker's entry: the same file from the sources and from the prebuilt command (harness/bundle/../analyse). */
const threadEntry = new URL('../analyse/background-thread.js', import.meta.url);

/** The prebuilt command's chunk beside this one, or the TypeScript source. */
function workerModule(name: string): string {
  const built = new URL(`./${name}.js`, import.meta.url);
  if (!fileURLToPath(import.meta.url).endsWith('.ts') && existsSync(built)) return built.href;
  return new URL(`../analyse/${name}.ts`, import.meta.url).href;
}

/**
 * Starts `task` on a worker thread when `place.background` is true (else it runs on this thread when first asked for).
 * A worker that has not answered `place.waitMs` after the value is asked for is stopped and the value computed here.
 * @throws from the returned function, the error of `task.here` when the thread failed and the computation throws here.
 * @example const value = runInBackground({ module: 'fit-regressions', run: 'fitRegressions', input, accept, here }, { background: true }); ...; value()
 */
export function runInBackground<T>(task: BackgroundTask<T>, place: BackgroundPlace): Background<T> {
  let done: { value: T } | undefined;
  let ranOn: 'worker' | 'this thread' | null = null;
  const here = (): T => {
    if (done === undefined) {
      done = { value: task.here() };
      ranOn = 'this thread';
    }
    return done.value;
  };
  const answer = (collect: () => T): Background<T> => Object.assign(collect, { ranOn: () => ranOn });
  if (!place.background) return answer(here);
  const state = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(threadEntry, { workerData: { entry: workerModule(task.module), run: task.run, input: task.input, port: port2, state }, transferList: [port2] });
    // the process may end (a bad table refused) before the value is asked for: neither the thread nor the port
    // keeps it alive
    worker.unref();
    port1.unref();
  } catch {
    port1.close();
    return answer(here);
  }
  return answer(() => {
    if (done !== undefined) return done.value;
    const flag = new Int32Array(state, 0, 1);
    if (Atomics.wait(flag, 0, 0, place.waitMs ?? BACKGROUND_WAIT_MS) === 'timed-out') {
      void worker.terminate();
      port1.close();
      return here();
    }
    const reply: unknown = receiveMessageOnPort(port1)?.message;
    port1.close();
    if (typeof reply === 'object' && reply !== null && 'value' in reply && task.accept(reply.value)) {
      done = { value: reply.value };
      ranOn = 'worker';
      return done.value;
    }
    // the thread failed (could not load its module, or the computation threw): computed here, which gives the
    // same value or throws its error on this thread
    return here();
  });
}
