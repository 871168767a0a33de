/** Reads the live watchlist's gallery ids: one per line (blank lines and lines starting with # ignored). */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';

/**
 * The ids listed in `file`, in order, each once.
 * @throws InputError naming the file when it cannot be read, is empty, or lists an id twice.
 */
export function readWatchlist(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable list of watchlist ids, one per line', got: err instanceof Error ? err.message : String(err) }]);
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const id = raw.trim();
    if (id === '' || id.startsWith('#')) continue;
    if (seen.has(id)) throw new InputError(file, [{ path: `line ${i + 1}`, expected: 'an id not listed before', got: JSON.stringify(id) }]);
    seen.add(id);
    ids.push(id);
  }
  if (ids.length === 0) throw new InputError(file, [{ path: '', expected: 'at least one watchlist id' }]);
  return ids;
}
