/**
 * Writes the alert-log fixtures in datasets/examples/alert-logs/ (run: node --import tsx scripts/make-alert-log-fixtures.ts):
 * a small manifest (one deployment, two cameras, six volunteers, places for one camera's passes, a crowd estimate),
 * and one list of designed events written as two vendor-style logs with their format files:
 *   vendor-a.csv + vendor-a.yaml     a CSV export: a banner line, ';' separated, local times in Europe/London (BST),
 *                                    camera names, scores 0-100, operator outcomes, no face boxes, no track ids
 *   vendor-b.jsonl + vendor-b.yaml   a JSON-lines export: Unix ms, candidate lists, face boxes, track ids, reviews;
 *                                    and vendor-b-faces.csv, its face-count log
 *   vendor-a-skewed.csv              vendor A's log with the log clock 45 s fast
 * The events cover what an import must handle: true positives, misses, duplicate alerts for one pass, X during Y's
 * pass (with a box in Y's place, and without), alerts outside any pass, a person alerting twice, subjects off the
 * watchlist, an unknown camera, an alert outside the deployment, malformed rows. expected.json records, for each log,
 * what the design says an import must find (written from the event list, not by running the importer).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'datasets', 'examples', 'alert-logs');
const START = '2026-05-02T09:00:00+01:00';
const startMs = Date.parse(START);
const LANE = [[[0, 0], [320, 0], [320, 480], [0, 480]], [[320, 0], [640, 0], [640, 480], [320, 480]]];
const volunteers = [
  { id: 'v01', sex: 'female', ethnicity: 'black', ageBand: 'under_30', enrolled: true },
  { id: 'v02', sex: 'male', ethnicity: 'white', ageBand: '30_to_49', enrolled: true },
  { id: 'v03', sex: 'female', ethnicity: 'asian', ageBand: '50_plus', enrolled: true },
  { id: 'v04', sex: 'male', ethnicity: 'black', ageBand: 'under_30', enrolled: true },
  { id: 'v05', sex: 'female', ethnicity: 'white', ageBand: '30_to_49', enrolled: false },
  { id: 'v06', sex: 'male', ethnicity: 'mixed', ageBand: null, enrolled: true },
];
interface Pass { volunteer: string; deployment: string; camera: string; tStartMs: number; tEndMs: number; place?: { kind: 'zone'; polygon: number[][] } }
const passes: Pass[] = [];
volunteers.forEach((v, i) => {
  for (let j = 0; j < 2; j++) {
    // v01 and v02 walk past cam1 side by side on their first pass, in different lanes
    const t = i === 1 && j === 0 ? 10_000 + 2000 : (i * 2 + j) * 120_000 + 10_000;
    passes.push({ volunteer: v.id, deployment: 'd1', camera: 'cam1', tStartMs: t, tEndMs: t + 8000, place: { kind: 'zone', polygon: LANE[i % 2] ?? [] } });
    passes.push({ volunteer: v.id, deployment: 'd1', camera: 'cam2', tStartMs: t + 60_000, tEndMs: t + 68_000 });
  }
});
const passOf = (v: string, camera: string, j: number): Pass => passes.filter((p) => p.volunteer === v && p.camera === camera)[j] as Pass;
const boxIn = (lane: number): { x: number; y: number; w: number; h: number } => ({ x: lane === 0 ? 120 : 440, y: 150, w: 60, h: 72 });

/** One designed alert. `expect` says what an import must make of it (A: vendor A's log, B: vendor B's). */
interface Event {
  tMs: number; camera: string; candidates: [string, number][]; lane?: number; track?: string; decision?: 'confirmed' | 'dismissed';
  expect: { A: string; B: string };
}
const events: Event[] = [];
// 1. true positives: one alert in each enrolled volunteer's pass, except two misses (v03's second cam1 pass, v04's first cam2 pass)
volunteers.forEach((v, i) => {
  if (!v.enrolled) return;
  for (const camera of ['cam1', 'cam2']) {
    for (let j = 0; j < 2; j++) {
      if ((v.id === 'v03' && camera === 'cam1' && j === 1) || (v.id === 'v04' && camera === 'cam2' && j === 0)) continue;
      const p = passOf(v.id, camera, j);
      const score = Number((0.62 + 0.05 * ((i + j) % 5)).toFixed(2));
      events.push({ tMs: p.tStartMs + 3000, camera, candidates: [[v.id, score]], ...(camera === 'cam1' ? { lane: i % 2 } : {}), track: `T${i}${j}${camera}`,
        decision: v.id === 'v06' && j === 1 ? 'dismissed' : 'confirmed', expect: { A: 'own-pass', B: 'own-pass' } });
    }
  }
});
// 2. duplicates: two more alerts in v01's first cam1 pass (the best, 0.91, is kept)
const p01 = passOf('v01', 'cam1', 0);
events.push({ tMs: p01.tStartMs + 4000, camera: 'cam1', candidates: [['v01', 0.58]], lane: 0, track: 'T00cam1', decision: 'confirmed', expect: { A: 'own-pass', B: 'own-pass' } });
events.push({ tMs: p01.tStartMs + 5000, camera: 'cam1', candidates: [['v01', 0.91]], lane: 0, track: 'T00cam1', decision: 'confirmed', expect: { A: 'own-pass', B: 'own-pass' } });
// 3. X during Y's pass: v02 named while v04 passes cam1 alone (box in v04's lane), and v01 named during v03's cam2 pass (no place there)
const p04 = passOf('v04', 'cam1', 1);
events.push({ tMs: p04.tStartMs + 5000, camera: 'cam1', candidates: [['v02', 0.57]], lane: 1, track: 'T900', decision: 'dismissed', expect: { A: 'other-passer-to-crowd', B: 'other-passer-by-place' } });
const p03 = passOf('v03', 'cam2', 0);
events.push({ tMs: p03.tStartMs + 5000, camera: 'cam2', candidates: [['v01', 0.6]], track: 'T901', decision: 'dismissed', expect: { A: 'other-passer-to-crowd', B: 'other-passer-to-crowd' } });
// 4. outside any pass: three false alerts by members of the public; the last two are one person (one track)
events.push({ tMs: 3_000_000, camera: 'cam1', candidates: [['v03', 0.56]], lane: 0, track: 'T902', expect: { A: 'outside-any-pass', B: 'outside-any-pass' } });
events.push({ tMs: 3_100_000, camera: 'cam2', candidates: [['v04', 0.7], ['v02', 0.55]], track: 'T903', decision: 'dismissed', expect: { A: 'outside-any-pass', B: 'outside-any-pass' } });
events.push({ tMs: 3_101_000, camera: 'cam2', candidates: [['v04', 0.66]], track: 'T903', expect: { A: 'outside-any-pass', B: 'outside-any-pass' } });
// 5. subjects off the watchlist: one alert naming only w999 (left out), one whose second candidate is w998 (set aside, alert kept)
events.push({ tMs: 3_200_000, camera: 'cam1', candidates: [['w999', 0.7]], lane: 1, track: 'T904', expect: { A: 'unknown-subject', B: 'unknown-subject' } });
const p02 = passOf('v02', 'cam2', 1);
events.push({ tMs: p02.tStartMs + 6000, camera: 'cam2', candidates: [['v02', 0.81], ['w998', 0.5]], track: 'T11cam2', decision: 'confirmed', expect: { A: 'own-pass', B: 'own-pass' } });
// 6. an unknown camera, and an alert after the deployment ended
events.push({ tMs: 2_000_000, camera: 'cam9', candidates: [['v02', 0.75]], track: 'T905', expect: { A: 'unknown-camera', B: 'unknown-camera' } });
events.push({ tMs: 3_700_000, camera: 'cam1', candidates: [['v02', 0.75]], lane: 0, track: 'T906', expect: { A: 'outside-deployment', B: 'outside-deployment' } });
events.sort((a, b) => a.tMs - b.tMs);

