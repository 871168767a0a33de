import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { sharedFile } from '../footage/index.ts';
import { makeMovingFacesClip, type Walker } from '../replay/index.ts';
import { runCampaign } from './run-campaign.ts';

const lfw = sharedFile('datasets/lfw-dev/images');

// A small campaign made from real LFW photos walking across one camera's frame, with known passes: four volunteers
// (three enrolled with their first photo, one not enrolled), two crowd passes, and a filler gallery of other people.
describe.skipIf(!lfw.present)('runCampaign on a small clip of real faces', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-run-'));
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
      const t0 = 500 + (i * 2 + p) * 4500; // gaps longer than the tracker's re-link window
      walkers.push({ imagePath: img(v.who, 2 + p), tInMs: t0, tOutMs: t0 + 2000, from: [20, 40], to: [360, 60] });
      passes.push({ volunteer: v.id, deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 });
    }
  });
  const crowdAt = [36_500, 41_000];
  crowdAt.forEach((t0, i) => walkers.push({ imagePath: img(['George_W_Bush', 'Silvio_Berlusconi'][i] ?? '', 1), tInMs: t0, tOutMs: t0 + 2000, from: [360, 50], to: [20, 40] }));
  const fillers = ['Gerhard_Schroeder', 'Jean_Chretien', 'John_Ashcroft', 'Jennifer_Capriati', 'David_Beckham', 'Bill_Clinton'];

  it('replays two algorithms, gives one search per pass, never a mated crowd search, and writes provenance', async () => {
    // A volunteer whose only enrolment image holds no face: a failure to enrol, counted, and passes analysed as non-mated.
    const blank = path.join(dir, 'blank.jpg');
    await sharp({ create: { width: 250, height: 250, channels: 3, background: { r: 128, g: 128, b: 128 } } }).jpeg().toFile(blank);
    const clip = path.join(dir, 'cam1.avi');
    await makeMovingFacesClip(clip, walkers, { width: 640, height: 360, fps: 10, durationMs: 44_000 });
    const manifest = {
      id: 'small-run', deployments: [{ id: 'd1', site: 'test', startedAt: '2026-01-01T10:00:00Z', durationMs: 44_000, cameras: [{ id: 'cam1' }] }],
      footage: [{ file: 'cam1.avi', deployment: 'd1', camera: 'cam1', startMs: 0, fps: 10 }],
      volunteers: [...volunteers.map((v) => ({ id: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: null, enrolled: v.enrolled, enrolmentImages: v.enrolled ? [img(v.who, 1)] : [] })),
        { id: 'v5', sex: 'male', ethnicity: 'asian', ageBand: null, enrolled: true, enrolmentImages: ['blank.jpg'] }],
      passes: [...passes, { volunteer: 'v5', deployment: 'd1', camera: 'cam1', tStartMs: 43_000, tEndMs: 43_500 }],
      fillerGallery: { entries: fillers.map((who, i) => ({ id: `f${i}`, image: img(who, 1), sex: null, ethnicity: null, ageBand: null })) },
      crowdPasses: crowdAt.map((t0) => ({ deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 2000 })),
    };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(path.join(dir, 'protocol.json'), JSON.stringify({
      id: 'small-run', title: 'Small run', algorithms: [{ id: 'faceplugin-v1' }, { id: 'blazeface+faceplugin' }],
      thresholds: { from: 0.3, to: 0.8, step: 0.1 }, operationalThresholds: [0.6], watchlist: { size: 1000 }, report: { minCellSize: 1 },
    }));
    const out = path.join(dir, 'run');
    const outcome = await runCampaign({ protocol: path.join(dir, 'protocol.json'), dataset: path.join(dir, 'manifest.json'), out, workers: 1, everyMs: 200 });
    expect(outcome.failedSegments).toEqual([]);
    for (const alg of outcome.results.algorithms) {
      expect(alg.counts.mated).toBe(6); // 3 enrolled volunteers x 2 passes: exactly one search per pass
      expect(alg.counts.nonMated.volunteer).toBe(3); // the volunteer who is not enrolled, and the one who failed to enrol
      expect(alg.counts.nonMated.crowd).toBe(2);
      const tpir = alg.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && r.threshold === 0.3)!;
      expect(tpir.k, `${alg.id}: mated passes recognised at 0.3`).toBeGreaterThanOrEqual(4);
    }
    expect(outcome.adjudication['faceplugin-v1']).toMatchObject({ volunteerPasses: 9, crowdPasses: 2 });
    const failedToEnrol = outcome.results.runInputs.exclusions.find((e) => e.algorithm === 'faceplugin-v1' && e.reason === 'failed-to-enrol');
    expect(failedToEnrol).toMatchObject({ count: 1, byGroup: { 'male/asian': 1 } });
    expect(readFileSync(path.join(out, 'report', 'index.html'), 'utf8')).toContain('Excluded (');
    const prov = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8')) as {
      inputs: { role: string; sha256: string }[]; models: { algorithm: string; file: string }[]; packages: Record<string, string>; nativeAddon: unknown; tool: { uncommittedChanges: unknown };
    };
    expect(prov.inputs.filter((i) => i.role === 'footage')).toHaveLength(1);
    expect(prov.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    // each algorithm's own models only
    expect(prov.models.filter((m) => m.algorithm === 'faceplugin-v1').map((m) => m.file)).toEqual(['model/fr_detect.onnx', 'model/fr_landmark.onnx', 'model/fr_feature.onnx']);
    expect(prov.models.filter((m) => m.algorithm === 'blazeface+faceplugin').map((m) => m.file)).toEqual(['ONNX/face_detection_front_128x128_barracuda.onnx', 'model/fr_landmark.onnx', 'model/fr_feature.onnx']);
    for (const name of ['onnxruntime-node', 'sharp', 'apache-arrow', 'vega', 'vega-lite']) expect(prov.packages[name], name).toMatch(/^\d+\.\d+\.\d+/);
    expect(prov.tool).toHaveProperty('uncommittedChanges');
    expect(typeof prov.nativeAddon).toBe('boolean');
    expect(existsSync(path.join(out, 'report', 'index.html'))).toBe(true);
    // Resumable: a second run reuses the galleries and replayed segments and gives the same results.
    const again = await runCampaign({ protocol: path.join(dir, 'protocol.json'), dataset: path.join(dir, 'manifest.json'), out, workers: 1, everyMs: 200 });
    expect(again.results).toEqual(outcome.results);
  }, 300_000);

  it('refuses footage shorter than a pass, naming the pass and the footage, before any work', async () => {
    const clip = path.join(dir, 'short.avi');
    await makeMovingFacesClip(clip, [], { width: 320, height: 240, fps: 10, durationMs: 2000 });
    writeFileSync(path.join(dir, 'short.json'), JSON.stringify({
      id: 'short', deployments: [{ id: 'd1', site: 'test', startedAt: '2026-01-01T10:00:00Z', durationMs: 60_000, cameras: [{ id: 'cam1' }] }],
      footage: [{ file: 'short.avi', deployment: 'd1', camera: 'cam1', startMs: 0, fps: 10 }],
      volunteers: [{ id: 'v1', sex: 'male', ethnicity: 'white', ageBand: null, enrolled: false }],
      passes: [{ volunteer: 'v1', deployment: 'd1', camera: 'cam1', tStartMs: 1000, tEndMs: 5000 }],
    }));
    writeFileSync(path.join(dir, 'p1.json'), JSON.stringify({ id: 'short', title: 'Short', algorithms: [{ id: 'faceplugin-v1' }], thresholds: [0.5], operationalThresholds: [0.5], watchlist: { size: 10 } }));
    const out = path.join(dir, 'short-run');
    const err = await runCampaign({ protocol: path.join(dir, 'p1.json'), dataset: path.join(dir, 'short.json'), out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/short\.json: passes\[0\]: expected a pass inside the footage of d1\/cam1 \(0-2000 ms\), got 1000-5000 ms/);
    expect(existsSync(out)).toBe(false);
  });
});
