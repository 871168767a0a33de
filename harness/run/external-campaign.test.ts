/**
 * A campaign through the external-process adapter, end to end: a clip of real LFW faces replayed by faceplugin-v1 in
 * process and by the reference adapter (the same model behind the protocol) gives the same rates at every threshold,
 * with the adapter's identity in provenance and its stderr in the run folder, and so does the reference adapter with
 * opaque templates (searched by the adapter itself), though its process crashes once mid-segment and the segment is
 * replayed again; then the adapter's alerts, written as an
 * alert log (evenhand-jsonl), imported against the same ground truth, give the same TPIR and FPIR at every threshold
 * the log covers. Then Evenhand's best shots, exported as probe images and searched offline by a "vendor", come back
 * as candidate lists (import-candidates) and recognise about as many passes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCampaign, type Rate } from '../analyse/index.ts';
import { loadManifest } from '../campaign/load-manifest.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { BUILTIN_FORMATS, exportProbes, importAlerts, importCandidates, writeImport } from '../import/index.ts';
import { cosine, cosineMatchScore, createAlgorithm } from '../algorithms/index.ts';
import { loadImage, sharedFile } from '../footage/index.ts';
import { makeMovingFacesClip, readGallery, type Walker } from '../replay/index.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';
import { runCampaign } from './run-campaign.ts';

const lfw = sharedFile('datasets/lfw-dev/images');
const ALERT_THRESHOLD = 0.3;

describe.skipIf(!lfw.present)('a campaign through the reference adapter', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-external-'));
  const img = (who: string, n: number): string => path.join(lfw.path, who, `${who}_${String(n).padStart(4, '0')}.jpg`);
  const volunteers = [
    { id: 'v1', who: 'Colin_Powell', sex: 'male', ethnicity: 'black', enrolled: true },
    { id: 'v2', who: 'Tony_Blair', sex: 'male', ethnicity: 'white', enrolled: true },
    { id: 'v3', who: 'Laura_Bush', sex: 'female', ethnicity: 'white', enrolled: true },
    { id: 'v4', who: 'Gloria_Macapagal_Arroyo', sex: 'female', ethnicity: 'asian', enrolled: false },
  ];
  const walkers: Walker[] = [];
  const passes: { volunteer: string; deployment: string; camera: string; tStartMs: number; tEndMs: number }[] = [];
  volunteers.forEach((v, i) => {
    for (let p = 0; p < 2; p++) {
      const t0 = 500 + (i * 2 + p) * 4500;
      walkers.push({ imagePath: img(v.who, 2 + p), tInMs: t0, tOutMs: t0 + 2000, from: [20, 40], to: [360, 60] });
      passes.push({ volunteer: v.id, deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 });
    }
  });
  const crowdAt = [36_500, 41_000];
  crowdAt.forEach((t0, i) => walkers.push({ imagePath: img(['George_W_Bush', 'Silvio_Berlusconi'][i] ?? '', 1), tInMs: t0, tOutMs: t0 + 2000, from: [360, 50], to: [20, 40] }));
  const START = '2026-01-01T10:00:00Z';

  it('gives the in-process rates, provenance of the adapter, and the same rates again from its alert log', async () => {
    await makeMovingFacesClip(path.join(dir, 'cam1.avi'), walkers, { width: 640, height: 360, fps: 10, durationMs: 44_000 });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      id: 'external-run', deployments: [{ id: 'd1', site: 'test', startedAt: START, durationMs: 44_000, cameras: [{ id: 'cam1' }] }],
      footage: [{ file: 'cam1.avi', deployment: 'd1', camera: 'cam1', startMs: 0, fps: 10 }],
      volunteers: volunteers.map((v) => ({ id: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: null, enrolled: v.enrolled, enrolmentImages: v.enrolled ? [img(v.who, 1)] : [] })),
      passes,
      fillerGallery: { entries: ['Gerhard_Schroeder', 'Jean_Chretien', 'John_Ashcroft'].map((who, i) => ({ id: `f${i}`, image: img(who, 1), sex: null, ethnicity: null, ageBand: null })) },
      crowdPasses: crowdAt.map((t0) => ({ deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 })),
    }));
    const protocolFile = path.join(dir, 'protocol.json');
    writeFileSync(protocolFile, JSON.stringify({
      id: 'external-run', title: 'External run', thresholds: { from: 0.2, to: 0.8, step: 0.05 }, operationalThresholds: [0.6], watchlist: { size: 1000 }, report: { minCellSize: 1 },
      algorithms: [
        { id: 'faceplugin-v1' },
        { id: 'reference-adapter', kind: 'external', adapter: { command: [process.execPath, path.resolve('bin/evenhand-faceplugin-adapter.js')], timeoutS: 60 } },
        // opaque templates, searched by the adapter; its process crashes once in the middle of a segment
        { id: 'opaque-adapter', kind: 'external', adapter: { command: [process.execPath, path.resolve('harness/algorithms/external/fixtures/crash-once.js'), path.join(dir, 'crashed'), 'fuse', '3', '--', process.execPath, path.resolve('bin/evenhand-faceplugin-adapter.js'), '--opaque'], timeoutS: 60, retries: 1 } },
      ],
    }));
    const out = path.join(dir, 'run');
    // segments of 9 s (cut between passes): a crash costs one segment's replay again; the photos stay in the shared LFW folder
    const outcome = await runCampaign({ protocol: protocolFile, dataset: path.join(dir, 'manifest.json'), out, workers: 1, everyMs: 200, segmentMs: 9000, allowRoots: [lfw.path] });
    expect(outcome.failedSegments).toEqual([]);
    const [direct, external, opaque] = outcome.results.algorithms;
    const key = (r: Rate): string => `${r.metric}/${r.population}/${r.group}/${r.threshold}`;
    const counts = (rates: readonly Rate[]): Record<string, string> => Object.fromEntries(rates.map((r) => [key(r), `${r.k}/${r.n}`]));
    expect(direct?.counts.mated).toBe(6);
    expect(counts(external?.rates ?? [])).toEqual(counts(direct?.rates ?? []));
    // the adapter's own search of its opaque templates gives the same rates, after replaying the crashed segment again
    expect(counts(opaque?.rates ?? [])).toEqual(counts(direct?.rates ?? []));
    expect(outcome.replays['opaque-adapter']?.retried).toHaveLength(1);
    expect(readFileSync(path.join(out, 'opaque-adapter', 'adapter-stderr.log'), 'utf8')).toMatch(/crashing on purpose at fuse 3[\s\S]*opaque templates/);
    const scoresOf = (alg: string): number[] => (readArrowFile(path.join(out, alg, 'candidates.arrow')).toArray() as { score: number }[]).map((c) => c.score);
    const [inProcessScores, opaqueScores] = [scoresOf('faceplugin-v1'), scoresOf('opaque-adapter')];
    expect(opaqueScores).toHaveLength(inProcessScores.length);
    expect(Math.max(...opaqueScores.map((x, i) => Math.abs(x - (inProcessScores[i] ?? NaN))))).toBeLessThan(1e-5);
    expect(direct?.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && r.threshold === 0.3)?.k).toBeGreaterThanOrEqual(4);

    const prov = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8')) as { adapters: Record<string, { name: string; version: string; files: { file: string; sha256: string }[] }>; models: { algorithm: string; file: string }[] };
    const identity = prov.adapters['reference-adapter'];
    expect(identity?.name).toMatch(/faceplugin-v1/);
    expect(identity?.files.map((f) => path.basename(f.file))).toEqual([path.basename(process.execPath), 'evenhand-faceplugin-adapter.js']);
    expect(identity?.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(prov.models.filter((m) => m.algorithm === 'reference-adapter').map((m) => m.file)).toEqual(['model/fr_detect.onnx', 'model/fr_landmark.onnx']);
    expect(readFileSync(path.join(out, 'reference-adapter', 'adapter-stderr.log'), 'utf8')).toMatch(/reference adapter ready/);

    // The adapter's alerts as a live system would log them: every search's candidates at or above the alert
    // threshold, at the middle of the pass, in Evenhand's own JSON-lines log format.
    const searches = readArrowFile(path.join(out, 'reference-adapter', 'searches.arrow')).toArray() as { search_id: string; source: string; t_start_ms: number; t_end_ms: number }[];
    const candidates = readArrowFile(path.join(out, 'reference-adapter', 'candidates.arrow')).toArray() as { search_id: string; rank: number; gallery_id: string; score: number }[];
    const lines: string[] = [];
    for (const s of searches.filter((x) => x.source === 'volunteer' || x.source === 'crowd')) {
      const list = candidates.filter((c) => c.search_id === s.search_id && c.score >= ALERT_THRESHOLD).sort((a, b) => a.rank - b.rank);
      const first = list[0];
      if (first === undefined) continue;
      const time = new Date(Date.parse(START) + (s.t_start_ms + s.t_end_ms) / 2).toISOString();
      lines.push(JSON.stringify({ time, camera: 'cam1', subject: first.gallery_id, score: first.score, candidates: list.map((c) => ({ subject: c.gallery_id, score: c.score })) }));
    }
    expect(lines.length).toBeGreaterThanOrEqual(4);
    writeFileSync(path.join(dir, 'alerts.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'watchlist.txt'), 'v1\nv2\nv3\n');
    const campaign = loadProtocol(protocolFile);
    const manifest = loadManifest(path.join(dir, 'manifest.json'), campaign.dimensions, { allowRoots: [lfw.path] });
    const imported = await importAlerts({
      manifest, manifestFile: 'manifest.json', log: path.join(dir, 'alerts.jsonl'), format: { ...BUILTIN_FORMATS['evenhand-jsonl'], score: { scale: { kind: 'identity' }, alertThreshold: ALERT_THRESHOLD } },
      formatSource: 'evenhand-jsonl', watchlist: path.join(dir, 'watchlist.txt'), offsetMs: 0, toleranceMs: 0, maxShiftMs: 10_000, topK: 10, strict: true,
    });
    expect(imported.summary.clock?.warning).toBe(false);
    await writeImport(path.join(dir, 'imported'), imported);
    const fromLog = analyseCampaign(campaign, [{ id: 'log', label: 'log', searches: path.join(dir, 'imported', 'searches.arrow'), candidates: path.join(dir, 'imported', 'candidates.arrow') }]).algorithms[0];
    const covered = (rates: readonly Rate[]): Record<string, string> => counts(rates.filter((r) => r.threshold >= ALERT_THRESHOLD - 1e-9 && ['mated', 'crowd', 'volunteer'].includes(r.population) && (r.metric === 'TPIR' || r.metric === 'FPIR')));
    const expected = covered(external?.rates ?? []);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(covered(fromLog?.rates ?? [])).toEqual(expected);

    // A lab's offline batch run: Evenhand exports one best shot per search (named by search id), the "vendor" (here
    // faceplugin-v1 on still images) searches them against the watchlist, and its candidate lists come back in.
    const algDir = path.join(out, 'faceplugin-v1');
    const probes = path.join(dir, 'probes');
    const exported = await exportProbes({ algorithmDir: algDir, manifest, out: probes });
    const searchIds = (readArrowFile(path.join(algDir, 'searches.arrow')).toArray() as { search_id: string }[]).map((x) => x.search_id);
    expect(exported.exported + exported.withoutTrack).toBe(searchIds.length);
    expect(exported.exported).toBeGreaterThanOrEqual(8);
    const listed = readFileSync(path.join(probes, 'probes.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0] ?? '');
    expect(listed.every((id) => searchIds.includes(id))).toBe(true);
    const vendor = await createAlgorithm('faceplugin-v1');
    const gallery = await readGallery(path.join(algDir, 'watchlist-gallery'));
    const rows = ['probe_id,rank,gallery_id,score'];
    let found = 0;
    try {
      for (const id of listed) {
        const image = await loadImage(path.join(probes, `${id}.jpg`));
        const face = (await vendor.detect(image))[0];
        if (face === undefined) continue;
        found++;
        const probe = await vendor.embed(image, face);
        const scores = gallery.ids.map((g, i) => ({ g, s: cosineMatchScore(cosine(probe, gallery.vectors.subarray(i * gallery.dim, (i + 1) * gallery.dim))) })).sort((a, b) => b.s - a.s);
        scores.forEach((c, i) => rows.push(`${id},${i + 1},${c.g},${c.s}`));
      }
    } finally {
      await vendor.close();
    }
    expect(found).toBeGreaterThanOrEqual(0.9 * listed.length);
    writeFileSync(path.join(dir, 'lists.csv'), `${rows.join('\n')}\n`);
    const lists = await importCandidates({ searches: path.join(algDir, 'searches.arrow'), lists: path.join(dir, 'lists.csv'), scale: { kind: 'identity' }, topK: 10, strict: true });
    await writeImport(path.join(dir, 'offline'), lists);
    const offline = analyseCampaign(campaign, [{ id: 'offline', label: 'offline', searches: path.join(dir, 'offline', 'searches.arrow'), candidates: path.join(dir, 'offline', 'candidates.arrow') }]).algorithms[0];
    const tpir = (a: typeof offline, t: number): number => a?.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && Math.abs(r.threshold - t) < 1e-9)?.k ?? -1;
    // best shots searched as stills recognise about as many passes as the tracks' mean probes did
    expect(Math.abs(tpir(offline, 0.3) - tpir(direct, 0.3))).toBeLessThanOrEqual(1);
  }, 600_000);
});
