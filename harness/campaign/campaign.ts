/**
 * A Campaign: a protocol with every default filled and every cross-field rule checked, so that later stages
 * never see an optional. Built once, at the edge, by `normaliseProtocol`.
 */
import path from 'node:path';
import { Bounds } from '../core/bounds.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { DEFAULT_AGE_BAND, DEFAULT_ETHNICITY, DEFAULT_SEX } from './defaults.ts';
import { DIMENSIONS, type Dimension } from './dimension.ts';
import type { Category, ProtocolParsed, SimulationSettings } from './protocol-schema.ts';
import type { RehearsalSettings } from './rehearsal-schema.ts';
import { simulationSizeProblems } from './simulation-size.ts';
import type { RetentionPolicy } from './retention-schema.ts';
import type { CandidateList, UseCase } from './use-case-schema.ts';

export interface CampaignAlgorithm {
  id: string;
  label: string;
  kind: 'onnx' | 'vendor-log' | 'simulated' | 'external';
  /** How to run an external algorithm's adapter (kind "external"), its folder resolved; null otherwise. */
  adapter: AdapterCommand | null;
  /** The alert log a run imports (kind "vendor-log" with a `log`), paths resolved; null otherwise. */
  log: LogSource | null;
}

/** An alert log to import: files resolved from the protocol file's folder (a built-in format name kept as it is). */
export interface LogSource {
  file: string;
  format: string;
  faceCounts: string | null;
  watchlist: string | null;
  clockOffsetMs: number;
  clockToleranceMs: number;
}

/** An adapter program: its command, the folder it runs in (the protocol file's), and its time limits (ms). */
export interface AdapterCommand {
  command: string[];
  cwd: string;
  timeoutMs: number;
  startTimeoutMs: number;
  retries: number;
}

/** A normalised campaign: what every stage after loading works from. */
export interface Campaign {
  id: string;
  title: string;
  description: string;
  /** What is evaluated: live footage (lfr), or still probes returning candidate lists (rfr) or matches (oifr). */
  useCase: UseCase;
  /** The reviewer's candidate list (rfr only; null otherwise). For rfr, `analysis.rank` is its rank R. */
  candidateList: CandidateList | null;
  algorithms: CampaignAlgorithm[];
  /** Every threshold to sweep, ascending, unique, operational thresholds (and an RFR review threshold) included. */
  thresholds: number[];
  operationalThresholds: number[];
  dimensions: Record<Dimension, Category[]>;
  watchlist: {
    size: number;
    composition: Partial<Record<'sex' | 'ethnicity', Record<string, number>>>;
  };
  /** The filler gallery, when known: size and ethnicity shares (balanced when not given). */
  fillerGallery: { size: number; ethnicity: Record<string, number> } | null;
  analysis: ProtocolParsed['analysis'];
  report: ProtocolParsed['report'];
  policy: ProtocolParsed['policy'];
  simulation: SimulationSettings | null;
  /** Defaults of `evenhand rehearse`, when the protocol has them. */
  rehearsal: RehearsalSettings | null;
  /** How long the data are kept, and what may be kept after. */
  retention: RetentionPolicy;
}

/** Thresholds are kept to 9 decimals so that 0.56 + 2 * 0.01 equals 0.58. */
export function roundThreshold(t: number): number {
  return Math.round(t * 1e9) / 1e9;
}

/**
 * Fills defaults and checks the rules a schema cannot express: thresholds in range and ordered, known category
 * codes in compositions, mixes and differentials, no duplicate ids.
 * @throws InputError naming `file` and the path of every problem found.
 */
