/**
 * Whose face raised each alert: the adjudication rules of an alert log, the log's counterpart of assign-tracks.ts
 * (same passes, same half-open spans, same place test).
 *
 *   active passes   volunteer passes and known crowd passes at the alert's deployment and camera with
 *                   tStartMs - tolerance <= t < tEndMs + tolerance (t = logged time + clock offset)
 *   by place        when the alert has a face box and an active pass has a place: the passes whose place holds the
 *                   box's centre at t
 *   1. own pass     the alert names (in its candidate list) a volunteer with an active pass: that pass, the
 *                   best-scoring such volunteer first; unless place says the face was elsewhere (the box's centre is
 *                   outside that pass's place): then as 2
 *   2. a passer     by place: the one active pass whose place holds the box (several: ambiguous). Without a box
 *                   or places: with complete ground truth (every crowd pass known, a rehearsal) the one active pass
 *                   if there is exactly one (several: ambiguous); otherwise nobody
 *   3. nobody       the crowd (a live deployment: the public's passes are unknown), or, with complete ground truth,
 *                   no known pass
 *
 * So an alert for X during one of X's passes is a true positive for that pass; an alert for a watchlist subject during
 * nobody's pass, or for X during Y's pass, is a false alert, attributed to the passer when the log has a face box and
 * the manifest the pass's place, else to the crowd.
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import type { Place } from '../campaign/manifest-schema.ts';
import { placeContains } from '../adjudicate/index.ts';
import type { LogAlert } from './log-alert.ts';
import type { AttributionReason } from './attribution-reason.ts';


/** A pass an alert can go to. */
interface Target { kind: 'volunteer' | 'crowd'; index: number; volunteer: string | null; tStartMs: number; tEndMs: number; place: Place | undefined }

/** Where the alerts went. */
export interface Attribution {
  /** Alerts of each volunteer pass (manifest.passes order). */
  volunteerPasses: LogAlert[][];
  /** Alerts of each known crowd pass (manifest.crowdPasses order). */
  crowdPasses: LogAlert[][];
  /** Alerts of nobody known: the crowd (live) or no known pass (complete ground truth). */
  nobody: LogAlert[];
  /** Alerts whose name pointed at a passing volunteer but whose box lay outside that pass's place (then moved by place). */
  placeOverruledName: number;
  reasons: Record<AttributionReason, number>;
}

/** Settings of the attribution. */
export interface AttributeOptions {
  offsetMs: number;
  toleranceMs: number;
}

/**
 * Attributes every alert to a pass or to nobody (see the module comment for the rules).
 * @example attributeAlerts(alerts, manifest, { offsetMs: 0, toleranceMs: 1000 }).volunteerPasses[0] // alerts of the first pass
 */
export function attributeAlerts(alerts: readonly LogAlert[], manifest: Manifest, options: AttributeOptions): Attribution {
  const byCamera = new Map<string, Target[]>();
  const add = (t: Target, deployment: string, camera: string): void => {
    const key = `${deployment}\u0000${camera}`;
    byCamera.set(key, [...(byCamera.get(key) ?? []), t]);
  };
  manifest.passes.forEach((p, index) => add({ kind: 'volunteer', index, volunteer: p.volunteer, tStartMs: p.tStartMs, tEndMs: p.tEndMs, place: p.place }, p.deployment, p.camera));
  manifest.crowdPasses.forEach((p, index) => add({ kind: 'crowd', index, volunteer: null, tStartMs: p.tStartMs, tEndMs: p.tEndMs, place: p.place }, p.deployment, p.camera));
  const completeTruth = manifest.crowdPasses.length > 0;
  const out: Attribution = {
    volunteerPasses: manifest.passes.map(() => []), crowdPasses: manifest.crowdPasses.map(() => []), nobody: [], placeOverruledName: 0,
    reasons: { 'own-pass': 0, 'other-passer-by-place': 0, 'other-passer-by-time': 0, 'other-passer-to-crowd': 0, 'crowd-pass': 0, 'outside-any-pass': 0, 'ambiguous': 0 },
  };
  const give = (a: LogAlert, t: Target | null, reason: AttributionReason): void => {
    out.reasons[reason]++;
    if (t === null) out.nobody.push(a);
    else if (t.kind === 'volunteer') out.volunteerPasses[t.index]?.push(a);
    else out.crowdPasses[t.index]?.push(a);
  };
  for (const a of alerts) {
    const t = a.loggedMs + options.offsetMs;
    const active = (byCamera.get(`${a.deployment}\u0000${a.camera}`) ?? [])
      .filter((p) => p.tStartMs - options.toleranceMs <= t && t < p.tEndMs + options.toleranceMs);
    const centre = a.box === null ? null : { x: a.box.x + a.box.w / 2, y: a.box.y + a.box.h / 2 };
    const placeDecides = centre !== null && active.some((p) => p.place !== undefined);
    const inPlace = (p: Target): boolean => centre !== null && p.place !== undefined && placeContains(p.place, Math.min(Math.max(t, p.tStartMs), p.tEndMs - 1), centre.x, centre.y);
    // 1. a named volunteer passing now, best-scoring first
    const named = a.candidates.map((c) => active.find((p) => p.volunteer === c.subject)).find((p) => p !== undefined);
    if (named !== undefined && !(placeDecides && named.place !== undefined && !inPlace(named))) { give(a, named, 'own-pass'); continue; }
    if (named !== undefined) out.placeOverruledName++;
    // 2. a passer by place, or by time when every pass is known and only one is active
    const placed = placeDecides ? active.filter(inPlace) : [];
    const passer = placed.length === 1 ? placed[0] : !placeDecides && completeTruth && active.length === 1 ? active[0] : undefined;
    if (passer !== undefined) {
      give(a, passer, passer.kind === 'crowd' ? 'crowd-pass' : placeDecides ? 'other-passer-by-place' : 'other-passer-by-time');
      continue;
    }
    // 3. nobody known
    if (placed.length > 1 || (completeTruth && active.length > 1 && !placeDecides)) give(a, null, 'ambiguous');
    else if (active.some((p) => p.kind === 'volunteer')) give(a, null, 'other-passer-to-crowd');
    else give(a, null, 'outside-any-pass');
  }
  return out;
}
