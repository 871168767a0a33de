/**
 * The path rule: a path read from an input file (a manifest's footage and images, a segments list, an enrolment CSV)
 * resolves inside that file's folder, or inside a folder the user allowed on the command line (`--allow-root`), after
 * symbolic links are followed; and it names an existing, readable file (or folder, where one is allowed). Anything
 * else is refused by name before any work, so a dataset can never make Evenhand read, hash or publish a file from
 * elsewhere on the machine (`../../../../etc/passwd`, `/etc/shadow`, a link to either).
 */
import { accessSync, closeSync, constants, openSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { show } from './input-error.ts';
import { Expected, Found, fsReason } from './messages.ts';

/** The folders paths may lie in: the input file's own folder first, then any allowed on the command line. */
export interface PathRoots {
  /** Relative paths start here; it is always allowed. */
  base: string;
  /** More folders paths may lie in (`--allow-root`). */
  allowed: readonly string[];
  /** What `base` is, for messages (default `the dataset folder`). */
  baseName?: string;
}

/** What a path must name. */
export type PathKind = 'file' | 'file-or-folder';

/** A resolved path, or what is wrong with it (the `expected` and `got` of a problem). */
export type PathCheck = { ok: true; file: string } | { ok: false; expected: string; got: string };

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Resolves `p` (relative to `roots.base`) and checks it against the path rule. With `mustExist` false (documentation
 * examples), only the containment is checked for paths that do not exist.
 * @example resolveInside('../../etc/passwd', { base: 'datasets/x', allowed: [] }, 'file') // { ok: false, ... outside ... }
 */
export function resolveInside(p: string, roots: PathRoots, kind: PathKind, mustExist = true): PathCheck {
  const folders = [roots.base, ...roots.allowed].map((r) => path.resolve(r));
  const abs = path.resolve(roots.base, p);
  const outside = (where: string): PathCheck => ({
    ok: false,
    expected: Expected.insideRoots(folders, roots.baseName),
    got: where === p ? `${show(p)}, ${Found.outside(folders.length)}` : `${show(p)} (${where}, ${Found.outside(folders.length)})`,
  });
  if (!folders.some((r) => inside(abs, r))) return outside(abs);
  let stat;
  try {
    stat = statSync(abs);
  } catch (err) {
    return mustExist ? { ok: false, expected: kind === 'file' ? Expected.existingFile : Expected.existingFileOrFolder, got: `${show(p)}: ${fsReason(err)}` } : { ok: true, file: abs };
  }
  const target = real(abs);
  if (!folders.map(real).some((r) => inside(target, r))) return outside(`a link to ${target}`);
  if (!(stat.isFile() || (kind === 'file-or-folder' && stat.isDirectory()))) {
    return { ok: false, expected: kind === 'file' ? Expected.existingFile : Expected.existingFileOrFolder, got: `${show(p)}: ${stat.isDirectory() ? 'a folder' : 'neither a file nor a folder'}` };
  }
  try {
    if (stat.isFile()) closeSync(openSync(abs, 'r'));
    else accessSync(abs, constants.R_OK | constants.X_OK);
  } catch (err) {
    return { ok: false, expected: kind === 'file' ? Expected.existingFile : Expected.existingFileOrFolder, got: `${show(p)}: ${fsReason(err)}` };
  }
  return { ok: true, file: abs };
}
