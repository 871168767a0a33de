/** `evenhand worker`: replays footage segments taken from a BullMQ queue on Redis, until stopped. */
import type { CommandModule } from 'yargs';
import { Bounds } from '../core/bounds.ts';
import { startQueueWorker } from '../queue/index.ts';
import { boundedOption } from './option-values.ts';
import { queueNameOption, redisUrlOption, say } from './options.ts';

interface Args { redis: string; 'queue-name': string; concurrency: number; 'lock-s': number }

export const workerCommand: CommandModule<object, Args> = {
  command: 'worker',
  describe: 'Replay footage segments from a queue (submitted by replay/run --queue) until stopped; run one on each machine',
  builder: (y) => y
    .option('redis', redisUrlOption('--redis', 'Redis URL of the queue, e.g. redis://10.0.0.5:6379', true))
    .option('queue-name', queueNameOption('Name of the queue to take jobs from'))
    .option('concurrency', boundedOption('--concurrency', Bounds.queueConcurrency, 'Segments replayed at once, one worker thread each (e.g. the number of cores)', 1))
    .option('lock-s', boundedOption('--lock-s', Bounds.queueLockSeconds, 'Seconds a job stays locked without renewal: a dead worker\'s job goes to another worker after about this long', 30))
    .epilog('The worker needs the footage, galleries and run folder at the same paths as the submitting machine (a shared folder mounted alike everywhere). It refuses a queue made by another Evenhand version and any job made with another version or other model hashes. SIGINT or SIGTERM stops it after its running segments (their jobs go back to the queue if it is killed). Exit code 2 when an option is out of range, Redis cannot be reached or the queue belongs to another version.')
    .example('evenhand worker --redis redis://10.0.0.5:6379 --concurrency 16', '') as never,
  handler: async (args) => {
    const worker = await startQueueWorker({ redisUrl: args.redis, queueName: args['queue-name'], concurrency: args.concurrency, lockMs: args['lock-s'] * 1000, log: say });
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
