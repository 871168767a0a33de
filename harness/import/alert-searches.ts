/**
 * Searches from attributed alerts, in the contract's shape: one search per volunteer pass (mated when the volunteer is
 * on the watchlist), one per known crowd pass, and for alerts of nobody known one search per person (alerts sharing a
 * track id at a camera are one person; otherwise each alert is one), then, in a live deployment, searches with no
 * alert up to the crowd's count, so that FPIR divides by everyone who passed. Several alerts of one search merge into
 * one candidate list (each subject at its best score: duplicate alerts count once). Each candidate carries the
 * operator's decision on alerts it headed.
 */
import { groupKey, mergeCandidates, searchScores, type CandidateRecord, type SearchRecord } from '../adjudicate/index.ts';
import type { Manifest } from '../campaign/load-manifest.ts';
import type { Attribution } from './attribute-alerts.ts';
import type { CrowdCount } from './crowd-count.ts';
import type { Decision, LogAlert } from './log-alert.ts';

/** A candidate with the operator's decision on the alerts it headed (null: none recorded). */
export interface DecidedCandidate extends CandidateRecord {
  decision: Decision | null;
}

/** The contract rows made from a log. */
export interface AlertSearches {
  searches: SearchRecord[];
  candidates: DecidedCandidate[];
  /** Searches made for alerts of nobody known (crowd or no known pass), and those added with no alert to reach the count. */
  nobodySearches: number;
  emptyCrowdSearches: number;
  /** Alerts merged into another alert's search (beyond the first of each search). */
  duplicates: number;
  /** Failures to acquire are unknown in a log: passes with no alert, by group (a miss, or a score below the system's threshold). */
  passesWithoutAlert: Record<string, number>;
}

/** What the rows are made from. */
export interface AlertSearchesInput {
  manifest: Manifest;
  attribution: Attribution;
  /** Watchlist gallery ids (a volunteer's search is mated when their id is among them). */
  watchlist: ReadonlySet<string>;
  crowd: CrowdCount;
  topK: number;
  /** Ethnicity of each gallery id, when known. */
  galleryEthnicity: ReadonlyMap<string, string | null>;
}

const pad = (i: number): string => String(i + 1).padStart(6, '0');
const timeOf = (a: LogAlert): number => a.loggedMs;

/**
 * Builds the searches and candidates (see the module comment).
 * @example alertSearches({ manifest, attribution, watchlist, crowd, topK: 10, galleryEthnicity }).searches.length
 */
export function alertSearches(input: AlertSearchesInput): AlertSearches {
  const { manifest, attribution } = input;
  const gallerySize = input.watchlist.size;
  const out: AlertSearches = { searches: [], candidates: [], nobodySearches: 0, emptyCrowdSearches: 0, duplicates: 0, passesWithoutAlert: {} };
  const volunteers = new Map(manifest.volunteers.map((v) => [v.id, v]));
  const push = (row: Omit<SearchRecord, 'mateScore' | 'mateRank' | 'topNonmateScore' | 'topNonmateId' | 'framesSeen' | 'faceSizePx' | 'gallerySize'>, alerts: readonly LogAlert[], mateId: string | null): void => {
    if (alerts.length > 1) out.duplicates += alerts.length - 1;
    const list = mergeCandidates(alerts.map((a) => a.candidates.map((c) => ({ galleryId: c.subject, score: c.score }))), input.topK);
    const sizes = alerts.flatMap((a) => (a.box === null ? [] : [Math.max(a.box.w, a.box.h)]));
    out.searches.push({ ...row, ...searchScores(list, mateId), framesSeen: null, faceSizePx: sizes.length === 0 ? null : Math.max(...sizes), gallerySize });
    list.forEach((c, i) => out.candidates.push({
      searchId: row.searchId, rank: i + 1, galleryId: c.galleryId, score: c.score, isMate: c.galleryId === mateId,
      galleryEthnicity: input.galleryEthnicity.get(c.galleryId) ?? null, decision: decisionOf(alerts, c.galleryId),
    }));
  };
  // 1. volunteer passes
  manifest.passes.forEach((p, i) => {
    const v = volunteers.get(p.volunteer);
    if (v === undefined) return;
    const alerts = attribution.volunteerPasses[i] ?? [];
    const mated = v.enrolled && input.watchlist.has(v.id);
    if (alerts.length === 0) out.passesWithoutAlert[groupKey(v)] = (out.passesWithoutAlert[groupKey(v)] ?? 0) + 1;
    push({ searchId: `pass-${pad(i)}`, deployment: p.deployment, camera: p.camera, tStartMs: p.tStartMs, tEndMs: p.tEndMs, source: 'volunteer', mated,
      subjectId: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: v.ageBand }, alerts, mated ? v.id : null);
  });
  // 2. known crowd passes
  manifest.crowdPasses.forEach((p, i) => push({ searchId: `crowd-${pad(i)}`, deployment: p.deployment, camera: p.camera, tStartMs: p.tStartMs, tEndMs: p.tEndMs,
    source: 'crowd', mated: false, subjectId: null, sex: null, ethnicity: null, ageBand: null }, attribution.crowdPasses[i] ?? [], null));
  // 3. alerts of nobody known, one search per person (track id at a camera), in time order
  const known = manifest.crowdPasses.length > 0;
  const people = new Map<string, LogAlert[]>();
  [...attribution.nobody].sort((a, b) => timeOf(a) - timeOf(b) || a.line - b.line).forEach((a, i) => {
    const key = a.trackId === null ? `#${i}` : `${a.deployment}\u0000${a.camera}\u0000${a.trackId}`;
    people.set(key, [...(people.get(key) ?? []), a]);
  });
  const perDeployment: Record<string, number> = {};
  let n = 0;
  for (const alerts of people.values()) {
    const first = alerts[0], last = alerts[alerts.length - 1];
    if (first === undefined || last === undefined) continue;
    perDeployment[first.deployment] = (perDeployment[first.deployment] ?? 0) + 1;
    push({ searchId: known ? `alert-${pad(n)}` : `crowd-${pad(n)}`, deployment: first.deployment, camera: first.camera, tStartMs: first.loggedMs, tEndMs: last.loggedMs + 1,
      source: known ? 'no_known_pass' : 'crowd', mated: false, subjectId: null, sex: null, ethnicity: null, ageBand: null }, alerts, null);
    n++;
  }
  out.nobodySearches = n;
  // 4. live: the rest of the crowd, who raised no alert
  if (!known) {
    for (const [deployment, count] of Object.entries(input.crowd.byDeployment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (let k = perDeployment[deployment] ?? 0; k < count; k++) {
        push({ searchId: `crowd-${pad(n)}`, deployment, camera: null, tStartMs: null, tEndMs: null, source: 'crowd', mated: false, subjectId: null, sex: null, ethnicity: null, ageBand: null }, [], null);
        n++;
        out.emptyCrowdSearches++;
      }
    }
  }
  return out;
}

/** The operator's decision on alerts headed by `subject`: confirmed if any was, else dismissed if any was, else null. */
function decisionOf(alerts: readonly LogAlert[], subject: string): Decision | null {
  const mine = alerts.filter((a) => a.candidates[0]?.subject === subject);
  if (mine.some((a) => a.decision === 'confirmed')) return 'confirmed';
  return mine.some((a) => a.decision === 'dismissed') ? 'dismissed' : null;
}
