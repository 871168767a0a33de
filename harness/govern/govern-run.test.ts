import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../analyse/results-schema.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { sharedFile } from '../footage/index.ts';
import { makeMovingFacesClip, type Walker } from '../replay/index.ts';
import { runCampaign } from '../run/run-campaign.ts';
import { InputError } from '../core/input-error.ts';
import { CONDITION_COLUMNS } from '../store/contract.ts';
import { AuditEntrySchema, entryHash, verifyAuditLog } from './audit-log.ts';
import { recordReview } from './record-review.ts';
import { retentionStatus } from './retention-status.ts';
import { buildSharingPackage } from './sharing-package.ts';
import { planWithdrawal } from './withdraw-volunteer.ts';
import { PSEUDONYM } from './pseudonymise.ts';

const lfw = sharedFile('datasets/lfw-dev/images');
const bin = path.resolve('bin/evenhand.js');
const img = (who: string, n: number): string => path.join(lfw.path, who, `${who}_${String(n).padStart(4, '0')}.jpg`);

// Five volunteers walking across one camera's frame (real LFW photos), two members of the public, a filler gallery.
const VOLUNTEERS = [
  { id: 'v1', who: 'Colin_Powell', sex: 'male', ethnicity: 'black', enrolled: true, passes: 2 },
  { id: 'v2', who: 'Tony_Blair', sex: 'male', ethnicity: 'white', enrolled: true, passes: 2 },
  { id: 'v3', who: 'Laura_Bush', sex: 'female', ethnicity: 'white', enrolled: true, passes: 2 },
  { id: 'v4', who: 'Gloria_Macapagal_Arroyo', sex: 'female', ethnicity: 'asian', enrolled: false, passes: 1 },
  { id: 'v5', who: 'Jennifer_Capriati', sex: 'female', ethnicity: 'white', enrolled: true, passes: 1 },
];
const CROWD = ['George_W_Bush', 'Silvio_Berlusconi'];
const FILLERS = ['Gerhard_Schroeder', 'Jean_Chretien', 'John_Ashcroft', 'David_Beckham', 'Bill_Clinton'];
const WITHDRAWN = 'v2';

const schedule = (() => {
  const walkers: Walker[] = [];
  const passes: { volunteer: string; deployment: string; camera: string; tStartMs: number; tEndMs: number }[] = [];
  let k = 0;
  for (const v of VOLUNTEERS) {
    for (let p = 0; p < v.passes; p++) {
      const t0 = 500 + k++ * 4500;
      walkers.push({ imagePath: img(v.who, 2 + p), tInMs: t0, tOutMs: t0 + 2000, from: [20, 40], to: [360, 60] });
      passes.push({ volunteer: v.id, deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 });
    }
  }
  const crowd = CROWD.map((who) => {
    const t0 = 500 + k++ * 4500;
    walkers.push({ imagePath: img(who, 1), tInMs: t0, tOutMs: t0 + 2000, from: [360, 50], to: [20, 40] });
    return { deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 };
  });
  return { walkers, passes, crowd, durationMs: 500 + k * 4500 };
})();

/** A dataset folder: the clip, enrolment images copied in (named after the person, as careless files are), manifest. */
function makeDataset(dir: string, clip: string, without: string | null): string {
  mkdirSync(path.join(dir, 'enrolment'), { recursive: true });
  copyFileSync(clip, path.join(dir, 'cam1.avi'));
  const volunteers = VOLUNTEERS.filter((v) => v.id !== without);
  for (const v of volunteers) if (v.enrolled) copyFileSync(img(v.who, 1), path.join(dir, 'enrolment', `${v.who}.jpg`));
  const manifest = {
    id: 'governed', deployments: [{ id: 'd1', site: 'Test site', startedAt: '2020-01-01T10:00:00Z', durationMs: schedule.durationMs, cameras: [{ id: 'cam1' }] }],
    footage: [{ file: 'cam1.avi', deployment: 'd1', camera: 'cam1', startMs: 0, fps: 10 }],
    volunteers: volunteers.map((v) => ({ id: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: null, enrolled: v.enrolled, enrolmentImages: v.enrolled ? [`enrolment/${v.who}.jpg`] : [] })),
    passes: schedule.passes.filter((p) => p.volunteer !== without),
    fillerGallery: { entries: FILLERS.map((who, i) => ({ id: `f${i}`, image: img(who, 1) })) },
    crowdPasses: schedule.crowd,
  };
  const file = path.join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifest, null, 1));
  return file;
}