export function normaliseProtocol(p: ProtocolParsed, file: string): Campaign {
  const problems: InputProblem[] = [];
  const dimensions: Record<Dimension, Category[]> = {
    sex: p.demographics.sex ?? [...DEFAULT_SEX],
    ethnicity: p.demographics.ethnicity ?? [...DEFAULT_ETHNICITY],
    ageBand: p.demographics.ageBand ?? [...DEFAULT_AGE_BAND],
  };
  for (const dim of DIMENSIONS) {
    findDuplicates(dimensions[dim].map((c) => c.code)).forEach((i) =>
      problems.push({ path: `demographics.${dim}[${i}].code`, expected: 'a code not used before in this list', got: show(dimensions[dim][i]?.code) }));
  }
  findDuplicates(p.algorithms.map((a) => a.id)).forEach((i) =>
    problems.push({ path: `algorithms[${i}].id`, expected: 'an algorithm id not used before', got: show(p.algorithms[i]?.id) }));

  const sweep = expandThresholds(p.thresholds, problems);
  const candidateList = checkCandidateList(p, problems);
  const review = candidateList === null ? [] : [candidateList.reviewThreshold];
  const thresholds = [...new Set([...sweep, ...p.operationalThresholds.map(roundThreshold), ...review])].sort((a, b) => a - b);

  const codes = (dim: Dimension): Set<string> => new Set(dimensions[dim].map((c) => c.code));
  const composition = p.watchlist.composition ?? {};
  for (const dim of ['sex', 'ethnicity'] as const) {
    const shares = composition[dim];
    if (shares === undefined) continue;
    checkCodes(shares, codes(dim), `watchlist.composition.${dim}`, problems);
    const total = Object.values(shares).reduce((s, x) => s + x, 0);
    if (Math.abs(total - 1) > 1e-6) {
      problems.push({ path: `watchlist.composition.${dim}`, expected: 'shares summing to 1', got: String(total) });
    }
  }
  const sim = p.simulation ?? null;
  if (sim !== null) {
    problems.push(...simulationSizeProblems(sim, 'simulation'));
    for (const [mixName, mix] of [['volunteerMix', sim.volunteerMix], ['crowdMix', sim.crowdMix]] as const) {
      if (mix === undefined) continue;
      for (const dim of DIMENSIONS) {
        const shares = mix[dim];
        if (shares !== undefined) checkCodes(shares, codes(dim), `simulation.${mixName}.${dim}`, problems);
      }
    }
    sim.differentials.forEach((d, i) => {
      if (!codes(d.dimension).has(d.code)) {
        problems.push({ path: `simulation.differentials[${i}].code`, expected: `one of ${[...codes(d.dimension)].join(', ')}`, got: show(d.code) });
      }
    });
  }
  const fillerShares = p.fillerGallery?.composition?.ethnicity;
  if (fillerShares !== undefined) {
    checkCodes(fillerShares, codes('ethnicity'), 'fillerGallery.composition.ethnicity', problems);
    const total = Object.values(fillerShares).reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-6) problems.push({ path: 'fillerGallery.composition.ethnicity', expected: 'shares summing to 1', got: String(total) });
  }
  const fillerSize = p.fillerGallery?.size ?? sim?.fillerGallerySize ?? null;
  const balanced = Object.fromEntries(dimensions.ethnicity.map((c) => [c.code, 1 / dimensions.ethnicity.length]));
  if (problems.length > 0) throw new InputError(file, problems);
  const from = (f: string): string => path.resolve(path.dirname(path.resolve(file)), f);
  return {
    id: p.id,
    title: p.title,
    description: p.description ?? '',
    useCase: p.useCase,
    candidateList,
    algorithms: p.algorithms.map((a) => ({
      id: a.id, label: a.label ?? a.id, kind: a.kind,
      adapter: a.adapter === undefined ? null : { command: a.adapter.command, cwd: path.dirname(path.resolve(file)), timeoutMs: a.adapter.timeoutS * 1000, startTimeoutMs: a.adapter.startTimeoutS * 1000, retries: a.adapter.retries },
      log: a.log === undefined ? null : {
        file: from(a.log.file), format: /\.(ya?ml|json)$/i.test(a.log.format) ? from(a.log.format) : a.log.format,
        faceCounts: a.log.faceCounts === undefined ? null : from(a.log.faceCounts), watchlist: a.log.watchlist === undefined ? null : from(a.log.watchlist),
        clockOffsetMs: a.log.clockOffsetMs, clockToleranceMs: a.log.clockToleranceMs,
      },
    })),
    thresholds,
    operationalThresholds: [...new Set(p.operationalThresholds.map(roundThreshold))].sort((a, b) => a - b),
    dimensions,
    watchlist: { size: p.watchlist.size, composition },
    fillerGallery: fillerSize === null ? null : { size: fillerSize, ethnicity: fillerShares ?? balanced },
    analysis: candidateList === null ? p.analysis : { ...p.analysis, rank: candidateList.rank },
    report: p.report,
    policy: p.policy,
    simulation: sim,
    rehearsal: p.rehearsal ?? null,
    retention: p.retention,
  };
}

/**
 * The candidate list of an RFR protocol with its defaults (length 20, rank = length, review threshold = the lowest
 * operational threshold); null for the other use cases, which must not give one.
 */
function checkCandidateList(p: ProtocolParsed, problems: InputProblem[]): CandidateList | null {
  if (p.useCase !== 'rfr') {
    if (p.candidateList !== undefined) problems.push({ path: 'candidateList', expected: `no candidate list for useCase "${p.useCase}" (only "rfr" returns one)`, got: 'a candidateList' });
    return null;
  }
  const length = p.candidateList?.length ?? 20;
  const rank = p.candidateList?.rank ?? length;
  if (rank > length) problems.push({ path: 'candidateList.rank', expected: `a rank within the list (1..${length})`, got: String(rank) });
  const reviewThreshold = roundThreshold(p.candidateList?.reviewThreshold ?? Math.min(...p.operationalThresholds));
  return { length, rank, reviewThreshold };
}

function expandThresholds(spec: ProtocolParsed['thresholds'], problems: InputProblem[]): number[] {
  if (Array.isArray(spec)) {
    findDuplicates(spec.map(roundThreshold)).forEach((i) =>
      problems.push({ path: `thresholds[${i}]`, expected: 'a threshold not listed before', got: String(spec[i]) }));
    return spec.map(roundThreshold);
  }
  if (spec.to < spec.from) {
    problems.push({ path: 'thresholds.to', expected: `a value >= thresholds.from (${spec.from})`, got: String(spec.to) });
    return [];
  }
  const count = Math.floor((spec.to - spec.from) / spec.step + 1e-9) + 1;
  if (count > Bounds.thresholds.max) {
    problems.push({ path: 'thresholds.step', expected: `a step giving at most ${Bounds.thresholds.max.toLocaleString('en-GB')} thresholds`, got: String(spec.step) });
    return [];
  }
  return Array.from({ length: count }, (_, i) => roundThreshold(spec.from + i * spec.step));
}

function checkCodes(shares: Record<string, number>, allowed: Set<string>, path: string, problems: InputProblem[]): void {
  for (const code of Object.keys(shares)) {
    if (!allowed.has(code)) problems.push({ path: `${path}.${code}`, expected: `a category code (${[...allowed].join(', ')})`, got: show(code) });
  }
}

/** Indexes of entries that repeat an earlier entry. */
function findDuplicates(values: readonly string[] | readonly number[]): number[] {
  const seen = new Set<string | number>();
  const dups: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) dups.push(i);
    seen.add(v);
  });
  return dups;
}
