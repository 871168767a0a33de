/**
 * Per-cluster counts of one population for the statistics: each volunteer (or deployment) with its searches and its
 * hits at every threshold, and the groups it belongs to, so that whole volunteers can be resampled.
 */
import type { SearchesData } from '../store/read-searches.ts';
import { groupsOfSearch, type GroupLayout } from '../metrics/groups.ts';
import { decidingScore, thresholdBin, thresholdCuts } from '../metrics/threshold-bins.ts';
import type { ClusterCounts } from '../stats/cluster-bootstrap.ts';

/** Clusters of one population with their demographics (category index, -1 = unknown). */
export interface PopulationClusters extends ClusterCounts {
  /** Per cluster: the subject (for cluster-robust regression); searches without subject_id are their own subject. */
  subject: Int32Array;
  sex: Int8Array;
  ethnicity: Int8Array;
  ageBand: Int8Array;
  /** Distinct subject_id among the population's searches with one (0 when none has one). */
  subjects: number;
}

/** Which searches form the population: the mated ones, or the non-mated searches of one source. */
export type PopulationSelector = { kind: 'mated' } | { kind: 'non-mated'; source: string };

/**
 * Clusters of a population. A cluster is one resampling unit (a subject, or a deployment when `unit` is
 * 'deployment') with one combination of demographics: a subject recorded with two different categories becomes two
 * clusters, so that every group's counts equal the sweep's exactly. Searches with no unit id are clusters of their own.
 * Hits follow the sweep: a mated search hits at T when its mate is at rank <= `rank` with score >= T; a non-mated
 * search when its top non-mate score is >= T (float32 scores are compared with thresholds rounded to float32).
 */
export function populationClusters(
  searches: SearchesData, layout: GroupLayout, thresholds: readonly number[], rank: number, selector: PopulationSelector, unit: 'subject' | 'deployment',
): PopulationClusters {
  const T = thresholds.length;
  const cut = thresholdCuts(searches, thresholds);
  const source = selector.kind === 'mated' ? -2 : searches.source.labels.indexOf(selector.source);
  const units = unit === 'subject' ? searches.subject : searches.deployment;
  const unitCodes = units.codes;
  const { sex, ethnicity, ageBand } = searches.demographics;
  const subjectCodes = searches.subject.codes;
  const subjectCount = searches.subject.labels.length;
  // a cluster is found by its unit: the unit's first cluster when the demographics are the same (almost always),
  // else by unit and demographics in `index` (a unit recorded with other categories too)
  const firstOfUnit = new Int32Array(units.labels.length).fill(-1);
  const demographicsOf: number[] = [];
  const index = new Map<number, number>();
  const trials: number[] = [];
  // hits of each cluster by threshold bin, cluster-major (c * (T + 1) + bin), grown as clusters appear
  let bins = new Int32Array(1024 * (T + 1));
  const subject: number[] = [];
  const sx: number[] = [];
  const et: number[] = [];
  const ag: number[] = [];
  const subjectSeen = new Uint8Array(subjectCount);
  let subjects = 0;
  for (let i = 0; i < searches.length; i++) {
    const mated = searches.mated[i] === 1;
    if (selector.kind === 'mated' ? !mated : mated || searches.source.codes[i] !== source) continue;
    const bin = thresholdBin(cut, decidingScore(searches, i, rank));
    const u = unitCodes[i] as number;
    const s = sex[i] as number;
    const e = ethnicity[i] as number;
    const a = ageBand[i] as number;
    const sub = subjectCodes[i] as number;
    if (sub >= 0 && subjectSeen[sub] === 0) {
      subjectSeen[sub] = 1;
      subjects++;
    }
    // the demographics (each 0..126 or -1) as one number; a search with no unit id is a cluster of its own
    const demographics = ((s + 1) * 128 + (e + 1)) * 128 + (a + 1);
    const first = u >= 0 ? (firstOfUnit[u] as number) : -1;
    let c: number | undefined = first >= 0 && demographicsOf[first] === demographics ? first
      : first >= 0 ? index.get(u * 2097152 + demographics) : undefined;
    if (c === undefined) {
      c = trials.length;
      if (u >= 0 && first < 0) firstOfUnit[u] = c;
      else if (u >= 0) index.set(u * 2097152 + demographics, c);
      demographicsOf.push(demographics);
      trials.push(0);
      if ((c + 1) * (T + 1) > bins.length) {
        const grown = new Int32Array(bins.length * 2);
        grown.set(bins);
        bins = grown;
      }
      subject.push(sub >= 0 ? sub : subjectCount + i);
      sx.push(s);
      et.push(e);
      ag.push(a);
    }
    trials[c] = (trials[c] as number) + 1;
    (bins[c * (T + 1) + bin] as number)++;
  }
  const C = trials.length;
  const successes = new Int32Array(C * T);
  for (let c = 0; c < C; c++) {
    const base = c * (T + 1);
    let acc = 0;
    for (let t = T; t >= 1; t--) {
      acc += bins[base + t] as number;
      successes[c * T + t - 1] = acc;
    }
  }
  const groups: number[][] = layout.groups.map(() => []);
  const out = new Int32Array(5);
  for (let c = 0; c < C; c++) {
    const k = groupsOfSearch(layout, sx[c] as number, et[c] as number, ag[c] as number, out);
    for (let j = 0; j < k; j++) (groups[out[j] as number] as number[]).push(c);
  }
  return {
    trials: Int32Array.from(trials), successes, columns: T, groups,
    subject: Int32Array.from(subject), sex: Int8Array.from(sx), ethnicity: Int8Array.from(et), ageBand: Int8Array.from(ag),
    subjects,
  };
}
