// Worker-thread entry for a TypeScript worker module: registers tsx's loader in this thread, then imports the module
// whose file URL is workerData.entry (Node 20 refuses `.ts` in a worker started with execArgv ['--import', 'tsx']).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