const CAMERA_NAME: Record<string, string> = { cam1: 'Oxford St North', cam2: 'Oxford St South', cam9: 'Regent St' };
const local = (tMs: number, skewMs = 0): string => DateTime.fromMillis(startMs + tMs + skewMs, { zone: 'Europe/London' }).toFormat('dd/MM/yyyy HH:mm:ss');

// vendor A: one row per alert (its best candidate), local times, 0-100, no boxes, no tracks
function vendorA(skewMs: number): string {
  const rows = ['Vendor A LFR export;generated 02/05/2026 11:00:00', 'Alert Time;Camera;Watchlist Ref;Match %;Operator Outcome'];
  for (const e of events) {
    const [subject, score] = e.candidates[0] ?? ['', 0];
    rows.push([local(e.tMs, skewMs), CAMERA_NAME[e.camera] ?? e.camera, subject === 'w999' ? 'W-999' : subject, (score * 100).toFixed(0), e.decision === 'confirmed' ? 'Match confirmed' : e.decision === 'dismissed' ? 'No match' : ''].join(';'));
  }
  // malformed rows: a score that is not a number, a date that does not exist, a row with one column too many
  rows.splice(6, 0, `${local(1_000_000, skewMs)};Oxford St North;v02;n/a;`);
  rows.splice(9, 0, `32/13/2026 25:00:00;Oxford St North;v02;71;`);
  rows.splice(12, 0, `${local(1_100_000, skewMs)};Oxford St North;v02;71;;extra`);
  return `${rows.join('\n')}\n`;
}
const malformedA = 3;

