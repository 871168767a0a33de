/** The sha256 of a file, for provenance manifests. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Hex sha256 of the file at `file`. */
export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
