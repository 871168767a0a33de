/**
 * importCandidates: candidate lists of a vendor's batch run over a campaign's probes (probe id, rank, gallery id,
 * score; the probe id is the search id Evenhand exported the probe under) made into the contract. The searches keep
 * everything a run adjudicated (who, which pass, mated or not); their scores and candidates are the vendor's.
 *
 *   1. read      the lists (CSV with a header, or JSON lines): probe_id, rank, gallery_id, score; unusable rows named
 *   2. group     by probe, in rank order; a gallery id listed twice for one probe kept once at its best score;
 *                lists naming a probe that is not among the searches set aside and counted
 *   3. score     vendor scores onto 0..1 (the scale); each search's mate and top non-mate from its list
 */
import path from 'node:path';
import { searchScores, type SearchRecord } from '../adjudicate/index.ts';
import { InputError } from '../core/input-error.ts';
import { sha256File } from '../core/sha256-file.ts';
import type { DecidedCandidate } from './alert-searches.ts';
import type { ImportSummary } from './import-summary.ts';
import { readLogRows } from './log-rows.ts';
import { readSearchRecords } from './read-search-records.ts';
import { describeRowProblem, type RowProblem } from './row-problem.ts';
import { toProtocolScore, type ScoreScale } from './score-scale.ts';

/** What to import. */
export interface ImportCandidatesOptions {
  /** The searches table whose search ids named the exported probes. */
  searches: string;
  /** The vendor's candidate lists (.csv, or .jsonl / .ndjson). */
  lists: string;
  scale: ScoreScale;
  topK: number;
  strict: boolean;
}

/** The rows, the summary, and the unusable rows in words. */
export interface ImportedCandidates {
  searches: SearchRecord[];
  candidates: DecidedCandidate[];
  summary: ImportSummary;
  problemLines: string[];
}

const FIELDS = ['probe_id', 'rank', 'gallery_id', 'score'] as const;

/**
 * Imports candidate lists (see the module comment; docs/black-box.md).
 * @throws InputError for an unreadable file, or a strict import with unusable rows.
 * @example await importCandidates({ searches: 'runs/x/faceplugin-v1/searches.arrow', lists: 'vendor-lists.csv', scale: { kind: 'identity' }, topK: 10, strict: false })
 */
export async function importCandidates(o: ImportCandidatesOptions): Promise<ImportedCandidates> {
  const searches = readSearchRecords(o.searches);
  const known = new Set(searches.map((s) => s.searchId));
  const read = readLogRows(o.lists, { file: /\.(jsonl|ndjson)$/i.test(o.lists) ? 'jsonl' : 'csv' });
  const problems: RowProblem[] = [...read.problems];
  const lists = new Map<string, { rank: number; galleryId: string; score: number }[]>();
  const unknown = new Set<string>();
  for (const row of read.rows) {
    const v = Object.fromEntries(FIELDS.map((f) => [f, row.get(f)]));
    const text = (x: unknown): string | null => (typeof x === 'string' && x.trim() !== '' ? x.trim() : typeof x === 'number' ? String(x) : null);
    const number = (x: unknown): number | null => (typeof x === 'number' ? x : typeof x === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(x) ? Number(x) : null);
    const probe = text(v['probe_id']), gallery = text(v['gallery_id']), rank = number(v['rank']), score = number(v['score']);
    const bad = (field: string, expected: string): void => { problems.push({ line: row.line, field, expected, got: JSON.stringify(v[field] ?? null).slice(0, 60) }); };
    if (probe === null) { bad('probe_id', 'the search id the probe was exported under'); continue; }
    if (rank === null || !Number.isInteger(rank) || rank < 1) { bad('rank', 'a rank: a whole number >= 1'); continue; }
    if (gallery === null) { bad('gallery_id', 'a gallery id'); continue; }
    if (score === null || !Number.isFinite(score)) { bad('score', 'a number (the vendor\'s score)'); continue; }
    if (!known.has(probe)) { unknown.add(probe); continue; }
    lists.set(probe, [...(lists.get(probe) ?? []), { rank, galleryId: gallery, score: toProtocolScore(o.scale, score) }]);
  }
  problems.sort((a, b) => a.line - b.line);
  if (o.strict && problems.length > 0) {
    throw new InputError(o.lists, problems.slice(0, 20).map((p) => ({ path: `line ${p.line}${p.field === '' ? '' : `: field ${JSON.stringify(p.field)}`}`, expected: p.expected, ...(p.got === undefined ? {} : { got: p.got }) })));
  }
  const candidates: DecidedCandidate[] = [];
  const ethnicity = new Map(searches.flatMap((s) => (s.subjectId === null ? [] : [[s.subjectId, s.ethnicity] as const])));
  const out = searches.map((s) => {
    // in the vendor's rank order, each gallery id once (its best score), the first topK; then best first
    const best = new Map<string, { rank: number; galleryId: string; score: number }>();
    for (const c of [...(lists.get(s.searchId) ?? [])].sort((a, b) => a.rank - b.rank)) {
      const had = best.get(c.galleryId);
      if (had === undefined || had.score < c.score) best.set(c.galleryId, had === undefined ? c : { ...c, rank: had.rank });
    }
    const list = [...best.values()].sort((a, b) => a.rank - b.rank).slice(0, o.topK).sort((a, b) => b.score - a.score || a.rank - b.rank);
    const mateId = s.mated ? s.subjectId : null;
    list.forEach((c, i) => candidates.push({ searchId: s.searchId, rank: i + 1, galleryId: c.galleryId, score: c.score, isMate: c.galleryId === mateId, galleryEthnicity: ethnicity.get(c.galleryId) ?? null, decision: null }));
    return { ...s, ...searchScores(list, mateId) };
  });
  const scores = candidates.map((c) => c.score);
  const count = (source: string): number => searches.filter((s) => s.source === source).length;
  const summary: ImportSummary = {
    kind: 'candidate-lists',
    format: 'candidate lists (probe_id, rank, gallery_id, score)',
    log: { file: path.basename(o.lists), sha256: await sha256File(o.lists), rows: read.rows.length + read.problems.length },
    alerts: lists.size,
    excluded: { malformedRows: problems.length, unknownCameras: { alerts: 0, cameras: {} }, unknownSubjects: { candidates: 0, alertsLeftOut: 0, subjects: {} }, outsideDeployment: 0, unknownProbes: unknown.size },
    problems: problems.slice(0, 100),
    clock: null,
    attribution: null,
    searches: { volunteer: count('volunteer'), crowdPasses: count('crowd'), nobody: 0, emptyCrowd: 0, fillerProbes: count('filler_probe') },
    crowd: null,
    scores: { scale: o.scale, alertThreshold: null, lowest: scores.length === 0 ? null : Math.min(...scores), coversFrom: null },
    decisions: { confirmed: 0, dismissed: 0, none: 0 },
    watchlist: { size: new Set(candidates.map((c) => c.galleryId)).size, source: 'file' },
    system: 'algorithm',
    review: null,
  };
  return { searches: out, candidates, summary, problemLines: problems.map((p) => describeRowProblem(o.lists, p)) };
}
