/**
 * queueExecutor: replays a run's segments on `evenhand worker` processes anywhere, through a BullMQ queue on Redis.
 * Each segment is a job (retried with exponential backoff; given to another worker when its worker dies). This
 * process submits the jobs, shows progress (segments done, frames/s, ETA) and returns when every segment has its
 * tables in the shared run folder or has failed. The tables on disk are the truth: a segment is done when its done
 * markers are there, whatever happened to Redis meanwhile (a job lost with a restarted server is submitted again).
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import { readFile } from 'node:fs/promises';
import { sourcePath } from '../footage/index.ts';
import { noPhaseTimes, segmentDone, segmentFiles, type PhaseTimes, type SegmentExecutor, type WorkerSetup, type Segment } from '../replay/index.ts';
import { claimQueue, QUEUE_PREFIX } from './queue-meta.ts';
import { checkRedis, redisClient } from './redis-connection.ts';
import { redactRedisUrl } from './redis-url.ts';
import { jobId, runId, thisMaker, type ReplayJob, type ReplayJobResult } from './replay-job.ts';

/** Where and how to submit. */
export interface QueueSettings {
  redisUrl: string;
  queueName: string;
  /** Tries per job before it fails (default 3). */
  attempts?: number;
  /** First retry delay (ms, doubled each retry; default 5,000). */
  backoffMs?: number;
  /** How often the run folder and the queue are checked (ms, default 1,000). */
  pollMs?: number;
  /** Told when workers are slow to appear, and when a job is retried. */
  log?: (line: string) => void;
}

/**
 * Checks the server and the queue's version stamp, then returns an executor for runReplay.
 * @throws InputError (option `--queue`) when Redis cannot be reached or the queue was made by another version.
 */
export async function queueExecutor(s: QueueSettings): Promise<SegmentExecutor> {
  await checkRedis(s.redisUrl, '--queue');
  const probe = redisClient(s.redisUrl);
  try {
    await claimQueue(probe, s.queueName, '--queue-name');
  } finally {
    probe.disconnect();
  }
  return {
    where: `queue ${s.queueName} on ${redactRedisUrl(s.redisUrl)}`,
    exclusive: false,
    run: (todo, setup, events) => submitAndWait(s, todo, setup, events),
  };
}

const asPhases = (r: Record<string, number>): PhaseTimes => {
  const p = noPhaseTimes();
  for (const k of Object.keys(p) as (keyof PhaseTimes)[]) p[k] = r[k] ?? 0;
  return p;
};

