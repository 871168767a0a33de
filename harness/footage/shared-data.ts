/** sharedFile: locates test and benchmark material in the shared folder beside the project ($EVENHAND_SHARED). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared folder: `$EVENHAND_SHARED`, else `../shared` relative to the repository root. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['EVENHAND_SHARED'];
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.resolve(repoRoot, '..', 'shared');
}

/** A file or folder of the shared material and whether it is there. */
export interface SharedFile {
  readonly path: string;
  readonly present: boolean;
}

/**
 * Finds `relative` under {@link sharedDir}. When it is absent, prints why tests that need it skip; when CI=true,
 * throws instead, because CI must have the shared material and a skip there would hide a failure.
 * @example const clip = sharedFile('footage/vtest.avi'); describe.skipIf(!clip.present)(...)
 */
export function sharedFile(relative: string, env: NodeJS.ProcessEnv = process.env): SharedFile {
  const file = path.join(sharedDir(env), relative);
  const present = existsSync(file);
  if (!present) {
    const why = `${file} is absent (set EVENHAND_SHARED to the shared folder)`;
    if (env['CI'] === 'true') throw new Error(`CI=true but shared material is missing: ${why}`);
    console.warn(`skipping tests that need ${relative}: ${why}`);
  }
  return { path: file, present };
}
