/** modelsDir: where fetched model files are cached, outside the repository (env EVENHAND_MODELS overrides). */
import os from 'node:os';
import path from 'node:path';
import { ModelFile, type ModelId } from './model-catalog.ts';

/**
 * The model cache folder: `$EVENHAND_MODELS` when set, else `~/.cache/evenhand/models`.
 * @example modelsDir() // '/home/me/.cache/evenhand/models'
 */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['EVENHAND_MODELS'];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.join(os.homedir(), '.cache', 'evenhand', 'models');
}

/** Where model `id` lives inside the cache folder `dir`. */
export function modelPath(id: ModelId, dir: string = modelsDir()): string {
  const spec = ModelFile[id];
  return path.join(dir, `${spec.pkg}@${spec.version}`, spec.path);
}