async function submitAndWait(s: QueueSettings, todo: readonly Segment[], setup: WorkerSetup, events: Parameters<SegmentExecutor['run']>[2]): Promise<void> {
  if (todo.length === 0) return;
  const log = s.log ?? (() => undefined);
  const client = redisClient(s.redisUrl);
  const queue = new Queue(s.queueName, { connection: client, prefix: QUEUE_PREFIX });
  const eventsClient = redisClient(s.redisUrl);
  const queueEvents = new QueueEvents(s.queueName, { connection: eventsClient, prefix: QUEUE_PREFIX });
  queueEvents.on('error', () => undefined);
  const run = runId(setup);
  const maker = thisMaker();
  const pending = new Map(todo.map((seg) => [jobId(run, seg.id), seg]));
  const framesOf = new Map<string, number>();
  const jobOptions = { attempts: s.attempts ?? 3, backoff: { type: 'exponential', delay: s.backoffMs ?? 5000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };
  const submit = async (ids: readonly string[]): Promise<void> => {
    const fresh: { name: string; data: ReplayJob; opts: typeof jobOptions & { jobId: string } }[] = [];
    for (const id of ids) {
      const segment = pending.get(id);
      if (segment === undefined) continue;
      const old = await Job.fromId(queue, id);
      if (old !== undefined) {
        const state = await old.getState();
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue; // still queued or running: wait for it
        await old.remove().catch(() => undefined); // a finished job of an earlier submission whose tables are gone
      }
      fresh.push({ name: 'replay-segment', data: { format: 'evenhand-job/1', maker, run, setup, segment }, opts: { ...jobOptions, jobId: id } });
    }
    if (fresh.length > 0) await queue.addBulk(fresh);
  };
  queueEvents.on('progress', ({ jobId: id, data }) => {
    const seg = pending.get(id);
    const frames = typeof data === 'object' && data !== null && 'frames' in data && typeof data.frames === 'number' ? data.frames : null;
    if (seg === undefined || frames === null) return;
    const before = framesOf.get(id) ?? 0;
    if (frames > before) {
      framesOf.set(id, frames);
      events.frames(seg.id, frames - before);
    }
  });
  let readyTold = false;
  queueEvents.on('active', () => {
    if (!readyTold) { readyTold = true; events.ready(setup.algorithmOptions.provider ?? 'cpu'); }
  });
  try {
    await queueEvents.waitUntilReady();
    await submit([...pending.keys()]);
    const started = performance.now();
    let lastCheck = 0, warned = false;
    while (pending.size > 0) {
      await new Promise((r) => setTimeout(r, s.pollMs ?? 1000));
      // 1. Segments whose tables are in the run folder are done (the truth, whatever Redis says).
      for (const [id, seg] of [...pending]) {
        if (!(await Promise.all(setup.outputs.map((o) => segmentDone(o.outDir, seg.id)))).every(Boolean)) continue;
        pending.delete(id);
        const job = await Job.fromId<ReplayJob, ReplayJobResult>(queue, id).catch(() => undefined);
        const r = job?.returnvalue ?? null;
        const counts = r ?? JSON.parse(await readFile(segmentFiles(setup.outputs[0]?.outDir ?? '', seg.id).done, 'utf8').catch(() => '{}')) as Partial<ReplayJobResult>;
        const frames = counts.frames ?? 0;
        const seen = framesOf.get(id) ?? 0;
        if (frames > seen) events.frames(seg.id, frames - seen);
        if (!readyTold) { readyTold = true; events.ready(setup.algorithmOptions.provider ?? 'cpu'); }
        events.finished({ kind: 'done', segmentId: seg.id, frames, tracks: counts.tracks ?? 0, embeddings: counts.embeddings ?? 0, inferenceMs: r?.inferenceMs ?? 0, phasesMs: asPhases(r?.phasesMs ?? {}) });
      }
      // 2. Every few seconds: jobs that failed for good, and jobs Redis lost (a restart without persistence).
      const now = performance.now();
      if (now - lastCheck < 5 * (s.pollMs ?? 1000) || pending.size === 0) continue;
      lastCheck = now;
      const lost: string[] = [];
      for (const [id, seg] of [...pending]) {
        const job = await Job.fromId<ReplayJob, ReplayJobResult>(queue, id).catch(() => null);
        if (job === null) continue; // Redis unreachable for now: keep waiting, ioredis reconnects
        if (job === undefined) { lost.push(id); continue; }
        const state = await job.getState().catch(() => 'unknown');
        if (state !== 'failed') continue;
        pending.delete(id);
        const reason = job.failedReason;
        events.finished({ kind: 'failed', segmentId: seg.id, file: sourcePath(seg.source), error: reason, badInput: /^(bad input|refused)/.test(reason) });
      }
      if (lost.length > 0) {
        log(`queue ${s.queueName}: ${lost.length} job(s) missing from Redis (was it restarted without persistence?): submitting them again`);
        await submit(lost);
      }
      if (!warned && !readyTold && now - started > 60_000) {
        warned = true;
        const workers = await queue.getWorkers().catch(() => []);
        log(`queue ${s.queueName}: no segment started in 60 s (${workers.length} worker(s) connected): start workers with evenhand worker --redis ${redactRedisUrl(s.redisUrl)} --queue-name ${s.queueName}`);
      }
    }
  } finally {
    await queueEvents.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    client.disconnect();
    eventsClient.disconnect();
  }
}
