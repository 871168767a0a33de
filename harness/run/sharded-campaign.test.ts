import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { sharedFile } from '../footage/index.ts';
import { hasRedisServer, queueExecutor, startLocalRedis, startQueueWorker } from '../queue/index.ts';
import { makeMovingFacesClip, type Walker } from '../replay/index.ts';
import { mergeCampaign, runCampaign, runCampaignShard } from './run-campaign.ts';

const lfw = sharedFile('datasets/lfw-dev/images');

/** A small campaign: three volunteers (two enrolled) walking past one camera twice each, a filler gallery of three. */
async function smallCampaign(dir: string): Promise<{ protocol: string; dataset: string }> {
  const img = (who: string, n: number): string => path.join(lfw.path, who, `${who}_${String(n).padStart(4, '0')}.jpg`);
  const people = [['v1', 'Colin_Powell', 'male', 'black', true], ['v2', 'Laura_Bush', 'female', 'white', true], ['v3', 'Tony_Blair', 'male', 'white', false]] as const;
  const walkers: Walker[] = [];
  const passes: { volunteer: string; deployment: string; camera: string; tStartMs: number; tEndMs: number }[] = [];
  people.forEach(([id, who], i) => {
    for (let p = 0; p < 2; p++) {
      const t0 = 300 + (i * 2 + p) * 2000;
      walkers.push({ imagePath: img(who, 2 + p), tInMs: t0, tOutMs: t0 + 1500, from: [20, 40], to: [360, 60] });
      passes.push({ volunteer: id, deployment: 'd1', camera: 'cam1', tStartMs: t0, tEndMs: t0 + 1500 });
    }
  });
  await makeMovingFacesClip(path.join(dir, 'cam1.avi'), walkers, { width: 640, height: 360, fps: 10, durationMs: 12_000 });
  const dataset = path.join(dir, 'manifest.json');
  writeFileSync(dataset, JSON.stringify({
    id: 'sharded', deployments: [{ id: 'd1', site: 'test', startedAt: '2026-01-01T10:00:00Z', durationMs: 12_000, cameras: [{ id: 'cam1' }] }],
    footage: [{ file: 'cam1.avi', deployment: 'd1', camera: 'cam1', startMs: 0, fps: 10 }],
    volunteers: people.map(([id, who, sex, ethnicity, enrolled]) => ({ id, sex, ethnicity, ageBand: null, enrolled, enrolmentImages: enrolled ? [img(who, 1)] : [] })),
    passes,
    fillerGallery: { entries: ['Gerhard_Schroeder', 'Jean_Chretien', 'John_Ashcroft'].map((who, i) => ({ id: `f${i}`, image: img(who, 1) })) },
  }));
  const protocol = path.join(dir, 'protocol.json');
  writeFileSync(protocol, JSON.stringify({
    id: 'sharded', title: 'Sharded', algorithms: [{ id: 'faceplugin-v1' }], thresholds: { from: 0.3, to: 0.8, step: 0.1 }, operationalThresholds: [0.6],
    watchlist: { size: 100 }, report: { minCellSize: 1 },
  }));
  return { protocol, dataset };
}

const OUTPUTS = ['results.json', 'exclusions.json', 'provenance.json', 'report/index.html', 'report/annex.html', 'faceplugin-v1/searches.arrow', 'faceplugin-v1/candidates.arrow', 'faceplugin-v1/adjudication.json'];

describe.skipIf(!lfw.present)('a campaign in shards', () => {
  it('run --shard 1/3, 2/3, 3/3 then merge writes what one run writes, byte for byte; a stale shard is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-sharded-'));
    const inputs = await smallCampaign(dir);
    const settings = { ...inputs, workers: 1, everyMs: 200, segmentMs: 3000 };
    const single = path.join(dir, 'single');
    const one = await runCampaign({ ...settings, out: single });
    expect(one.failedSegments).toEqual([]);
    expect(one.results.algorithms[0]?.counts.mated).toBe(4);
    const prov = JSON.parse(readFileSync(path.join(single, 'provenance.json'), 'utf8')) as { settings: { providers: unknown; segmentMs: unknown } };
    expect(prov.settings).toMatchObject({ providers: { 'faceplugin-v1': 'cpu' }, segmentMs: 3000 }); // the provider the models actually ran on

    const sharded = path.join(dir, 'sharded');
    const logs: string[] = [];
    for (const index of [2, 3, 1]) await runCampaignShard({ ...settings, out: sharded, shard: { index, count: 3 }, log: (l) => logs.push(l) });
    // galleries are enrolled once, by the first shard, and shared
    expect(logs.filter((l) => l.includes('enrol '))).toHaveLength(2);
    expect(readdirSync(path.join(sharded, 'shards', '1-of-3', 'faceplugin-v1', 'replay-watchlist', 'segments')).filter((n) => n.endsWith('.done.json')).sort())
      .toEqual(['footage-0001.0000.done.json', 'footage-0001.0003.done.json']);

    // the dataset changes after the shards ran: merge refuses, naming the manifest's hash
    const manifest = readFileSync(inputs.dataset, 'utf8');
    writeFileSync(inputs.dataset, manifest.replace('"site":"test"', '"site":"elsewhere"'));
    const err = await mergeCampaign(sharded).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/shard\.json: key\.manifest: expected "[0-9a-f]{64}", as the inputs are now/);
    writeFileSync(inputs.dataset, manifest);

    const merged = await mergeCampaign(sharded);
    expect(merged.failedSegments).toEqual([]);
    for (const f of OUTPUTS) expect(Buffer.compare(readFileSync(path.join(single, f)), readFileSync(path.join(sharded, f))), f).toBe(0);

    // the same campaign through a BullMQ queue on a real Redis, replayed by a worker: the same bytes again
    if (!hasRedisServer()) return;
    const redis = await startLocalRedis(dir);
    const worker = await startQueueWorker({ redisUrl: redis.url, queueName: 'campaign', concurrency: 1 });
    try {
      const queued = path.join(dir, 'queued');
      const viaQueue = await runCampaign({ ...settings, out: queued, executor: await queueExecutor({ redisUrl: redis.url, queueName: 'campaign', pollMs: 200 }) });
      expect(viaQueue.replays['faceplugin-v1']?.executor).toBe(`queue campaign on ${redis.url}`);
      for (const f of OUTPUTS) expect(Buffer.compare(readFileSync(path.join(single, f)), readFileSync(path.join(queued, f))), f).toBe(0);
    } finally {
      await worker.close();
      await redis.stop();
    }
  }, 400_000);
});
