/**
 * The queue: a run's footage segments as BullMQ jobs on Redis, replayed by `evenhand worker` processes on any number
 * of machines that share the run folder.
 *
 *   replay/run --queue URL -> queueExecutor: jobs (one a segment) -> Redis <- startQueueWorker (evenhand worker)
 *                                                                              -> tables in the shared run folder
 */
export { queueExecutor, type QueueSettings } from './queue-executor.ts';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './queue-worker.ts';
export { parseRedisUrl, redactRedisUrl } from './redis-url.ts';
export { checkRedis } from './redis-connection.ts';
export { claimQueue, QUEUE_PREFIX } from './queue-meta.ts';
export { JOB_FORMAT, ReplayJobSchema, refusal, thisMaker, jobId, runId, type ReplayJob, type ReplayJobResult, type JobMaker } from './replay-job.ts';
export { startLocalRedis, hasRedisServer, type LocalRedis } from './local-redis.ts';
