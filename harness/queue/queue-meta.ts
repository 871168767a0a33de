/**
 * The queue's stamp: which Evenhand version and job format made a queue, kept in Redis beside BullMQ's keys. A
 * submitter or worker of another version refuses the queue (exit code 2) instead of leaving jobs nobody can run.
 */
import type { Redis } from 'ioredis';
import { InputError } from '../core/input-error.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { JOB_FORMAT } from './replay-job.ts';

/** BullMQ's key prefix (its default). */
export const QUEUE_PREFIX = 'bull';

const stampKey = (queueName: string): string => `${QUEUE_PREFIX}:${queueName}:evenhand`;

/**
 * Stamps queue `queueName` with this version when it has no stamp; checks the stamp otherwise.
 * @throws InputError naming `option` when the queue was made by another version or job format.
 */
export async function claimQueue(client: Redis, queueName: string, option: string): Promise<void> {
  const key = stampKey(queueName);
  await client.hsetnx(key, 'version', TOOL_VERSION);
  await client.hsetnx(key, 'format', JOB_FORMAT);
  const [version, format] = await client.hmget(key, 'version', 'format');
  if (version !== TOOL_VERSION || format !== JOB_FORMAT) {
    throw new InputError(option, [{
      path: `queue ${queueName}`,
      expected: `a queue made by Evenhand ${TOOL_VERSION} (jobs ${JOB_FORMAT}); give another --queue-name, or remove the old queue's keys (${QUEUE_PREFIX}:${queueName}:*) once its jobs are finished`,
      got: `a queue made by Evenhand ${version ?? 'unknown'} (jobs ${format ?? 'unknown'})`,
    }]);
  }
}
