/**
 * The candidates table read, checked and matched to its searches on a worker thread (runInBackground) while this
 * thread sweeps the thresholds, bootstraps and compares the groups: at 5,000,000 candidates (a 200 MB file) the
 * reading, decoding, hashing and matching cost about half a second, which then overlaps the comparisons on a second
 * core instead of adding to them. The worker runs the same reconcileCandidates on the same bytes and searches, so the
 * summary is the same; small tables, searches without score columns (whose scores the candidates fill in before
 * the sweep can run), and any failure of the thread (a refused table included) are read on this thread, which gives
 * the same summary or the same InputError.
 */
import { statSync } from 'node:fs';
import { ownBuffer } from '../core/own-buffer.ts';
import { reconcileCandidates, type CandidatesSummary } from '../store/read-candidates.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { MatchCandidatesInput } from './match-candidates.ts';
import { runInBackground, type Background } from './run-in-background.ts';

/** Smallest candidates file, in bytes, read on a worker thread (the default): 48 MiB, about 1,200,000 candidates. */
export const BACKGROUND_MIN_CANDIDATE_BYTES = 48 * 1024 * 1024;

/** Where the candidates may be read: smaller files than `minBytes` stay on this thread; `waitMs` bounds the wait. */
export interface CandidatesPlace {
  minBytes?: number;
  waitMs?: number;
}

/**
 * Starts reading `file` against `searches`; the returned function waits for the summary (the same on every call).
 * `minBytes` (default BACKGROUND_MIN_CANDIDATE_BYTES): smaller files, and searches without score columns, are read on
 * this thread at once. `waitMs` (default BACKGROUND_WAIT_MS of run-in-background.ts): a worker that has not answered
 * by then is stopped and the table read here.
 * @throws InputError as reconcileCandidates: at once when read on this thread, else from the returned function.
 * @example const candidates = candidatesInBackground('candidates.arrow', searches, ['white']); ...; candidates().rows
 */
export function candidatesInBackground(file: string, searches: SearchesData, ethnicityCodes: readonly string[], options: CandidatesPlace = {}): Background<CandidatesSummary> {
  const here = (): CandidatesSummary => reconcileCandidates(file, searches, ethnicityCodes);
  const background = searches.hasScores && sizeOf(file) >= (options.minBytes ?? BACKGROUND_MIN_CANDIDATE_BYTES);
  const input = (): MatchCandidatesInput => ({
    file,
    ethnicityCodes,
    searches: { file: searches.file, ids: searches.searchIds.parts(), mated: ownBuffer(searches.mated), mateScore: ownBuffer(searches.mateScore), topNonmateScore: ownBuffer(searches.topNonmateScore), float32Scores: searches.float32Scores },
  });
  const task = runInBackground({ module: 'match-candidates', run: 'matchCandidates', input: background ? input() : null, accept: isSummary, here }, { background, waitMs: options.waitMs });
  // read here and now when not in the background: a refused table stops the analysis before it starts, as before
  if (!background) task();
  return task;
}

/** The file's size, or 0 when it cannot be read (then read here, which names the problem). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function isSummary(x: unknown): x is CandidatesSummary {
  if (typeof x !== 'object' || x === null) return false;
  return 'search' in x && x.search instanceof Int32Array && 'rank' in x && x.rank instanceof Float64Array && 'score' in x && x.score instanceof Float64Array
    && 'galleryEthnicity' in x && x.galleryEthnicity instanceof Int8Array && 'sha256' in x && typeof x.sha256 === 'string' && 'rows' in x && typeof x.rows === 'number'
    && 'searchesWithoutCandidates' in x && typeof x.searchesWithoutCandidates === 'number' && 'hasGalleryEthnicity' in x && typeof x.hasGalleryEthnicity === 'boolean'
    && 'file' in x && typeof x.file === 'string';
}
