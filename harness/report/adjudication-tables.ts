/**
 * The annex's account of what the footage did not show and how tracks became searches, from an algorithm's
 * adjudication summary: failures to acquire by group and by camera, the assignment of tracks to passes, alerts among
 * tracks of no known pass, tracking measures, and the headline rates under the adjudication's alternative rules.
 * Plain tables; no ids of people.
 */
import type { AcquisitionCell, AdjudicationSummary } from '../adjudicate/index.ts';
import type { AlgorithmResult } from '../analyse/results-schema.ts';
import { count, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';

const wrap = (html: string): string => `<div class="table-wrap" tabindex="0">${html}</div>`;
const share = (k: number, n: number): string => (n === 0 ? 'n/a' : `${count(k)} of ${count(n)} (${percent(k / n)})`);
const num = (x: number | null, digits = 3): string => (x === null ? 'n/a' : x.toFixed(digits));

function acquisitionTable(caption: string, label: string, cells: Record<string, AcquisitionCell>): string {
  const rows = Object.entries(cells).map(([key, c]) => [esc(key), count(c.passes), count(c.notAcquired), c.passes === 0 ? 'n/a' : percent(c.notAcquired / c.passes)]);
  return wrap(table(caption, [label, 'Volunteer passes', 'Not captured', 'Share not captured'], rows));
}

/** The annex section of one algorithm's adjudication; empty when its results hold none (data not from footage). */
export function adjudicationSection(a: AlgorithmResult): string {
  const s: AdjudicationSummary | undefined = a.adjudication;
  if (s === undefined) return '';
  const rule = s.rule.usePlace ? 'time and place (share of a track\'s detections in the pass\'s place)' : 'time only (overlap of the time spans)';
  const assignment = [
    ['Rule', esc(rule)],
    ['Lowest score to assign a track', String(s.rule.minOverlap)],
    ['Passes with a place / without', `${count(s.rule.passesWithPlace)} / ${count(s.rule.passesWithoutPlace)}`],
    ['Tracks', count(s.tracks)],
    ['Tracks assigned to a pass', count(s.tracksAssigned)],
    ['Tracks of no known pass', count(s.unassignedTracks.count)],
    ['Tracks per captured pass', num(s.tracksPerAcquiredPass)],
    ['Tracks that could go to two or more passes', count(s.ambiguousTracks)],
    ['Assignments decided by the tie rule (closest start)', count(s.tiedTracks)],
    ['Assigned by place / by time', `${count(s.assignedByPlace)} / ${count(s.assignedByTime)}`],
    ['Volunteer passes captured', share(s.volunteerPassesAcquired, s.volunteerPasses)],
    ['Known crowd passes captured', share(s.crowdPassesAcquired, s.crowdPasses)],
  ];
  const alerts = s.unassignedTracks.alerts.map((x) => [fmtT(x.threshold), count(x.alerts), count(x.volunteerAtCamera)]);
  const t = s.tracking;
  const tracking = t === null ? '<p>No tracking measures: they need the place of every pass at a camera, the crowd\'s included (a rehearsal).</p>' : wrap(table(
    `Tracking measures against the place ground truth (${a.label}; a detection matches a pass when its box centre is in the pass's place)`,
    ['Measure', 'Value'],
    [
      ['Cameras / passes / frames', `${count(t.cameras)} / ${count(t.passes)} / ${count(t.frames)}`],
      ['IDF1', num(t.idf1)],
      ['IDTP / IDFP / IDFN', `${count(t.idtp)} / ${count(t.idfp)} / ${count(t.idfn)}`],
      ['ID switches', count(t.idSwitches)],
      ['Fragmentations (per pass)', `${count(t.fragmentations)} (${num(t.fragmentationsPerPass, 2)})`],
      ['MOTA', num(t.mota)],
    ],
  ));
  const sensitivity = s.sensitivity.map((r) => [
    esc(`${r.rule === 'time' ? 'time only' : 'time and place'}, ${r.minOverlap}${r.main ? ' (used)' : ''}`), fmtT(r.threshold), share(r.acquired.k, r.acquired.n),
    share(r.tpir.k, r.tpir.n), r.fpirCrowd === null ? 'n/a' : share(r.fpirCrowd.k, r.fpirCrowd.n), share(r.unassignedAlerts.k, r.unassignedAlerts.n), count(r.ambiguousTracks), count(r.tiedTracks),
  ]);
  return [
    '<h3>What the footage did not show, and how tracks became searches</h3>',
    '<p>A pass with no track is not captured: it is still a search, with no candidate, and counts as a miss. Tracks of no known pass are searched on their own and their alerts are counted apart from the crowd\'s.</p>',
    acquisitionTable(`Failures to acquire by group (${a.label})`, 'Sex / ethnicity', s.failureToAcquire.byGroup),
    acquisitionTable(`Failures to acquire by camera (${a.label})`, 'Deployment / camera', s.failureToAcquire.byCamera),
    wrap(table(`Assignment of tracks to passes (${a.label})`, ['Quantity', 'Value'], assignment)),
    wrap(table(`Alerts among tracks of no known pass (${a.label})`, ['Threshold', 'Alerts', 'Naming a volunteer passing that camera then'], alerts)),
    tracking,
    wrap(table(`Headline rates under the adjudication's alternatives (${a.label})`,
      ['Rule, lowest score', 'Threshold', 'Volunteer passes captured', 'TPIR', 'FPIR (crowd)', 'Alerts, tracks of no known pass', 'Ambiguous tracks', 'Tied'], sensitivity)),
  ].join('\n');
}
