/**
 * The combined human + algorithm system of a log with operator decisions: an alert counts only when the operator
 * confirmed it. Each search keeps the candidates that headed a confirmed alert (a dismissed alert, or one with no
 * decision recorded, is not acted on); mate and top non-mate are read again from what is left. Analysed beside the
 * algorithm alone, it shows by group what the operator changes: true recognitions lost by dismissal, false alerts
 * caught by it.
 */
import { searchScores, type SearchRecord } from '../adjudicate/index.ts';
import type { DecidedCandidate } from './alert-searches.ts';

/** The combined system's rows, and how many alerts of each kind the operator confirmed or dismissed. */
export interface OperatorReview {
  searches: SearchRecord[];
  candidates: DecidedCandidate[];
  /** Candidates that headed alerts, by whether they were the mate (a true alert) and the decision. */
  decided: { trueConfirmed: number; trueDismissed: number; falseConfirmed: number; falseDismissed: number; undecided: number };
}

/**
 * The combined system from the algorithm's rows (candidates carrying the operator's decisions).
 * @example operatorReview(imported).searches.filter((s) => s.mateRank === 1).length // mated searches confirmed
 */
export function operatorReview(rows: { searches: readonly SearchRecord[]; candidates: readonly DecidedCandidate[] }): OperatorReview {
  const bySearch = new Map<string, DecidedCandidate[]>();
  for (const c of rows.candidates) bySearch.set(c.searchId, [...(bySearch.get(c.searchId) ?? []), c]);
  const decided = { trueConfirmed: 0, trueDismissed: 0, falseConfirmed: 0, falseDismissed: 0, undecided: 0 };
  for (const c of rows.candidates) {
    if (c.decision === 'confirmed') decided[c.isMate ? 'trueConfirmed' : 'falseConfirmed']++;
    else if (c.decision === 'dismissed') decided[c.isMate ? 'trueDismissed' : 'falseDismissed']++;
    else if (c.rank === 1) decided.undecided++;
  }
  const candidates: DecidedCandidate[] = [];
  const searches = rows.searches.map((s) => {
    const kept = (bySearch.get(s.searchId) ?? []).filter((c) => c.decision === 'confirmed').sort((a, b) => a.rank - b.rank);
    kept.forEach((c, i) => candidates.push({ ...c, rank: i + 1 }));
    return { ...s, ...searchScores(kept, s.mated ? s.subjectId : null) };
  });
  return { searches, candidates, decided };
}