/** Every file under `dir` (links not followed) with its sha256, for "nothing changed" checks. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const p = path.join(rel, name);
      const st = lstatSync(path.join(dir, p));
      if (st.isDirectory()) walk(p);
      else out.set(p, st.isSymbolicLink() ? 'link' : createHash('sha256').update(readFileSync(path.join(dir, p))).digest('hex'));
    }
  };
  walk('');
  return out;
}

/** The message of the InputError `f` throws (the test fails when it throws nothing or something else). */
function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input });
}

const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const rows = (r: Results): unknown => r.algorithms.map((a) => ({ counts: a.counts, rates: a.rates, comparisons: a.comparisons }));
/**
 * Every rate of `r` but those of `without`, in a fixed order, without the cluster-bootstrap intervals (their draws
 * follow the order volunteers first appear in, which reordering rows changes).
 */
const rateSet = (r: Results, without = ''): unknown => r.algorithms.map((a) => a.rates
  .filter((x) => x.population !== without)
  .map((x) => ({ ...x, intervals: { 'clopper-pearson': x.intervals['clopper-pearson'], wilson: x.intervals.wilson } }))
  .sort((x, y) => `${x.metric}|${x.population}|${x.group}|${x.threshold}`.localeCompare(`${y.metric}|${y.population}|${y.group}|${y.threshold}`)));

