/**
 * startQueueWorker: `evenhand worker`: takes replay jobs (one footage segment each) from a BullMQ queue on Redis and
 * replays them on worker threads of this process, writing each segment's tables atomically into the shared run folder.
 *
 *   BullMQ job -> checks (job made by this version and these models? already done?) -> replay thread -> tables
 *
 * A job whose worker dies is given to another worker once its lock expires (BullMQ's stalled-job check); a job that
 * fails for a passing reason is retried with backoff; bad input (corrupt footage, a wrong gallery) and a job made
 * by another version fail at once, without retries.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { InputError } from '../core/input-error.ts';
import { ReplayThreads, segmentDone, segmentFiles, type WorkerSetup } from '../replay/index.ts';
import { claimQueue } from './queue-meta.ts';
import { redisClient, checkRedis } from './redis-connection.ts';
import { refusal, ReplayJobSchema, thisMaker, type ReplayJobResult } from './replay-job.ts';

/** Settings of a queue worker. */
export interface QueueWorkerOptions {
  redisUrl: string;
  queueName: string;
  /** Segments replayed at once (one worker thread each; default 1). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a dead worker's job goes back to the queue after about this long (ms, default 30,000). */
  lockMs?: number;
  /** A name for this worker in the queue (default host:pid). */
  name?: string;
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  readonly name: string;
  /** Stops taking jobs, lets running ones finish, closes threads and connections. */
  close(): Promise<void>;
}

/** The setup's pool of threads, started on the first job that needs it and kept while jobs of that setup come. */
class Pools {
  private readonly pools = new Map<string, Promise<ReplayThreads>>();

  constructor(private readonly size: number) {}

  async get(setup: WorkerSetup): Promise<ReplayThreads> {
    const key = JSON.stringify(setup);
    let pool = this.pools.get(key);
    if (pool !== undefined && (await pool.catch(() => null))?.isBroken === true) pool = undefined; // a thread died: start afresh
    if (pool === undefined) {
      // a new run's setup: close the idle pools of earlier runs
      for (const [k, p] of this.pools) {
        const ready = await p.catch(() => null);
        if (ready === null || ready.idle === ready.size) { this.pools.delete(k); void ready?.close(); }
      }
      pool = ReplayThreads.start(setup, this.size);
      this.pools.set(key, pool);
      pool.catch(() => this.pools.delete(key));
    }
    return pool;
  }

  async close(): Promise<void> {
    for (const p of this.pools.values()) await (await p.catch(() => null))?.close();
    this.pools.clear();
  }
}

async function doneCounts(setup: WorkerSetup, segmentId: string): Promise<{ frames: number; tracks: number; embeddings: number }> {
  const outDir = setup.outputs[0]?.outDir ?? '';
  try {
    const d = JSON.parse(await readFile(segmentFiles(outDir, segmentId).done, 'utf8')) as Partial<Record<'frames' | 'tracks' | 'embeddings', number>>;
    return { frames: d.frames ?? 0, tracks: d.tracks ?? 0, embeddings: d.embeddings ?? 0 };
  } catch {
    return { frames: 0, tracks: 0, embeddings: 0 };
  }
}

/**
 * Connects to the queue and starts taking jobs.
 * @throws InputError when Redis cannot be reached or the queue was made by another Evenhand version.
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const log = opts.log ?? (() => undefined);
  await checkRedis(opts.redisUrl, '--redis');
  const client = redisClient(opts.redisUrl);
  try {
    await claimQueue(client, opts.queueName, '--queue-name');
  } catch (err) {
    client.disconnect();
    throw err;
  }
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const pools = new Pools(concurrency);
  const mine = thisMaker();
  const processor = async (job: Job): Promise<ReplayJobResult> => {
    const parsed = ReplayJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`refused: not an Evenhand replay job (${parsed.error.issues[0]?.message ?? 'bad data'})`);
    const { maker, setup, segment, format } = parsed.data;
    const why = format !== 'evenhand-job/1' ? `job format ${format}` : refusal(maker, mine);
    if (why !== null) {
      log(`${name}: refused job ${job.id ?? '?'}: ${why}`);
      throw new UnrecoverableError(`refused by worker ${name}: ${why}`);
    }
    if ((await Promise.all(setup.outputs.map((o) => segmentDone(o.outDir, segment.id)))).every(Boolean)) {
      return { skipped: true, ...(await doneCounts(setup, segment.id)), inferenceMs: 0, phasesMs: {}, worker: name };
    }
    let pool: ReplayThreads;
    try {
      pool = await pools.get(setup);
    } catch (err) {
      if (err instanceof InputError) throw new UnrecoverableError(`bad input: ${err.message}`);
      throw err;
    }
    let frames = 0, reported = 0, last = 0;
    const outcome = await pool.replay(segment, (n) => {
      frames += n;
      const now = performance.now();
      if (now - last >= 500) {
        last = now;
        reported = frames;
        void job.updateProgress({ frames: reported }).catch(() => undefined);
      }
    });
    if (outcome.kind === 'failed') {
      if (outcome.badInput) throw new UnrecoverableError(`bad input: ${outcome.file}: ${outcome.error}`);
      throw new Error(outcome.error);
    }
    log(`${name}: segment ${segment.id} done (${outcome.frames} frames)`);
    return { skipped: false, frames: outcome.frames, tracks: outcome.tracks, embeddings: outcome.embeddings, inferenceMs: outcome.inferenceMs, phasesMs: outcome.phasesMs, worker: name };
  };
  const lockMs = opts.lockMs ?? 30_000;
  const worker = new Worker(opts.queueName, processor, {
    connection: client, prefix: 'bull', name, concurrency, lockDuration: lockMs, stalledInterval: Math.max(1000, Math.round(lockMs / 2)), maxStalledCount: 3,
  });
  worker.on('error', (err) => log(`${name}: queue connection: ${err.message}`));
  await worker.waitUntilReady();
  log(`${name}: taking replay jobs from queue ${opts.queueName} (${concurrency} at a time)`);
  return {
    name,
    async close() {
      await worker.close();
      await pools.close();
      client.disconnect();
    },
  };
}
