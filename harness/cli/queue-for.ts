/** queueFor: the queue executor of `--queue URL` (checked: URL, server reachable, queue of this version) before any output is written. */
import { InputError } from '../core/input-error.ts';
import { parseRedisUrl, queueExecutor } from '../queue/index.ts';
import type { SegmentExecutor } from '../replay/index.ts';
import { say } from './options.ts';

/** @throws InputError for a bad URL, an unreachable server, a queue of another version or bad --attempts. */
export async function queueFor(args: { queue?: string | undefined; 'queue-name': string; attempts: number }): Promise<SegmentExecutor | undefined> {
  if (args.queue === undefined) return undefined;
  const redisUrl = parseRedisUrl(args.queue, '--queue');
  if (!(Number.isInteger(args.attempts) && args.attempts >= 1)) throw new InputError('--attempts', [{ path: '', expected: 'a whole number >= 1', got: String(args.attempts) }]);
  return queueExecutor({ redisUrl, queueName: args['queue-name'], attempts: args.attempts, log: say });
}
