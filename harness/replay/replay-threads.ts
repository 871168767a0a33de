/** ReplayThreads: a pool of replay worker threads sharing one setup; each replays one segment at a time. */
import { Worker } from 'node:worker_threads';
import type { ExecutionProvider } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import type { SegmentDone, SegmentFailed, WorkerMessage, WorkerSetup } from './replay-worker.ts';
import type { Segment } from './segment.ts';

/**
 * The worker thread's entry: ts-worker.js registers tsx there, then imports replay-worker.ts. Named from the parent
 * folder so that the paths also hold from the prebuilt command (harness/bundle/, beside this folder).
 */
const workerEntry = new URL('../replay/ts-worker.js', import.meta.url);
const workerModule = new URL('../replay/replay-worker.ts', import.meta.url).href;

interface Slot {
  worker: Worker;
  job: { resolve: (r: SegmentDone | SegmentFailed) => void; reject: (e: unknown) => void; onFrames?: ((n: number) => void) | undefined } | null;
}

/** Worker threads that have loaded the models and galleries of one {@link WorkerSetup}. */
export class ReplayThreads {
  private readonly free: Slot[];
  private readonly waiting: { resolve: (slot: Slot) => void; reject: (e: unknown) => void }[] = [];
  private broken: Error | null = null;

  private constructor(private readonly slots: Slot[], readonly provider: ExecutionProvider) {
    this.free = [...slots];
  }

  /**
   * Starts `count` threads and waits until every one has loaded its models and galleries.
   * @throws InputError when a model or gallery file is bad (or CUDA cannot be loaded); Error when a thread cannot start.
   */
  static async start(setup: WorkerSetup, count: number): Promise<ReplayThreads> {
    const slots: Slot[] = [];
    const ready: Promise<ExecutionProvider>[] = [];
    for (let i = 0; i < Math.max(1, count); i++) {
      const worker = new Worker(workerEntry, { workerData: { entry: workerModule, setup } });
      slots.push({ worker, job: null });
      ready.push(new Promise((resolve, reject) => {
        worker.once('message', (m: WorkerMessage) => {
          if (m.kind === 'ready') resolve(m.provider);
          else if (m.kind === 'fatal') reject(m.input ? new InputError(m.input.file, m.input.problems) : new Error(`replay worker could not start: ${m.error}`));
        });
        worker.once('error', reject);
      }));
    }
    let providers: ExecutionProvider[];
    try {
      providers = await Promise.all(ready);
    } catch (err) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw err;
    }
    const pool = new ReplayThreads(slots, providers[0] ?? 'cpu');
    for (const slot of slots) pool.listen(slot);
    return pool;
  }

  private listen(slot: Slot): void {
    slot.worker.on('message', (m: WorkerMessage) => {
      const job = slot.job;
      if (job === null) return;
      if (m.kind === 'frames') job.onFrames?.(m.count);
      else if (m.kind === 'done' || m.kind === 'failed') {
        slot.job = null;
        job.resolve(m);
        this.release(slot);
      }
    });
    const fail = (err: Error) => {
      this.broken ??= err;
      slot.job?.reject(err);
      slot.job = null;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => { if (slot.job !== null) fail(new Error(`a replay worker thread exited (code ${code}) during a segment`)); });
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next === undefined) this.free.push(slot);
    else next.resolve(slot);
  }

  private acquire(): Promise<Slot> {
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * Replays `segment` on the next free thread, which writes its tables; resolves with its counts, or with the failure
   * of a bad segment. `onFrames` hears frames as they are processed.
   * @throws Error when a thread died (the pool is then unusable).
   */
  async replay(segment: Segment, onFrames?: (n: number) => void): Promise<SegmentDone | SegmentFailed> {
    if (this.broken !== null) throw this.broken;
    const slot = await this.acquire();
    return new Promise((resolve, reject) => {
      slot.job = { resolve, reject, onFrames };
      slot.worker.postMessage({ segment });
    });
  }

  /** True once a thread died: the pool cannot replay any more. */
  get isBroken(): boolean {
    return this.broken !== null;
  }

  /** Number of threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Threads not replaying a segment now. */
  get idle(): number {
    return this.free.length;
  }

  /** Lets every thread finish and close its sessions. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => new Promise<void>((resolve) => {
      s.worker.once('exit', () => resolve());
      s.worker.postMessage({ close: true });
    })));
  }

  /** Stops every thread at once. */
  async terminate(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
