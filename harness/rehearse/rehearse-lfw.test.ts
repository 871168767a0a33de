import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, normaliseProtocol, ProtocolSchema, RehearsalSchema } from '../campaign/index.ts';
import { ffmpegTools } from './ffmpeg.ts';
import { decodeFrames } from './fixture-faces.ts';
import { LFW_HEAD_CROP } from './read-lfw-folder.ts';
import { rehearse } from './rehearse.ts';
import { RehearsalFiles } from './write-rehearsal.ts';
import { sharedDir } from '../footage/index.ts';
import { loadSprite } from './sprite.ts';

const lfw = path.join(sharedDir(), 'datasets', 'lfw-dev');
const tools = ffmpegTools();
const haveFfmpeg = spawnSync(tools.ffmpeg, ['-version']).status === 0;
const ready = existsSync(path.join(lfw, 'subjects.csv')) && haveFfmpeg;
if (!ready && process.env.CI === 'true') throw new Error(`rehearse-lfw.test.ts needs ${lfw} (shared data) and ffmpeg in CI`);
if (!ready) console.warn(`rehearse-lfw.test.ts: skipped, needs ${lfw} (set EVENHAND_SHARED) and ffmpeg`);

const campaign = normaliseProtocol(ProtocolSchema.parse({
  id: 'lfw-small', title: 'LFW', algorithms: [{ id: 'a' }], thresholds: [0.5], operationalThresholds: [0.5], watchlist: { size: 10 },
}), 'lfw-small.json');
const settings = RehearsalSchema.parse({
  volunteers: 6, passesPerVolunteer: 2, crowdPasses: 10, fillerGallerySize: 5, deployments: 1, cameras: 1,
  width: 640, height: 480, fps: 10,
});

/** Mean absolute difference over the inner ellipse of `box` between a decoded frame and a sprite drawn at that size. */
async function faceDifference(frame: Buffer, box: number[], image: string): Promise<number> {
  const [x = 0, y = 0, w = 0, h = 0] = box;
  const sprite = await loadSprite(image, LFW_HEAD_CROP, Math.round(h));
  const level = sprite.levels[0];
  if (level === undefined) throw new Error('no sprite');
  let sum = 0;
  let n = 0;
  for (let py = Math.ceil(y); py < y + h; py++) {
    for (let px = Math.ceil(x); px < x + w; px++) {
      const u = (px + 0.5 - x) / w;
      const v = (py + 0.5 - y) / h;
      if ((u - 0.5) ** 2 + (v - 0.5) ** 2 > 0.3 ** 2) continue;
      const sx = Math.min(level.width - 1, Math.floor(u * level.width));
      const sy = Math.min(level.height - 1, Math.floor(v * level.height));
      for (let c = 0; c < 3; c++) {
        sum += Math.abs((frame[(py * 640 + px) * 3 + c] ?? 0) - (level.data[(sy * level.width + sx) * 3 + c] ?? 0));
        n++;
      }
    }
  }
  return sum / n;
}

describe.skipIf(!ready)('rehearse (lfw-dev)', () => {
  let tmp = '';
  let out = '';
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'rehearse-lfw-'));
    out = path.join(tmp, 'r');
    await rehearse({ faces: lfw, campaign, settings, seed: 11, out, tools });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a valid manifest and counts lfw-dev\'s unlabelled identities', () => {
    const m = loadManifest(path.join(out, RehearsalFiles.manifest), campaign.dimensions);
    expect(m.volunteers).toHaveLength(6);
    expect(m.passes).toHaveLength(12);
    expect(m.crowdPasses).toHaveLength(10);
    for (const v of m.volunteers) {
      expect(['female', 'male']).toContain(v.sex);
      expect(['asian', 'black', 'mixed', 'white', 'other']).toContain(v.ethnicity);
      expect(v.ageBand).toBeNull();
    }
    const s = JSON.parse(readFileSync(path.join(out, RehearsalFiles.summary), 'utf8')) as { faceSource: unknown; labels: Record<string, unknown>; video: { background: string } };
    expect(s.video.background).toContain('vtest.avi');
    expect(s.faceSource).toEqual({ format: 'lfw', identities: 3412, images: 7969 });
    expect(s.labels.missingRequiredLabel).toEqual({ identities: 2915, byDimension: { sex: 0, ethnicity: 2915 } });
    expect(s.labels.eligibleVolunteers).toBe(265);
    expect(s.labels.labelledWithOneImage).toBe(232);
  });

  it('never shows a volunteer\'s enrolled image in the footage, and keeps names out of the manifest', () => {
    const key = JSON.parse(readFileSync(path.join(out, RehearsalFiles.key), 'utf8')) as { volunteers: { id: string; identity: string; enrolmentImage: string }[]; passes: { list: string; volunteer?: string; image: string }[] };
    const text = readFileSync(path.join(out, RehearsalFiles.manifest), 'utf8') + readFileSync(path.join(out, RehearsalFiles.summary), 'utf8');
    for (const v of key.volunteers) {
      expect(text).not.toContain(v.identity);
      const shown = key.passes.filter((p) => p.volunteer === v.id).map((p) => p.image);
      expect(shown).toHaveLength(2);
      expect(shown).not.toContain(v.enrolmentImage);
      for (const img of shown) expect(path.basename(path.dirname(img))).toBe(v.identity);
    }
  });

  it('draws each face where the truth says: the frame matches that face, not another', async () => {
    const truth = JSON.parse(readFileSync(path.join(out, RehearsalFiles.truth), 'utf8')) as { passes: { list: string; index: number; footage: string; firstFrame: number; boxes: number[][] }[] };
    const key = JSON.parse(readFileSync(path.join(out, RehearsalFiles.key), 'utf8')) as { passes: { list: string; index: number; image: string }[] };
    const frames = decodeFrames(tools, path.join(out, 'footage/d1-c1.mp4'), 640, 480);
    const imageOf = (list: string, index: number): string => path.join(lfw, key.passes.find((k) => k.list === list && k.index === index)?.image ?? '');
    let wins = 0;
    for (const [i, p] of truth.passes.entries()) {
      const last = p.boxes.length - 1;
      const box = p.boxes[last] ?? [];
      expect(box[3]).toBeGreaterThanOrEqual(0.85 * 128 - 1e-6);
      const frame = frames[p.firstFrame + last] as Buffer;
      const own = await faceDifference(frame, box, imageOf(p.list, p.index));
      const other = truth.passes[(i + 1) % truth.passes.length];
      const foreign = await faceDifference(frame, box, imageOf(other?.list ?? '', other?.index ?? 0));
      expect(own).toBeLessThan(10);
      if (own < foreign) wins++;
    }
    expect(wins).toBe(truth.passes.length);
  });
});
