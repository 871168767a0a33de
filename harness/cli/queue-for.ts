/** queueFor: the queue executor of `--queue URL` (checked: URL, server reachable, queue of this version) before any output is written. */
import { queueExecutor } from '../queue/index.ts';
import type { SegmentExecutor } from '../replay/index.ts';
import { say } from './options.ts';

/**
 * The executor of `--queue` (undefined without one); the URL and --attempts were checked as they were parsed.
 * @throws InputError for an unreachable server or a queue of another version.
 */
export async function queueFor(args: { queue?: string | undefined; 'queue-name': string; attempts: number }): Promise<SegmentExecutor | undefined> {
  if (args.queue === undefined) return undefined;
  return queueExecutor({ redisUrl: args.queue, queueName: args['queue-name'], attempts: args.attempts, log: say });
}
