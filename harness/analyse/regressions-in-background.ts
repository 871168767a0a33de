/**
 * The logistic regressions of an algorithm fitted on a worker thread while this thread goes on with the bootstrap and
 * the comparisons: a regression over 20,000 volunteers (IRLS and the cluster-robust covariance) costs 0.1-0.2 s, which
 * then overlaps the comparisons on a second core instead of adding to them. The answer is collected synchronously
 * (Atomics.wait on shared memory, then the port's message), so callers stay synchronous. The worker runs the same
 * regressOutcome on the same numbers, so the regressions are the same to the bit; small jobs (and any failure to
 * start a thread) are fitted on this thread, where a thread's start-up would cost more than it saves.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Campaign } from '../campaign/campaign.ts';
import { fitRegressions } from './fit-regressions.ts';
import type { RegressionJob } from './regression-job.ts';
import type { Regression } from './results-schema.ts';

/** Fewest clusters, over all jobs, for which the regressions go to a worker thread (the default). */
export const BACKGROUND_MIN_CLUSTERS = 5000;

/**
 * How long to wait for the worker's answer before fitting on this thread instead (the default): a worker that died
 * without answering (killed, out of memory) must not leave the command waiting for ever. The fits take well under a
 * second, so waiting this long means the thread is gone or starved; fitting here gives the same numbers.
 */
export const BACKGROUND_WAIT_MS = 120_000;

/** Where the regressions may be fitted: fewer clusters than `minClusters` stay on this thread; `waitMs` bounds the wait. */
export interface BackgroundOptions {
  minClusters?: number;
  waitMs?: number;
}

/** Waits for the regressions and returns them; `fittedOn` says where they were fitted (null before they are asked for). */
export type BackgroundRegressions = (() => Regression[]) & { fittedOn: () => 'worker' | 'this thread' | null };

/** The worker's entry and the module it runs: the prebuilt command's chunk beside this one, or the TypeScript source. */
const threadEntry = new URL('../analyse/regression-thread.js', import.meta.url);
function workerModule(): string {
  const built = new URL('./fit-regressions.js', import.meta.url);
  if (!fileURLToPath(import.meta.url).endsWith('.ts') && existsSync(built)) return built.href;
  return new URL('../analyse/fit-regressions.ts', import.meta.url).href;
}

/**
 * Starts fitting `jobs` (regressOutcome of each, in order); the returned function waits for them and returns the
 * regressions in the order of `jobs`, the same on every call. `minClusters` (default BACKGROUND_MIN_CLUSTERS): fewer
 * clusters than this over all jobs are fitted on this thread when the function is called. `waitMs` (default
 * BACKGROUND_WAIT_MS): a worker that has not answered by then is stopped and the regressions are fitted here.
 * @throws Error from the returned function when a fit throws (it is then repeated on this thread, which throws).
 * @example const regressions = regressionsInBackground(campaign, jobs, 0.95); ...; results.regressions = regressions()
 */
export function regressionsInBackground(campaign: Campaign, jobs: readonly RegressionJob[], level: number, options: BackgroundOptions = {}): BackgroundRegressions {
  const minClusters = options.minClusters ?? BACKGROUND_MIN_CLUSTERS;
  let done: Regression[] | undefined;
  let fittedOn: 'worker' | 'this thread' | null = null;
  const here = (): Regression[] => {
    if (done === undefined) {
      done = fitRegressions({ campaign, jobs, level });
      fittedOn = 'this thread';
    }
    return done;
  };
  const answer = (collect: () => Regression[]): BackgroundRegressions => Object.assign(collect, { fittedOn: () => fittedOn });
  const clusters = jobs.reduce((a, j) => a + j.clusters.trials.length, 0);
  if (jobs.length === 0 || clusters < minClusters) return answer(here);
  const state = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(threadEntry, { workerData: { entry: workerModule(), campaign, jobs, level, port: port2, state }, transferList: [port2] });
    // the process may end (a bad table refused) before the regressions are asked for: neither the thread nor the
    // port keeps it alive
    worker.unref();
    port1.unref();
  } catch {
    port1.close();
    return answer(here);
  }
  return answer(() => {
    if (done !== undefined) return done;
    const flag = new Int32Array(state, 0, 1);
    if (Atomics.wait(flag, 0, 0, options.waitMs ?? BACKGROUND_WAIT_MS) === 'timed-out') {
      void worker.terminate();
      port1.close();
      return here();
    }
    const reply: unknown = receiveMessageOnPort(port1)?.message;
    port1.close();
    if (isReply(reply) && reply.regressions !== undefined) {
      fittedOn = 'worker';
      return (done = reply.regressions);
    }
    // the thread failed (could not load its module, or a fit threw): fit here, which gives the same numbers or
    // throws the fit's error on this thread
    return here();
  });
}

function isReply(x: unknown): x is { regressions?: Regression[] } {
  return typeof x === 'object' && x !== null && 'regressions' in x;
}
