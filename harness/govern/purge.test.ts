import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { writeRunRecord } from '../store/run-record.ts';
import { appendAudit, readAuditLog } from './audit-log.ts';
import { folderInventory } from './folder-inventory.ts';
import { executePurge, planPurge } from './purge.ts';
import { insideFolder } from './safe-delete.ts';

/** A run folder by hand: every class of file, one file evenhand did not make, and links to a folder outside. */
function fakeRun(): { dir: string; outside: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'evenhand-purge-'));
  const dir = path.join(root, 'run');
  const outside = path.join(root, 'outside');
  for (const d of ['x/replay-watchlist/segments', 'report', 'probes', outside]) mkdirSync(path.isAbsolute(d) ? d : path.join(dir, d), { recursive: true });
  writeFileSync(path.join(outside, 'keep.txt'), 'outside');
  copyFileSync('protocols/examples/small-simulated.json', path.join(dir, 'protocol.json'));
  for (const f of ['x/searches.arrow', 'x/candidates.arrow', 'x/watchlist-gallery.json', 'x/watchlist-gallery.f32', 'x/replay-watchlist/segments/footage-0001.tracks.arrow', 'x/adjudication.json', 'results.json', 'provenance.json', 'report/index.html', 'notes.txt']) {
    writeFileSync(path.join(dir, f), f);
  }
  // exported probe images (evenhand export-probes), faces of the public: a list and an image named by search id
  writeFileSync(path.join(dir, 'probes/probes.csv'), 'probe_id,file\nx-0001,x-0001.jpg\n');
  writeFileSync(path.join(dir, 'probes/x-0001.jpg'), 'jpeg');
  symlinkSync(path.join(outside, 'keep.txt'), path.join(dir, 'x/replay-watchlist/segments/linked.arrow'));
  symlinkSync(outside, path.join(dir, 'x/replay-filler'));
  writeRunRecord(dir, {
    format: 'evenhand-run/1', kind: 'campaign', campaign: 'c', title: 'C', protocol: 'protocol.json', dataset: null, simulated: false,
    algorithms: [{ id: 'x', label: 'X', kind: 'onnx', version: {}, searches: 'x/searches.arrow', candidates: 'x/candidates.arrow' }],
    deployments: [{ id: 'd1', site: 'A' }], retention: { collectedOn: '2020-02-29', periodMonths: 36, afterPeriod: 'delete', keep: ['aggregate-results', 'reports'] },
  });
  return { dir, outside };
}