// vendor B: JSON lines, Unix ms, candidate lists, boxes, tracks, reviews; two malformed lines
function vendorB(): string {
  const lines = events.map((e, i) => JSON.stringify({
    event_id: `E${String(i + 1).padStart(4, '0')}`, ts: startMs + e.tMs, source: { camera: e.camera === 'cam9' ? 'cam-9' : e.camera.replace('cam', 'cam-') },
    matches: e.candidates.map(([ref, similarity]) => ({ ref, similarity })),
    ...(e.track === undefined ? {} : { track: e.track }),
    ...(e.lane === undefined ? {} : { face: ((b) => ({ left: b.x, top: b.y, width: b.w, height: b.h }))(boxIn(e.lane)) }),
    ...(e.decision === undefined ? {} : { review: e.decision === 'confirmed' ? 'CONFIRMED' : 'REJECTED' }),
  }));
  lines.splice(4, 0, '{"event_id": "E9001", "ts": ');
  lines.splice(8, 0, JSON.stringify({ event_id: 'E9002', ts: startMs + 1_000_000, source: { camera: 'cam-1' }, matches: [{ ref: 'v02', similarity: 'high' }] }));
  return `${lines.join('\n')}\n`;
}
const malformedB = 2;

const formatA = `# Vendor A's CSV alert export: local times in London, camera names, scores in percent.
name: Vendor A alert export (CSV)
file: csv
csv: { delimiter: ";", skipLines: 1 }
fields:
  time: Alert Time
  camera: Camera
  subject: Watchlist Ref
  score: Match %
  decision: Operator Outcome
time: { format: "dd/MM/yyyy HH:mm:ss", zone: Europe/London }
deployment: d1
cameras: { "Oxford St North": cam1, "Oxford St South": cam2 }
score:
  scale: { kind: linear, vendor: [0, 100], evenhand: [0, 1] }
  alertThreshold: 55
decisions: { confirmed: ["Match confirmed"], dismissed: ["No match"] }
`;
const formatB = `# Vendor B's JSON-lines event export: Unix milliseconds, candidate lists, face boxes, track ids and reviews.
name: Vendor B event stream (JSON lines)
file: jsonl
fields:
  alertId: event_id
  time: ts
  camera: source.camera
  subject: matches.0.ref
  score: matches.0.similarity
  candidates: { list: matches, subject: ref, score: similarity }
  trackId: track
  box: { x: face.left, y: face.top, w: face.width, h: face.height }
  decision: review
time: { format: epoch-ms }
cameras: { cam-1: cam1, cam-2: cam2 }
score:
  scale: { kind: identity }
  alertThreshold: 0.55
decisions: { confirmed: [CONFIRMED], dismissed: [REJECTED] }
faceCounts: { file: csv, time: minute_ms, camera: camera, count: faces }
`;
// the face-count log: faces per minute per camera (Unix ms), 265 a camera over the hour
function faces(): string {
  const rows = ['minute_ms,camera,faces'];
  for (const camera of ['cam-1', 'cam-2']) for (let m = 0; m < 53; m++) rows.push(`${startMs + m * 60_000},${camera},5`);
  return `${rows.join('\n')}\n`;
}

