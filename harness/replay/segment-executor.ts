/** SegmentExecutor: where a run's segments are replayed: worker threads of this process, or workers elsewhere (a queue). */
import { availableParallelism } from 'node:os';
import type { ExecutionProvider } from '../algorithms/index.ts';
import { ReplayThreads } from './replay-threads.ts';
import type { SegmentDone, SegmentFailed, WorkerSetup } from './replay-worker.ts';
import type { Segment } from './segment.ts';

/** What an executor reports while it works. */
export interface ExecutorEvents {
  /** The models are loaded where the work runs, with this execution provider. */
  ready(provider: ExecutionProvider): void;
  /** `count` more frames of `segmentId` were processed. */
  frames(segmentId: string, count: number): void;
  /** A segment finished (its tables are written) or failed. */
  finished(outcome: SegmentDone | SegmentFailed): void;
}

/** Runs segments and reports each one as it finishes; resolves when every segment has finished or failed. */
export interface SegmentExecutor {
  /** Where the work runs, for messages (e.g. `2 worker threads`). */
  readonly where: string;
  /** True when only this process writes into the output folders during the run (temporary files left there are stale). */
  readonly exclusive: boolean;
  /** @throws InputError when a model, gallery or provider cannot be loaded; Error when the work cannot go on. */
  run(todo: readonly Segment[], setup: WorkerSetup, events: ExecutorEvents): Promise<void>;
}

/** Worker threads of this process (default: one a core), each loading the models once. */
export function localThreads(workers?: number): SegmentExecutor {
  const wanted = workers ?? availableParallelism();
  return {
    where: `${wanted} worker thread${wanted === 1 ? '' : 's'}`,
    exclusive: true,
    async run(todo, setup, events) {
      if (todo.length === 0) return;
      const pool = await ReplayThreads.start(setup, Math.max(1, Math.min(wanted, todo.length)));
      events.ready(pool.provider);
      try {
        await Promise.all(todo.map(async (segment) => events.finished(await pool.replay(segment, (n) => events.frames(segment.id, n)))));
      } catch (err) {
        await pool.terminate();
        throw err;
      }
      await pool.close();
    },
  };
}

/**
 * An executor that replays nothing: each segment it is given is reported as failed, with the failure recorded for it
 * elsewhere (a shard's record) or as not replayed. Used to finish a run whose segments were replayed by shards.
 */
export function recordedOutcomes(recorded: readonly SegmentFailed[]): SegmentExecutor {
  const byId = new Map(recorded.map((f) => [f.segmentId, f]));
  return {
    where: 'shards (merged)',
    exclusive: false,
    run(todo, _setup, events) {
      for (const s of todo) events.finished(byId.get(s.id) ?? { kind: 'failed', segmentId: s.id, file: '', error: 'not replayed by any shard', badInput: false });
      return Promise.resolve();
    },
  };
}