describe.skipIf(!lfw.present)('the data\'s life on a real run folder', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'evenhand-govern-'));
  const clip = path.join(root, 'cam1.avi');
  const protocol = path.join(root, 'protocol.json');
  const run = (study: string): string => path.join(root, study, 'run');
  const dataset = (study: string): string => path.join(root, study, 'dataset');
  const campaign = async (study: string): Promise<void> => {
    await runCampaign({ protocol, dataset: path.join(dataset(study), 'manifest.json'), out: run(study), workers: 1, everyMs: 200, allowRoots: [lfw.path] }); // filler images stay in the shared LFW folder
  };
  /** A copy of study A (run and dataset together, so the run's relative path to its dataset holds). */
  const copyOfA = (name: string): string => {
    cpSync(path.join(root, 'A'), path.join(root, name), { recursive: true });
    return name;
  };

  beforeAll(async () => {
    await makeMovingFacesClip(clip, schedule.walkers, { width: 640, height: 360, fps: 10, durationMs: schedule.durationMs });
    writeFileSync(protocol, JSON.stringify({
      id: 'governed', title: 'Governed run', algorithms: [{ id: 'faceplugin-v1' }],
      thresholds: { from: 0.3, to: 0.8, step: 0.1 }, operationalThresholds: [0.6], watchlist: { size: 1000 }, report: { minCellSize: 1 },
    }));
    makeDataset(dataset('A'), clip, null);
    await campaign('A');
  }, 600_000);

  it('withdraws a volunteer: every derived row goes, the analysis is redone, no id is recorded, and a rerun equals a campaign that never had them', async () => {
    const W = copyOfA('W');
    // A campaign that never had the volunteer: the same footage and people, without their entry and passes.
    makeDataset(dataset('B'), clip, WITHDRAWN);
    await campaign('B');

    // Bad input first: an unknown id, a folder that is not a run. Exit 2, nothing changed anywhere.
    const before = new Map([...snapshot(run(W)), ...[...snapshot(dataset(W))].map(([k, v]) => [`dataset/${k}`, v] as const)]);
    const unknown = cli(['withdraw', '--volunteer', 'v99', '--run', run(W), '--yes']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--volunteer: expected the id of a volunteer of .*run \(in its dataset manifest .*manifest\.json or its searches\), got "v99"/);
    expect(inputError(() => planWithdrawal(dataset(W), 'v1'))).toMatch(/dataset: expected a run folder made by evenhand run, simulate or combine/);
    const declined = cli(['withdraw', '--volunteer', WITHDRAWN, '--run', run(W)], 'n\n');
    expect(declined.status).toBe(1);
    expect(new Map([...snapshot(run(W)), ...[...snapshot(dataset(W))].map(([k, v]) => [`dataset/${k}`, v] as const)])).toEqual(before);

    const done = cli(['withdraw', '--volunteer', WITHDRAWN, '--run', run(W), '--yes', '--by', 'data-protection-officer']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/withdrew the volunteer from .* \(withdrawal 1\): \d+ searches and \d+ candidates removed/);

    // The dataset: entry, passes and enrolment image gone; the other volunteers untouched.
    const manifest = json<{ volunteers: { id: string }[]; passes: { volunteer: string }[] }>(path.join(dataset(W), 'manifest.json'));
    expect(manifest.volunteers.map((v) => v.id)).toEqual(['v1', 'v3', 'v4', 'v5']);
    expect(manifest.passes.some((p) => p.volunteer === WITHDRAWN)).toBe(false);
    expect(existsSync(path.join(dataset(W), 'enrolment', 'Tony_Blair.jpg'))).toBe(false);
    expect(existsSync(path.join(dataset(W), 'enrolment', 'Colin_Powell.jpg'))).toBe(true);
    // The run: no row about them, no row naming them, no gallery or track table searched against them.
    const searches = tableFromIPC(readFileSync(path.join(run(W), 'faceplugin-v1', 'searches.arrow')));
    const candidates = tableFromIPC(readFileSync(path.join(run(W), 'faceplugin-v1', 'candidates.arrow')));
    expect([...(searches.getChild('subject_id') ?? [])]).not.toContain(WITHDRAWN);
    expect([...(candidates.getChild('gallery_id') ?? [])]).not.toContain(WITHDRAWN);
    expect([...(searches.getChild('top_nonmate_id') ?? [])]).not.toContain(WITHDRAWN);
    expect(existsSync(path.join(run(W), 'faceplugin-v1', 'watchlist-gallery.f32'))).toBe(false);
    expect(existsSync(path.join(run(W), 'faceplugin-v1', 'replay-watchlist'))).toBe(false);
    // The analysis redone at once gives the rates of the campaign that never had them, for volunteers, the crowd and
    // the filler searches. (That campaign also searched the person's face as an unknown passer-by, as any face in the
    // footage with no known pass: the rerun below does the same.)
    const now = json<Results>(path.join(run(W), 'results.json'));
    const never = json<Results>(path.join(run('B'), 'results.json'));
    expect(rateSet(now, 'unassigned_track')).toEqual(rateSet(never, 'unassigned_track'));
    const counts = (r: Results): unknown => r.algorithms.map((a) => ({ mated: a.counts.mated, subjects: a.counts.subjects, volunteer: a.counts.nonMated.volunteer, crowd: a.counts.nonMated.crowd, filler: a.counts.nonMated.filler_probe }));
    expect(counts(now)).toEqual(counts(never));
    // Recorded without the id: in provenance, the run record, both audit logs; the report's methods count it.
    for (const file of [path.join(run(W), 'provenance.json'), path.join(run(W), 'evenhand-run.json'), path.join(run(W), 'audit-log.jsonl'), path.join(dataset(W), 'audit-log.jsonl')]) {
      const text = readFileSync(file, 'utf8');
      expect(text.split(/[^A-Za-z0-9_.:+-]+/), file).not.toContain(WITHDRAWN);
      expect(text, file).not.toContain('Tony_Blair');
    }
    expect(json<{ withdrawals: unknown[] }>(path.join(run(W), 'provenance.json')).withdrawals).toHaveLength(1);
    const log = readFileSync(path.join(run(W), 'audit-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; by: string });
    expect(log.map((e) => [e.action, e.by])).toEqual([['withdraw', 'data-protection-officer']]);
    expect(readFileSync(path.join(run(W), 'report', 'index.html'), 'utf8')).toMatch(/Excluded: 1 volunteers who withdrew from the study/);
    expect(verifyAuditLog(run(W)).entries).toBe(1);
    expect(verifyAuditLog(dataset(W)).entries).toBe(1);

    // Rerun the campaign: it replays the footage against a watchlist without them; its tables equal campaign B's.
    await campaign(W);
    for (const table of ['searches.arrow', 'candidates.arrow']) {
      expect(readFileSync(path.join(run(W), 'faceplugin-v1', table)).equals(readFileSync(path.join(run('B'), 'faceplugin-v1', table))), table).toBe(true);
    }
    const rerun = json<Results>(path.join(run(W), 'results.json'));
    expect(rows(rerun)).toEqual(rows(never));
    expect(rerun.runInputs.exclusions.find((e) => e.reason === 'withdrawn')?.count).toBe(1);
    expect(json<{ withdrawals: unknown[] }>(path.join(run(W), 'evenhand-run.json')).withdrawals).toHaveLength(1);
  }, 600_000);

  it('purges exactly what is due, keeps what the protocol allows, never follows a link out, and its audit log detects edits and gaps', () => {
    const P = copyOfA('P');
    const outside = path.join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'secret.arrow'), 'not the run\'s to delete');
    writeFileSync(path.join(outside, 'inside-linked-dir.txt'), 'not the run\'s either');
    // A link to a file outside among the track tables, and a linked folder: purge removes the links, not their targets.
    symlinkSync(path.join(outside, 'secret.arrow'), path.join(run(P), 'faceplugin-v1', 'replay-watchlist', 'linked.tracks.arrow'));
    symlinkSync(outside, path.join(run(P), 'faceplugin-v1', 'replay-filler', 'linked-folder'));

    // Status: collected 2020-01-01, three years then review: everything but aggregates and reports is due.
    const status = cli(['retention', 'status', run(P), dataset(P), '--json']);
    expect(status.status, status.stderr).toBe(0);
    const [runStatus, dataStatus] = JSON.parse(status.stdout) as { dueOn: string; classes: { class: string; state: string }[] }[];
    expect(runStatus?.dueOn).toBe('2023-01-01');
    expect(Object.fromEntries(runStatus?.classes.map((c) => [c.class, c.state]) ?? [])).toEqual({
      galleries: 'due-for-review', 'track-tables': 'due-for-review', 'search-tables': 'due-for-review', 'aggregate-results': 'kept', reports: 'kept',
    });
    expect(Object.fromEntries(dataStatus?.classes.map((c) => [c.class, c.state]) ?? [])).toEqual({ footage: 'due-for-review', 'enrolment-images': 'due-for-review', 'ground-truth': 'due-for-review' });
    expect(retentionStatus(run(P), '2022-12-31').classes.every((c) => c.state === 'within-period')).toBe(true);

    // A review keeps the data longer (a date in the past is refused), recorded in the audit log.
    expect(inputError(() => recordReview(run(P), { until: '2023-06-30', reason: 'appeal pending', by: 'reviewer' }))).toMatch(/--until: expected a date after today/);
    const first = recordReview(run(P), { until: '2099-01-01', reason: 'appeal pending', by: 'reviewer' });
    expect(retentionStatus(run(P), '2026-06-01').dueOn).toBe('2099-01-01');
    expect(retentionStatus(run(P), '2026-06-01').due).toEqual([]);
    recordReview(run(P), { until: '2099-06-01', reason: 'second look', by: 'reviewer' });
    expect(verifyAuditLog(run(P), first.hash).entries).toBe(2);
    const logFile = path.join(run(P), 'audit-log.jsonl');
    const [line1 = '', line2 = ''] = readFileSync(logFile, 'utf8').trim().split('\n');
    // An edited entry: detected on its own line (from the command line: exit 2).
    writeFileSync(logFile, `${line1.replace('appeal pending', 'no reason')}\n${line2}\n`);
    const edited = cli(['retention', 'verify', run(P)]);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toMatch(/audit-log\.jsonl: line 1: hash: expected [0-9a-f]{64} \(this entry's own hash\): the entry was edited after it was written/);
    // An entry changed together with its own hash: the next entry's link breaks.
    const forged = { ...AuditEntrySchema.parse(JSON.parse(line1)), by: 'someone else' };
    writeFileSync(logFile, `${JSON.stringify({ ...forged, hash: entryHash(forged) })}\n${line2}\n`);
    expect(inputError(() => verifyAuditLog(run(P)))).toMatch(/line 2: prev: expected [0-9a-f]{64} \(the hash of line 1\): an entry before this one was removed or changed/);
    // A gap: the first entry removed.
    writeFileSync(logFile, `${line2}\n`);
    expect(inputError(() => verifyAuditLog(run(P)))).toMatch(/line 1: seq: expected 1 \(entries are numbered 1, 2, 3, \.\.\.: one is missing or out of order\), got 2/);
    // Entries cut from the end: only a head recorded elsewhere tells.
    writeFileSync(logFile, `${line1}\n`);
    expect(verifyAuditLog(run(P)).entries).toBe(1);
    expect(inputError(() => verifyAuditLog(run(P), /"hash":"([0-9a-f]{64})"/.exec(line2)?.[1]))).toMatch(/entries were cut from the end or the log was rewritten/);

    // Purge on a fresh copy (no review): with a damaged log it refuses and deletes nothing.
    const Q = copyOfA('Q');
    symlinkSync(path.join(outside, 'secret.arrow'), path.join(run(Q), 'faceplugin-v1', 'replay-watchlist', 'linked.tracks.arrow'));
    symlinkSync(outside, path.join(run(Q), 'faceplugin-v1', 'replay-filler', 'linked-folder'));
    writeFileSync(path.join(run(Q), 'audit-log.jsonl'), `${line1.replace('appeal pending', 'no reason')}\n`);
    const before = snapshot(run(Q));
    const tampered = cli(['retention', 'purge', run(Q), '--yes']);
    expect(tampered.status).toBe(2);
    expect(tampered.stderr).toMatch(/line 1: hash/);
    expect(snapshot(run(Q))).toEqual(before);
    writeFileSync(path.join(run(Q), 'audit-log.jsonl'), '');
    // Without --yes it asks; any answer but yes deletes nothing.
    const intact = snapshot(run(Q));
    const no = cli(['retention', 'purge', run(Q)], 'n\n');
    expect(no.status).toBe(1);
    expect(no.stderr).toMatch(/Delete \d+ files \([\d.]+ (?:bytes|[KMG]iB)\) from .*, keeping aggregate results and reports\? This cannot be undone\. \[y\/N\] nothing deleted/);
    expect(snapshot(run(Q))).toEqual(intact);

    const yes = cli(['retention', 'purge', run(Q)], 'y\n');
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/deleted \d+ files .* \(2 links removed; what they point to was not touched\); audit log entry 1/);
    const left = [...snapshot(run(Q)).keys()].sort();
    expect(left).toEqual([ // the folder's records (its output marker, run record and audit log) are never purged
      '.evenhand-output.json', 'audit-log.jsonl', 'evenhand-run.json', 'exclusions.json', path.join('faceplugin-v1', 'adjudication.json'), 'protocol.json', 'provenance.json',
      path.join('report', 'annex.html'), path.join('report', 'explorer.html'), path.join('report', 'index.html'), path.join('report', 'rates.arrow'), path.join('report', 'rates.csv'), path.join('report', 'results.json'),
      'results.json',
    ]);
    expect(readFileSync(path.join(outside, 'secret.arrow'), 'utf8')).toBe('not the run\'s to delete');
    expect(existsSync(path.join(outside, 'inside-linked-dir.txt'))).toBe(true);
    // The audit entry names each deleted file with its hash before deletion, when and by whom.
    const entry = JSON.parse(readFileSync(path.join(run(Q), 'audit-log.jsonl'), 'utf8').trim()) as { action: string; details: { files: { path: string; sha256: string; class: string }[]; kept: string[] } };
    expect(entry.action).toBe('purge');
    expect(entry.details.kept).toEqual(['aggregate-results', 'reports']);
    const searchesEntry = entry.details.files.find((f) => f.path === 'faceplugin-v1/searches.arrow');
    expect(searchesEntry?.sha256).toBe(before.get(path.join('faceplugin-v1', 'searches.arrow')));
    expect(verifyAuditLog(run(Q)).entries).toBe(1);
    // The dataset folder too: footage, images and ground truth go; images named from outside stay where they are.
    const data = cli(['retention', 'purge', dataset(Q), '--yes']);
    expect(data.status, data.stderr).toBe(0);
    expect([...snapshot(dataset(Q)).keys()]).toEqual(['audit-log.jsonl']);
    expect(existsSync(img(FILLERS[0] ?? '', 1))).toBe(true);
    expect(retentionStatus(dataset(Q), '2026-06-01')).toMatchObject({ classes: [], audit: { entries: 1 } });
  }, 600_000);

  it('exports a pseudonymised package that holds no identifier and reanalyses to the same rates, and refuses one that would', () => {
    const E = copyOfA('E');
    const out = path.join(root, 'E-shared');
    const key = path.join(root, 'E-key.txt');
    const r = cli(['export', '--run', run(E), '--for', 'sharing', '--out', out, '--key-out', key]);
    expect(r.status, r.stderr).toBe(0);
    const files = [...snapshot(out).keys()].sort();
    expect(files).toEqual(['.evenhand-output.json', 'README.md', 'protocol.json', 'provenance.json', 'results.json', path.join('tables', 'faceplugin-v1', 'candidates.arrow'), path.join('tables', 'faceplugin-v1', 'searches.arrow')]);
    // Every id and name the run and its dataset know, scanned for in every value of every file.
    const known = new Set<string>(['Tony_Blair', 'Colin_Powell', 'Laura_Bush', 'Gloria_Macapagal_Arroyo', 'Jennifer_Capriati', ...FILLERS, ...CROWD]);
    for (const table of ['searches.arrow', 'candidates.arrow']) {
      const t = tableFromIPC(readFileSync(path.join(run(E), 'faceplugin-v1', table)));
      for (const col of ['search_id', 'subject_id', 'gallery_id', 'top_nonmate_id']) for (const v of t.getChild(col) ?? []) if (typeof v === 'string') known.add(v);
    }
    for (const v of VOLUNTEERS) known.add(v.id);
    const texts: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(path.join(out, f));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), `${f} is a JPEG`).toBe(false);
      if (!f.endsWith('.arrow')) {
        texts.push(bytes.toString('utf8'));
        continue;
      }
      const t = tableFromIPC(bytes);
      for (const field of t.schema.fields) {
        const values = [...(t.getChild(field.name) ?? [])];
        if (['search_id', 'subject_id', 'gallery_id', 'top_nonmate_id'].includes(field.name)) expect(values.every((v) => v === null || PSEUDONYM.test(String(v))), field.name).toBe(true);
        texts.push(values.map(String).join('\n'));
      }
    }
    const tokens = new Set(texts.join('\n').split(/[^A-Za-z0-9_.:+-]+/));
    const leaked = [...known].filter((id) => tokens.has(id) || (id.length >= 8 && texts.some((t) => t.includes(id))));
    expect(leaked).toEqual([]);
    // A volunteer's pseudonym as a subject is the same as their pseudonym as a gallery entry (mates still line up).
    const s = tableFromIPC(readFileSync(path.join(out, 'tables', 'faceplugin-v1', 'searches.arrow')));
    // The capture conditions of the replay go with the searches, for analyses by condition.
    const original = tableFromIPC(readFileSync(path.join(run(E), 'faceplugin-v1', 'searches.arrow')));
    const conditionNames = (t: typeof s) => t.schema.fields.map((f) => f.name).filter((n) => CONDITION_COLUMNS.some((c) => c.name === n));
    expect(conditionNames(original).length).toBeGreaterThan(0);
    expect(conditionNames(s)).toEqual(conditionNames(original));
    const sorted = (t: typeof s, n: string) => [...(t.getChild(n) ?? [])].map((v) => (v === null ? -1 : Number(v))).sort((a, b) => a - b);
    for (const n of conditionNames(s)) expect(sorted(s, n), n).toEqual(sorted(original, n));
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain(`| ${conditionNames(s)[0] ?? ''} |`);
    const c = tableFromIPC(readFileSync(path.join(out, 'tables', 'faceplugin-v1', 'candidates.arrow')));
    const subjectOf = new Map([...(s.getChild('search_id') ?? [])].map((id, i) => [String(id), s.getChild('subject_id')?.get(i) as unknown]));
    const mates = [...(c.getChild('is_mate') ?? [])].map((m, i) => (m === true ? i : -1)).filter((i) => i >= 0);
    expect(mates.length).toBeGreaterThan(0);
    for (const i of mates) expect(c.getChild('gallery_id')?.get(i)).toBe(subjectOf.get(String(c.getChild('search_id')?.get(i))));
    expect(readFileSync(key, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    // Reanalysed from the package alone, the rates are the study's.
    const reanalysed = analyseCampaign(loadProtocol(path.join(out, 'protocol.json')), [{ id: 'faceplugin-v1', label: 'faceplugin-v1', searches: path.join(out, 'tables', 'faceplugin-v1', 'searches.arrow'), candidates: path.join(out, 'tables', 'faceplugin-v1', 'candidates.arrow') }]);
    expect(rateSet(reanalysed)).toEqual(rateSet(json<Results>(path.join(run(E), 'results.json'))));
    // The export is in the run's audit log; a second export uses another key.
    expect(readFileSync(path.join(run(E), 'audit-log.jsonl'), 'utf8')).toMatch(/"action":"export"/);
    const again = buildSharingPackage(run(E)).files.get('tables/faceplugin-v1/searches.arrow');
    expect(again).toBeDefined();
    expect(Buffer.from(again ?? '').equals(readFileSync(path.join(out, 'tables', 'faceplugin-v1', 'searches.arrow')))).toBe(false);

    // The check refuses a package that would carry an identifier: here a name in the protocol's description.
    const protocolCopy = path.join(run(E), 'protocol.json');
    writeFileSync(protocolCopy, JSON.stringify({ ...json<object>(protocolCopy), description: 'Pilot walk-past with Laura_Bush' }));
    const refused = path.join(root, 'E-refused');
    const bad = cli(['export', '--run', run(E), '--for', 'sharing', '--out', refused]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/sharing package of .*: protocol\.json: description: expected no id or name of a person, got "Laura_Bush"/);
    expect(existsSync(refused)).toBe(false);
    // And a folder that is not a run.
    expect(inputError(() => buildSharingPackage(dataset(E)))).toMatch(/expected a run folder/);
  }, 600_000);
});
