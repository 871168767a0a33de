/** Where the shared evaluation material lives: $EVENHAND_SHARED, else ../shared beside the repository root. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared folder (it may not exist: callers check and say what is missing). */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVENHAND_SHARED ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
}
