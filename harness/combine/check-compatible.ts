/**
 * Whether runs can be analysed as one study: the same algorithms at the same versions (tool, model hashes, replay
 * settings), and protocols that agree on everything the analysis reads (thresholds, demographic categories, watchlist
 * and filler gallery, analysis and report settings). Titles, descriptions, score models and retention may differ.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import type { LoadedRun } from './load-runs.ts';

/** The parts of a campaign the analysis reads: runs must agree on each. */
const ANALYSED = ['thresholds', 'operationalThresholds', 'dimensions', 'watchlist', 'fillerGallery', 'analysis', 'report'] as const satisfies readonly (keyof Campaign)[];

/**
 * Checks every run against the first.
 * @throws InputError naming the first run that differs (its folder), each difference by path (an algorithm missing or
 * extra; `algorithms[id].version.<key>`; `protocol: analysis.rank`), what the first run has and what this one has.
 */
export function checkCompatible(runs: readonly LoadedRun[]): void {
  const [first, ...rest] = runs;
  if (first === undefined) return;
  for (const run of rest) {
    const problems = [...algorithmDifferences(first, run), ...protocolDifferences(first, run)];
    if (problems.length > 0) throw new InputError(run.dir, problems);
  }
}

function algorithmDifferences(first: LoadedRun, run: LoadedRun): InputProblem[] {
  const problems: InputProblem[] = [];
  const ids = (r: LoadedRun): string[] => r.record.algorithms.map((a) => a.id);
  const mine = new Map(run.record.algorithms.map((a) => [a.id, a]));
  const missing = ids(first).filter((id) => !mine.has(id));
  const extra = ids(run).filter((id) => !ids(first).includes(id));
  if (missing.length > 0 || extra.length > 0) {
    problems.push({ path: 'algorithms', expected: `the algorithms of ${first.label} (${ids(first).join(', ')})`, got: `${ids(run).join(', ')}${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; extra ${extra.join(', ')}` : ''}` });
  }
  for (const a of first.record.algorithms) {
    const b = mine.get(a.id);
    if (b === undefined) continue;
    if (a.kind !== b.kind) problems.push({ path: `algorithms[${a.id}].kind`, expected: `${a.kind} (as in ${first.label})`, got: b.kind });
    for (const key of [...new Set([...Object.keys(a.version), ...Object.keys(b.version)])].sort()) {
      const va = a.version[key];
      const vb = b.version[key];
      if (va !== vb) problems.push({ path: `algorithms[${a.id}].version.${key}`, expected: `${va ?? 'no value'} (as in ${first.label}): runs made with different algorithm versions cannot be combined`, got: vb ?? 'no value' });
    }
  }
  return problems;
}

function protocolDifferences(first: LoadedRun, run: LoadedRun): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const key of ANALYSED) {
    const a = flatten(first.campaign[key], key);
    const b = flatten(run.campaign[key], key);
    for (const p of [...new Set([...a.keys(), ...b.keys()])]) {
      if (a.get(p) !== b.get(p)) {
        problems.push({ path: `${run.record.protocol}: ${p}`, expected: `${a.get(p) ?? 'nothing'} (as in ${first.label}'s protocol): incompatible protocols`, got: b.get(p) ?? 'nothing' });
      }
    }
  }
  return problems;
}

/** Leaf paths of a JSON value (`analysis.bootstrap.seed`, `thresholds[3]`) with their printed values. */
function flatten(value: unknown, at: string, out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(at, '[]');
    value.forEach((v, i) => flatten(v, `${at}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(at, '{}');
    for (const [k, v] of entries) flatten(v, `${at}.${k}`, out);
  } else {
    out.set(at, show(value));
  }
  return out;
}