/** What each log must give, from the design above. */
function expected(log: 'A' | 'B'): Record<string, unknown> {
  const by = (what: string): Event[] => events.filter((e) => e.expect[log] === what);
  const used = events.filter((e) => !['unknown-subject', 'unknown-camera', 'outside-deployment'].includes(e.expect[log]));
  const crowdPeople = log === 'B' ? new Set(by('outside-any-pass').map((e) => e.track)).size + by('other-passer-to-crowd').length : by('outside-any-pass').length + by('other-passer-to-crowd').length;
  const ownPassSearches = new Set(by('own-pass').map((e) => `${e.candidates[0]?.[0]}/${e.camera}/${passes.findIndex((p) => p.volunteer === e.candidates[0]?.[0] && p.camera === e.camera && p.tStartMs <= e.tMs && e.tMs < p.tEndMs)}`)).size;
  const attributedToPasses = by('own-pass').length + by('other-passer-by-place').length;
  return {
    malformedRows: log === 'A' ? malformedA : malformedB,
    alerts: used.length,
    unknownCameraAlerts: by('unknown-camera').length,
    unknownSubjectCandidates: log === 'A' ? by('unknown-subject').length : events.flatMap((e) => e.candidates).filter(([s]) => s.startsWith('w')).length,
    alertsOnlyUnknown: by('unknown-subject').length,
    outsideDeployment: by('outside-deployment').length,
    reasons: Object.fromEntries(['own-pass', 'other-passer-by-place', 'other-passer-to-crowd', 'outside-any-pass'].map((r) => [r, by(r).length])),
    duplicates: attributedToPasses - ownPassSearches + (log === 'B' ? by('outside-any-pass').length - new Set(by('outside-any-pass').map((e) => e.track)).size : 0),
    crowdAlertSearches: crowdPeople,
    crowdTotal: log === 'A' ? 500 : 2 * 53 * 5 - passes.length,
    volunteerSearches: passes.length,
    mated: passes.filter((p) => volunteers.find((v) => v.id === p.volunteer)?.enrolled).length,
    tpPasses: ownPassSearches,
    bestScore: { pass: `pass-${String(passes.indexOf(p01) + 1).padStart(6, '0')}`, score: 0.91 },
    decisions: { confirmed: used.filter((e) => e.decision === 'confirmed').length, dismissed: used.filter((e) => e.decision === 'dismissed').length },
    coversFrom: 0.55,
  };
}

const manifest = {
  $schema: '../../manifest.schema.json',
  id: 'alert-log-example',
  description: 'Made-up ground truth for the alert-log fixtures (scripts/make-alert-log-fixtures.ts): one hour at two cameras, six volunteers (v05 not enrolled) passing each camera twice, lanes (places) at cam1, a crowd estimate. The enrolment images it names do not exist: the logs need none.',
  deployments: [{ id: 'd1', site: 'Example high street', startedAt: START, durationMs: 3_600_000,
    cameras: [{ id: 'cam1', description: 'North, two lanes', width: 640, height: 480 }, { id: 'cam2', description: 'South' }] }],
  volunteers: volunteers.map((v) => ({ ...v, enrolmentImages: v.enrolled ? [`enrolment/${v.id}.jpg`] : [] })),
  passes,
  crowdEstimates: [{ deployment: 'd1', count: 500, method: 'manual tally by two stewards at both cameras' }],
};

mkdirSync(out, { recursive: true });
const write = (name: string, text: string): void => { writeFileSync(path.join(out, name), text); console.log(`wrote ${path.join('datasets/examples/alert-logs', name)}`); };
write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
write('vendor-a.csv', vendorA(0));
write('vendor-a-skewed.csv', vendorA(45_000));
write('vendor-a.yaml', formatA);
write('vendor-b.jsonl', vendorB());
write('vendor-b.yaml', formatB);
write('vendor-b-faces.csv', faces());
write('expected.json', `${JSON.stringify({ A: expected('A'), B: expected('B'), skewMs: 45_000 }, null, 2)}\n`);
