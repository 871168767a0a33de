/** `evenhand worker`: replays footage segments taken from a BullMQ queue on Redis, until stopped. */
import type { CommandModule } from 'yargs';
import { parseRedisUrl, startQueueWorker } from '../queue/index.ts';
import { InputError } from '../core/input-error.ts';
import { say } from './options.ts';

interface Args { redis: string; 'queue-name': string; concurrency: number; 'lock-s': number }

export const workerCommand: CommandModule<object, Args> = {
  command: 'worker',
  describe: 'Replay footage segments from a queue (submitted by replay/run --queue) until stopped; run one on each machine',
  builder: (y) => y
    .option('redis', { type: 'string', demandOption: true, describe: 'Redis URL of the queue, e.g. redis://10.0.0.5:6379' })
    .option('queue-name', { type: 'string', default: 'evenhand-replay', describe: 'Name of the queue to take jobs from' })
    .option('concurrency', { type: 'number', default: 1, describe: 'Segments replayed at once, one worker thread each (e.g. the number of cores)' })
    .option('lock-s', { type: 'number', default: 30, describe: 'Seconds a job stays locked without renewal: a dead worker\'s job goes to another worker after about this long' })
    .epilog('The worker needs the footage, galleries and run folder at the same paths as the submitting machine (a shared folder mounted alike everywhere). It refuses a queue made by another Evenhand version and any job made with another version or other model hashes. SIGINT or SIGTERM stops it after its running segments (their jobs go back to the queue if it is killed). Exit code 2 when Redis cannot be reached or the queue belongs to another version.')
    .example('evenhand worker --redis redis://10.0.0.5:6379 --concurrency 16', ''),
  handler: async (args) => {
    const url = parseRedisUrl(args.redis, '--redis');
    if (!(Number.isInteger(args.concurrency) && args.concurrency >= 1)) throw new InputError('--concurrency', [{ path: '', expected: 'a whole number >= 1', got: String(args.concurrency) }]);
    if (!(args['lock-s'] >= 2)) throw new InputError('--lock-s', [{ path: '', expected: 'a number of seconds >= 2', got: String(args['lock-s']) }]);
    const worker = await startQueueWorker({ redisUrl: url, queueName: args['queue-name'], concurrency: args.concurrency, lockMs: args['lock-s'] * 1000, log: say });
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        say(`${worker.name}: stopping after the running segments`);
        void worker.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
