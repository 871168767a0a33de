/**
 * The alert-log import on the fixtures of scripts/make-alert-log-fixtures.ts: two vendor formats (a CSV with local
 * times, a JSON-lines export with candidate lists and boxes), a clock-skewed log, and every case the script designs
 * (duplicates, X during Y's pass, alerts outside any pass, unknown subjects and cameras, malformed rows), checked
 * against what the script's design says (expected.json); then the tables through the unchanged analysis.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { loadManifest, type Manifest } from '../campaign/load-manifest.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { importAlerts, loadLogFormat, writeImport, type ImportAlertsOptions } from './index.ts';

const dir = path.resolve('datasets/examples/alert-logs');
const campaign = loadProtocol('protocols/npl-2023-lfr.json');
const manifestFile = path.join(dir, 'manifest.json');
const manifest: Manifest = loadManifest(manifestFile, campaign.dimensions, { filesMustExist: false }); // the example's images are not shipped: a log import reads none
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<'A' | 'B', Record<string, unknown>> & { skewMs: number };
const base = { manifest, manifestFile, offsetMs: 0, toleranceMs: 1000, maxShiftMs: 600_000, topK: 10, strict: false };
const vendorA = (over: Partial<ImportAlertsOptions> = {}): ReturnType<typeof importAlerts> =>
  importAlerts({ ...base, log: path.join(dir, 'vendor-a.csv'), format: loadLogFormat(path.join(dir, 'vendor-a.yaml')), formatSource: 'vendor-a.yaml', ...over });
const vendorB = (over: Partial<ImportAlertsOptions> = {}): ReturnType<typeof importAlerts> =>
  importAlerts({ ...base, log: path.join(dir, 'vendor-b.jsonl'), format: loadLogFormat(path.join(dir, 'vendor-b.yaml')), formatSource: 'vendor-b.yaml', faceCounts: path.join(dir, 'vendor-b-faces.csv'), ...over });

describe.each([['A', vendorA], ['B', vendorB]] as const)('vendor %s log', (log, run) => {
  it('finds what the fixture design says', async () => {
    const r = await run();
    const e = expected[log];
    const s = r.summary;
    expect(s.excluded.malformedRows).toBe(e['malformedRows']);
    expect(s.alerts).toBe(e['alerts']);
    expect(s.excluded.unknownCameras.alerts).toBe(e['unknownCameraAlerts']);
    expect(s.excluded.unknownSubjects.candidates).toBe(e['unknownSubjectCandidates']);
    expect(s.excluded.unknownSubjects.alertsLeftOut).toBe(e['alertsOnlyUnknown']);
    expect(s.excluded.outsideDeployment).toBe(e['outsideDeployment']);
    expect(s.attribution?.reasons).toMatchObject(e['reasons'] as object);
    expect(s.attribution?.duplicates).toBe(e['duplicates']);
    expect(s.searches.nobody).toBe(e['crowdAlertSearches']);
    expect(s.crowd?.total).toBe(e['crowdTotal']);
    expect(s.crowd?.census).toBe(false);
    expect(s.decisions).toMatchObject(e['decisions'] as object);
    expect(s.scores.coversFrom).toBe(e['coversFrom']);
    expect(s.clock?.warning).toBe(false);
    // one search per pass and per crowd member, the crowd's count in all
    expect(r.searches.filter((x) => x.source === 'volunteer')).toHaveLength(e['volunteerSearches'] as number);
    expect(r.searches.filter((x) => x.source === 'crowd')).toHaveLength(e['crowdTotal'] as number);
    expect(r.searches.filter((x) => x.mated)).toHaveLength(e['mated'] as number);
    expect(r.searches.filter((x) => x.mated && x.mateRank === 1)).toHaveLength(e['tpPasses'] as number);
    // duplicate alerts for one pass count once, at the best score
    const best = e['bestScore'] as { pass: string; score: number };
    expect(r.searches.find((x) => x.searchId === best.pass)?.mateScore).toBe(best.score);
    expect(r.candidates.filter((c) => c.searchId === best.pass && c.isMate)).toHaveLength(1);
    // every unusable row named by file, line and field
    expect(r.problemLines).toHaveLength(e['malformedRows'] as number);
    for (const line of r.problemLines) expect(line).toMatch(/^.+vendor-[ab]\.(csv|jsonl): line \d+:/);
  });
});

describe('attribution', () => {
  it('gives X\'s alert during Y\'s pass to Y by the face box and lane, and to the crowd without a box', async () => {
    const [a, b] = [await vendorA(), await vendorB()];
    const byPlace = b.candidates.filter((c) => !c.isMate && b.searches.find((s) => s.searchId === c.searchId)?.source === 'volunteer');
    expect(byPlace.map((c) => c.galleryId)).toEqual(['v02']);
    expect(byPlace[0]?.decision).toBe('dismissed');
    expect(a.candidates.filter((c) => !c.isMate && a.searches.find((s) => s.searchId === c.searchId)?.source === 'volunteer')).toHaveLength(0);
  });
  it('counts a person who alerts twice (one track) as one crowd search', async () => {
    const b = await vendorB();
    const crowdWithAlerts = b.searches.filter((s) => s.source === 'crowd' && s.topNonmateScore !== null);
    expect(crowdWithAlerts).toHaveLength(expected.B['crowdAlertSearches'] as number);
    expect(crowdWithAlerts.some((s) => s.topNonmateId === 'v04' && s.topNonmateScore === 0.7)).toBe(true);
  });
});

describe('clock skew', () => {
  it('warns when the volunteers\' alerts point to another offset, and estimates it', async () => {
    const skewed = await vendorA({ log: path.join(dir, 'vendor-a-skewed.csv') });
    const c = skewed.summary.clock;
    expect(c?.warning).toBe(true);
    expect(Math.abs((c?.estimatedOffsetMs ?? 0) + expected.skewMs)).toBeLessThanOrEqual(base.toleranceMs);
    expect(skewed.summary.attribution?.reasons['own-pass']).toBe(0);
  });
  it('gives the unskewed result once the offset is set', async () => {
    const [plain, fixed] = [await vendorA(), await vendorA({ log: path.join(dir, 'vendor-a-skewed.csv'), offsetMs: -expected.skewMs })];
    expect(fixed.summary.clock?.warning).toBe(false);
    const strip = (r: Awaited<ReturnType<typeof vendorA>>) => r.searches.map((s) => ({ ...s, tStartMs: s.source === 'crowd' ? null : s.tStartMs, tEndMs: s.source === 'crowd' ? null : s.tEndMs }));
    expect(strip(fixed)).toEqual(strip(plain));
    expect(fixed.candidates).toEqual(plain.candidates);
  });
});

describe('bad input', () => {
  it('a strict import refuses a malformed row, naming the file, the line and the field', async () => {
    const err = await vendorA({ strict: true }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err)).toContain('vendor-a.csv: line 8: field "Match %": expected a number (the vendor\'s score), got "n/a"');
  });
  it('refuses crowd alerts without any crowd count', async () => {
    const noEstimates: Manifest = { ...manifest, crowdEstimates: [] };
    await expect(vendorA({ manifest: noEstimates })).rejects.toThrow(/crowdEstimates \(deployment d1\): expected how many members of the public passed/);
  });
  it('refuses a format file with an unknown time zone or a scale out of order', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'evenhand-format-'));
    const file = path.join(tmp, 'f.yaml');
    const text = readFileSync(path.join(dir, 'vendor-a.yaml'), 'utf8').replace('Europe/London', 'Europe/Londinium').replace('vendor: [0, 100]', 'vendor: [5, 5]');
    writeFileSync(file, text);
    expect(() => loadLogFormat(file)).toThrow(/time\.zone: expected an IANA time zone[\s\S]*score\.scale: expected two different vendor scores/);
  });
});

describe('the tables through the unchanged analysis', () => {
  it('gives TPIR and FPIR from the import, at the thresholds the log covers', async () => {
    const r = await vendorB();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'evenhand-import-')), 'vb');
    await writeImport(out, r);
    const results = analyseCampaign(campaign, [{ id: 'vendor-b', label: 'Vendor B', searches: path.join(out, 'searches.arrow'), candidates: path.join(out, 'candidates.arrow') }]);
    const rate = (metric: string, population: string, t: number) => results.algorithms[0]?.rates.find((x) => x.metric === metric && x.population === population && x.group === 'overall' && Math.abs(x.threshold - t) < 1e-9);
    const mated = r.searches.filter((s) => s.mated);
    for (const t of [0.56, 0.6, 0.64]) {
      expect(rate('TPIR', 'mated', t)).toMatchObject({ k: mated.filter((s) => s.mateRank === 1 && (s.mateScore ?? 0) >= t).length, n: mated.length });
      const crowd = r.searches.filter((s) => s.source === 'crowd');
      expect(rate('FPIR', 'crowd', t)).toMatchObject({ k: crowd.filter((s) => (s.topNonmateScore ?? -1) >= t).length, n: expected.B['crowdTotal'] });
    }
  });
});

describe('operator decisions', () => {
  it('make the combined system: only confirmed alerts count; dismissed true alerts become misses, dismissed false ones go', async () => {
    for (const r of [await vendorA(), await vendorB()]) {
      const op = r.operator;
      expect(op).not.toBeNull();
      // v06 dismissed on its second pass at both cameras: the fixture's only dismissed true alerts
      expect(r.summary.review).toMatchObject({ trueDismissed: 2 });
      const v06 = (rows: readonly { subjectId: string | null; mateRank: number | null }[]): (number | null)[] => rows.filter((x) => x.subjectId === 'v06').map((x) => x.mateRank);
      expect(v06(r.searches)).toEqual([1, 1, 1, 1]);
      expect(v06(op?.searches ?? [])).toEqual([1, 1, null, null]); // passes in manifest order: first at cam1, cam2, then second
      expect(op?.candidates.every((c) => c.decision === 'confirmed')).toBe(true);
      // no false alert was confirmed in the fixture: the combined system has none
      expect(r.summary.review?.falseConfirmed).toBe(0);
      expect(op?.searches.filter((x) => !x.mated && x.topNonmateScore !== null)).toHaveLength(0);
      expect(op?.summary.system).toBe('algorithm+operator');
    }
  });
});