describe('purge on a run folder made by hand', () => {
  it('classifies every file, deletes what is due, keeps records, aggregates, reports and strangers, and never reaches outside', () => {
    const { dir, outside } = fakeRun();
    const classes = Object.fromEntries(folderInventory(dir).files.map((f) => [f.path, f.class]));
    expect(classes).toEqual({
      'evenhand-run.json': 'records', 'notes.txt': 'unclassified', 'probes/probes.csv': 'probe-images', 'probes/x-0001.jpg': 'probe-images', 'protocol.json': 'aggregate-results', 'provenance.json': 'aggregate-results', 'report/index.html': 'reports', 'results.json': 'aggregate-results',
      'x/adjudication.json': 'aggregate-results', 'x/candidates.arrow': 'search-tables', 'x/replay-filler': 'track-tables', 'x/replay-watchlist/segments/footage-0001.tracks.arrow': 'track-tables',
      'x/replay-watchlist/segments/linked.arrow': 'track-tables', 'x/searches.arrow': 'search-tables', 'x/watchlist-gallery.f32': 'galleries', 'x/watchlist-gallery.json': 'galleries',
    });
    // 2020-02-29 + 36 months = 2023-02-28 (no 29 February in 2023)
    expect(planPurge(dir, '2023-02-27').files).toEqual([]);
    const plan = planPurge(dir, '2023-02-28');
    expect(plan.status.classes.find((c) => c.class === 'galleries')?.state).toBe('due-for-deletion');
    expect(plan.status.classes.find((c) => c.class === 'probe-images')).toMatchObject({ files: 2, state: 'due-for-deletion' });
    const out = executePurge(plan, 'tester', new Date('2023-03-01T09:00:00Z'));
    expect(out).toMatchObject({ deleted: 9, links: 2, refused: [] });
    expect(folderInventory(dir).files.map((f) => f.path)).toEqual(['audit-log.jsonl', 'evenhand-run.json', 'notes.txt', 'protocol.json', 'provenance.json', 'report/index.html', 'results.json', 'x/adjudication.json']);
    expect(readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('outside');
    expect(existsSync(path.join(dir, 'x/replay-watchlist'))).toBe(false);
    const [entry] = readAuditLog(dir);
    expect(entry).toMatchObject({ seq: 1, by: 'tester', action: 'purge', at: '2023-03-01T09:00:00.000Z' });
    expect(JSON.stringify(entry?.details)).toContain('"path":"x/searches.arrow","class":"search-tables","bytes":16');
    // nothing more is due
    expect(planPurge(dir, '2030-01-01').files).toEqual([]);
  });
  it('never resolves a path through a linked folder, or out of the folder', () => {
    const { dir } = fakeRun();
    expect(insideFolder(dir, 'x/replay-filler/keep.txt')).toBeNull();
    expect(insideFolder(dir, '../outside/keep.txt')).toBeNull();
    expect(insideFolder(dir, '/etc/passwd')).toBeNull();
    expect(insideFolder(dir, 'x/searches.arrow')).toMatch(/x\/searches\.arrow$/);
  });
  it('refuses a folder that is neither a run nor a dataset, naming it', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'evenhand-none-'));
    expect(() => planPurge(empty, '2030-01-01')).toThrow(InputError);
    expect(() => planPurge(empty, '2030-01-01')).toThrow(/expected a run folder \(with evenhand-run\.json\) or a dataset folder \(with manifest\.json\), got neither/);
  });
  it('works on a dataset folder named by its manifest: footage, images and ground truth go; files named outside it stay', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'evenhand-dataset-'));
    const dir = path.join(root, 'dataset');
    mkdirSync(path.join(dir, 'enrolment'), { recursive: true });
    mkdirSync(path.join(dir, 'private'), { recursive: true });
    writeFileSync(path.join(root, 'elsewhere.jpg'), 'not in the folder');
    for (const f of ['cam1.mp4', 'enrolment/v1.jpg', 'filler-1.jpg', 'private/source-key.json', 'readme.txt']) writeFileSync(path.join(dir, f), f);
    const manifest = path.join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({
      id: 'd', deployments: [{ id: 'd1', site: 'A', startedAt: '2021-05-01T10:00:00Z', durationMs: 60_000, cameras: [{ id: 'c1' }] }],
      footage: [{ file: 'cam1.mp4', deployment: 'd1', camera: 'c1', startMs: 0, fps: 10 }],
      volunteers: [{ id: 'v1', sex: null, ethnicity: null, ageBand: null, enrolmentImages: ['enrolment/v1.jpg'] }, { id: 'v2', sex: null, ethnicity: null, ageBand: null, enrolmentImages: [path.join(root, 'elsewhere.jpg')] }],
      fillerGallery: { entries: [{ id: 'f1', image: 'filler-1.jpg' }] },
      retention: { periodMonths: 12, afterPeriod: 'delete' },
    }));
    const status = planPurge(manifest, '2022-05-02').status;
    expect(status.dueOn).toBe('2022-05-01');
    expect(status.inventory.outside).toEqual([path.join(root, 'elsewhere.jpg')]);
    expect(status.unclassified).toEqual(['readme.txt']);
    expect(Object.fromEntries(status.classes.map((c) => [c.class, c.files]))).toEqual({ footage: 1, 'enrolment-images': 1, 'filler-images': 1, 'ground-truth': 2 });
    executePurge(planPurge(manifest, '2022-05-02'), 'tester');
    expect(folderInventory(dir).files.map((f) => f.path)).toEqual(['audit-log.jsonl', 'readme.txt']);
    expect(readFileSync(path.join(root, 'elsewhere.jpg'), 'utf8')).toBe('not in the folder');
    expect(readAuditLog(dir)).toHaveLength(1);
  });
  it('chains audit entries and refuses to append to a damaged log', () => {
    const { dir } = fakeRun();
    const a = appendAudit(dir, { by: 'a', action: 'review', details: { until: '2099-01-01', reason: 'r' } });
    const b = appendAudit(dir, { by: 'b', action: 'review', details: { until: '2099-02-01', reason: 'r' } });
    expect(b.prev).toBe(a.hash);
    const file = path.join(dir, 'audit-log.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"by":"a"', '"by":"z"'));
    expect(() => appendAudit(dir, { by: 'c', action: 'review', details: {} })).toThrow(/line 1: hash/);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
