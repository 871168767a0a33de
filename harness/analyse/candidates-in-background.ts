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
import type { Campaign } from '../campaign/campaign.ts';
import { ownBuffer } from '../core/own-buffer.ts';
import { reconcileCandidates } from '../store/read-candidates.ts';
import type { SearchesData } from '../store/read-searches.ts';
import { candidateFindings, type CandidateFindings } from './candidate-findings.ts';
import { findingSearches } from './finding-searches.ts';
import type { MatchCandidatesInput } from './match-candidates.ts';
import { scalableSources } from './scaled-fpir.ts';
import { runInBackground, type Background } from './run-in-background.ts';

/** Smallest candidates file, in bytes, read on a worker thread (the default): 48 MiB, about 1,200,000 candidates. */
export const BACKGROUND_MIN_CANDIDATE_BYTES = 48 * 1024 * 1024;

/** Where the candidates may be read: smaller files than `minBytes` stay on this thread; `waitMs` bounds the wait. */
export interface CandidatesPlace {
  minBytes?: number;
  waitMs?: number;
}

/**
 * Starts reading `file` against `searches` and deriving its findings (candidateFindings); the returned function
 * waits for them (the same on every call).
 * `minBytes` (default BACKGROUND_MIN_CANDIDATE_BYTES): smaller files, and searches without score columns, are read on
 * this thread at once. `waitMs` (default BACKGROUND_WAIT_MS of run-in-background.ts): a worker that has not answered
 * by then is stopped and the table read here.
 * @throws InputError as reconcileCandidates: at once when read on this thread, else from the returned function.
 * @example const candidates = candidatesInBackground(campaign, 'candidates.arrow', searches); ...; candidates().falseMatchPairs
 */
export function candidatesInBackground(campaign: Campaign, file: string, searches: SearchesData, options: CandidatesPlace = {}): Background<CandidateFindings> {
  const view = findingSearches(searches);
  const scalable = scalableSources(campaign, searches);
  const here = (): CandidateFindings => candidateFindings(campaign, view, reconcileCandidates(file, searches, campaign.dimensions.ethnicity.map((c) => c.code)), scalable);
  const background = searches.hasScores && sizeOf(file) >= (options.minBytes ?? BACKGROUND_MIN_CANDIDATE_BYTES);
  const input = (): MatchCandidatesInput => ({
    file,
    campaign,
    scalable,
    searches: {
      file: searches.file, length: searches.length, ids: searches.searchIds.parts(), mated: ownBuffer(searches.mated), mateScore: ownBuffer(searches.mateScore), topNonmateScore: ownBuffer(searches.topNonmateScore),
      float32Scores: searches.float32Scores, source: { codes: ownBuffer(view.source.codes), labels: view.source.labels }, ethnicity: ownBuffer(view.ethnicity),
    },
  });
  const task = runInBackground({ module: 'match-candidates', run: 'matchCandidates', input: background ? input() : null, accept: isFindings, here }, { background, waitMs: options.waitMs });
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

function isFindings(x: unknown): x is CandidateFindings {
  if (typeof x !== 'object' || x === null) return false;
  return 'file' in x && typeof x.file === 'string' && 'sha256' in x && typeof x.sha256 === 'string' && 'rows' in x && typeof x.rows === 'number'
    && 'searchesWithoutCandidates' in x && typeof x.searchesWithoutCandidates === 'number'
    && 'falseMatchPairs' in x && Array.isArray(x.falseMatchPairs) && 'composition' in x && Array.isArray(x.composition);
}
