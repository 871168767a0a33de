/**
 * Deleting inside a folder without ever reaching out of it: a path is deleted only when its parent folder, with
 * every link resolved, is inside the folder; a symbolic link is removed itself, never what it points to.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * The absolute path of `rel` inside `dir`, or null when reaching it would leave `dir` (a `..` path, an absolute
 * path, or a parent folder that is a link to elsewhere).
 */
export function insideFolder(dir: string, rel: string): string | null {
  const root = realpathSync(dir);
  const abs = path.resolve(root, rel);
  if (abs === root || !abs.startsWith(`${root}${path.sep}`)) return null;
  let parent: string;
  try {
    parent = realpathSync(path.dirname(abs));
  } catch {
    return null;
  }
  return parent === root || parent.startsWith(`${root}${path.sep}`) ? path.join(parent, path.basename(abs)) : null;
}

/** sha256 of a file's bytes, or of a link's target text (without following it). */
export function hashEntry(abs: string): string {
  const st = lstatSync(abs);
  const bytes = st.isSymbolicLink() ? Buffer.from(readlinkSync(abs)) : readFileSync(abs);
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Deletes the file or link `rel` inside `dir`; returns false (and deletes nothing) when the path would leave `dir`
 * or is a folder.
 */
export function deleteInside(dir: string, rel: string): boolean {
  const abs = insideFolder(dir, rel);
  if (abs === null) return false;
  const st = lstatSync(abs);
  if (st.isDirectory()) return false;
  unlinkSync(abs);
  return true;
}

/** Removes the empty folders under `dir` (not `dir` itself), deepest first, never through a link. */
export function removeEmptyFolders(dir: string): void {
  const walk = (abs: string): boolean => {
    let empty = true;
    for (const name of readdirSync(abs)) {
      const child = path.join(abs, name);
      const st = lstatSync(child);
      if (st.isDirectory() && !st.isSymbolicLink() && walk(child)) rmdirSync(child);
      else empty = false;
    }
    return empty;
  };
  walk(realpathSync(dir));
}
