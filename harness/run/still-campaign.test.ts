import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ResultsSchema } from '../analyse/results-schema.ts';
import { InputError } from '../core/input-error.ts';
import { sharedFile } from '../footage/index.ts';
import { runCampaign } from './run-campaign.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';

const lfw = sharedFile('datasets/lfw-dev');
const bin = path.resolve('bin/evenhand.js');
const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-stills-'));

function cli(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}
function ok(args: string[]): void {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`evenhand ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
}

/** protocols/rfr-ci.json (or oifr-ci.json) cut down to a few seconds' work, with `change` applied. */
function protocol(name: string, base: 'rfr-ci' | 'oifr-ci', change: (p: Record<string, unknown>) => void): string {
  const p = JSON.parse(readFileSync(`protocols/${base}.json`, 'utf8')) as Record<string, unknown>;
  delete p['$schema'];
  p['rehearsal'] = { volunteers: 8, nonEnrolledVolunteers: 3, passesPerVolunteer: 2, fillerGallerySize: 8, requireLabels: ['sex', 'ethnicity'] };
  p['analysis'] = { bootstrap: { replicates: 200 } };
  if (base === 'rfr-ci') p['candidateList'] = { length: 10, reviewThreshold: 0.5 };
  change(p);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(p));
  return file;
}

interface ManifestFile { volunteers: { id: string; enrolled: boolean }[]; probes: { id: string; volunteer: string; image: string; deployment: string; camera: string }[] }

// A retrospective campaign from lfw-dev, end to end from the command line: 16 reference photos (8 volunteers, 8
// never probed), 22 degraded probes (6 of people not in the reference set), lists of 10.
describe.skipIf(!lfw.present)('a still-image (RFR, OIFR) campaign from lfw-dev, end to end', () => {
  const rfr = protocol('rfr', 'rfr-ci', () => undefined);
  const data = path.join(dir, 'stills');
  const manifestFile = path.join(data, 'manifest.json');

  it('rehearses, runs and analyses an RFR campaign: one search per probe, lists of L, the CMC curve in results.json', () => {
    ok(['rehearse', '--faces', lfw.path, '--protocol', rfr, '--use-case', 'rfr', '--seed', '3', '--out', data]);
    ok(['run', '--protocol', rfr, '--dataset', manifestFile, '--out', path.join(dir, 'rfr-run')]);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestFile;
    const enrolled = new Set(manifest.volunteers.filter((v) => v.enrolled).map((v) => v.id));
    expect(enrolled.size).toBe(16);
    expect(manifest.probes).toHaveLength(22);

    const run = path.join(dir, 'rfr-run', 'faceplugin-v1');
    const searches = readArrowFile(path.join(run, 'searches.arrow'));
    const candidates = readArrowFile(path.join(run, 'candidates.arrow'));
    const ids = searches.getChild('search_id')?.toArray() as string[];
    const mated = searches.getChild('mated')?.toArray() as boolean[];
    const mateRank = ids.map((_, i) => searches.getChild('mate_rank')?.get(i) as number | null);
    expect([...ids].sort()).toEqual(manifest.probes.map((p) => p.id).sort());
    manifest.probes.forEach((p) => expect(mated[ids.indexOf(p.id)]).toBe(enrolled.has(p.volunteer)));
    const perSearch = new Map<string, { rank: number; gallery: string; mate: boolean }[]>();
    const cs = candidates.getChild('search_id')?.toArray() as string[];
    cs.forEach((s, i) => {
      const list = perSearch.get(s) ?? [];
      list.push({ rank: Number(candidates.getChild('rank')?.get(i)), gallery: String(candidates.getChild('gallery_id')?.get(i)), mate: candidates.getChild('is_mate')?.get(i) === true });
      perSearch.set(s, list);
    });
    for (const [s, list] of perSearch) {
      expect(list.length).toBe(10); // a face found: a full list of L
      const i = ids.indexOf(s);
      const at = list.find((c) => c.mate);
      expect(at?.rank ?? null).toBe(mateRank[i] ?? null);
    }

    const results = ResultsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'rfr-run', 'results.json'), 'utf8')));
    expect(results.settings.useCase).toEqual({ useCase: 'rfr', listLength: 10, rank: 10, reviewThreshold: 0.5 });
    const still = results.algorithms[0]?.stillSearch;
    const curve = still?.cmc.filter((r) => r.group === 'overall') ?? [];
    expect(curve.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    curve.forEach((r, i) => expect(r.k).toBeGreaterThanOrEqual(curve[i - 1]?.k ?? 0)); // a CMC never falls
    const matedCount = mated.filter(Boolean).length;
    // the CMC counted again from the table: mates at rank <= r
    curve.forEach((r) => expect([r.k, r.n]).toEqual([mateRank.filter((x, i) => mated[i] === true && x !== null && x <= r.rank).length, matedCount]));
    const fnir = still?.withoutThreshold?.rates.find((r) => r.metric === 'FNIR' && r.group === 'overall');
    expect(fnir?.k).toBe(matedCount - (curve[9]?.k ?? 0)); // FNIR(R = L, no threshold) = 1 - CMC(L)
    expect(curve[9]?.k).toBeGreaterThan(matedCount / 2); // degraded, but most mates are in the list

    const page = readFileSync(path.join(dir, 'rfr-run', 'report', 'index.html'), 'utf8');
    expect(page).toMatch(/the right person was in the first 10 candidates for <strong>\d+ of every 100<\/strong> searches/);
    expect(readFileSync(path.join(dir, 'rfr-run', 'report', 'explorer.html'), 'utf8')).toMatch(/candidate lists? of 10/);
  });

  it('counts a probe with no face as a failure to enrol in an OIFR campaign, and refuses a missing probe image', async () => {
    const oifr = protocol('oifr', 'oifr-ci', () => undefined);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestFile;
    await sharp({ create: { width: 250, height: 250, channels: 3, background: { r: 120, g: 120, b: 120 } } }).jpeg().toFile(path.join(data, 'probes', 'blank.jpg'));
    const first = manifest.probes.find((p) => manifest.volunteers.some((v) => v.enrolled && v.id === p.volunteer));
    if (first === undefined) throw new Error('no mated probe');
    manifest.probes.push({ ...first, id: 'blank', image: 'probes/blank.jpg' });
    writeFileSync(path.join(data, 'with-blank.json'), JSON.stringify(manifest));
    await runCampaign({ protocol: oifr, dataset: path.join(data, 'with-blank.json'), out: path.join(dir, 'oifr-run') }); // in process: saves a start-up
    const results = ResultsSchema.parse(JSON.parse(readFileSync(path.join(dir, 'oifr-run', 'results.json'), 'utf8')));
    const fte = results.algorithms[0]?.stillSearch?.failureToEnrol.find((r) => r.group === 'overall');
    expect(fte?.n).toBe(23);
    expect(fte?.k).toBeGreaterThanOrEqual(1);
    const named = JSON.parse(readFileSync(path.join(dir, 'oifr-run', 'faceplugin-v1', 'probes-without-face.json'), 'utf8')) as { probe: string }[];
    expect(named.map((p) => p.probe)).toContain('blank');
    expect(results.algorithms[0]?.stillSearch?.cmc).toEqual([]);

    manifest.probes.push({ ...first, id: 'gone', image: 'probes/gone.jpg' });
    writeFileSync(path.join(data, 'with-missing.json'), JSON.stringify(manifest));
    const out = path.join(dir, 'missing-run');
    const r = cli(['run', '--protocol', oifr, '--dataset', path.join(data, 'with-missing.json'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/with-missing\.json: probes\[23\]\.image: expected an existing, readable file/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a list longer than the reference set or shorter than 1: a named error, nothing written', async () => {
    for (const [length, message] of [[17, /candidateList\.length: expected a list no longer than the reference set \(16 enrolled/], [0, /candidateList\.length/]] as const) {
      const p = protocol(`list-${length}`, 'rfr-ci', (x) => { x['candidateList'] = { length }; });
      const out = path.join(dir, `list-${length}-run`);
      const err = await runCampaign({ protocol: p, dataset: manifestFile, out }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(String(err)).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
