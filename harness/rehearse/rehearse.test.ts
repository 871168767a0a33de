import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, normaliseProtocol, ProtocolSchema, RehearsalSchema, type Campaign } from '../campaign/index.ts';
import { boxAt } from '../adjudicate/index.ts';
import { InputError } from '../core/input-error.ts';
import { ffmpegTools, probeVideo } from './ffmpeg.ts';
import { decodeFrames, pixelAt, quadrantColours, writeFixtureFaces, type FixtureRow } from './fixture-faces.ts';
import { rehearse } from './rehearse.ts';
import { RehearsalFiles } from './write-rehearsal.ts';

const tools = ffmpegTools();
const haveFfmpeg = spawnSync(tools.ffmpeg, ['-version']).status === 0 && spawnSync(tools.ffprobe, ['-version']).status === 0;
if (!haveFfmpeg && process.env.CI === 'true') throw new Error('ffmpeg and ffprobe are required in CI (apt-get install ffmpeg)');
if (!haveFfmpeg) console.warn('rehearse.test.ts: skipped, ffmpeg/ffprobe not found (install ffmpeg or set EVENHAND_FFMPEG, EVENHAND_FFPROBE)');

const campaign: Campaign = normaliseProtocol(ProtocolSchema.parse({
  id: 'fixture', title: 'Fixture', algorithms: [{ id: 'a' }], thresholds: [0.5], operationalThresholds: [0.5], watchlist: { size: 10 },
}), 'fixture.json');

const ROWS: FixtureRow[] = [
  { identity: 'p00', images: 2, sex: 'F', ethnicity: 'black', age: '25' },
  { identity: 'p01', images: 3, sex: 'M', ethnicity: 'white', age: '41' },
  { identity: 'p02', images: 2, sex: 'F', ethnicity: 'east_asian', age: '' },
  { identity: 'p03', images: 2, sex: 'M', ethnicity: 'latino', age: '67' },
  { identity: 'p04', images: 1, sex: 'F', ethnicity: 'white', age: '30' },
  { identity: 'p05', images: 2, sex: 'M', ethnicity: '', age: '' },
  { identity: 'p06', images: 2, sex: 'F', ethnicity: '', age: '' },
  { identity: 'p07', images: 1, sex: 'M', ethnicity: 'martian', age: '' },
  ...[8, 9, 10, 11].map((i) => ({ identity: `p${String(i).padStart(2, '0')}`, images: 1, sex: '', ethnicity: '', age: '' })),
];
const W = 100;
const H = 160;

const settings = RehearsalSchema.parse({
  volunteers: 4, nonEnrolledVolunteers: 1, passesPerVolunteer: 2, crowdPasses: 6, fillerGallerySize: 2,
  deployments: 1, cameras: 2, width: 320, height: 240, fps: 10, lanes: 2, faceHeightPx: { min: 60, max: 120 },
  passDurationMs: { min: 1000, max: 1500 }, background: 'none',
});

describe.skipIf(!haveFfmpeg)('rehearse (fixture faces)', () => {
  let tmp = '';
  let csv = '';
  let outA = '';
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'rehearse-'));
    csv = await writeFixtureFaces(path.join(tmp, 'faces'), ROWS, W, H);
    outA = path.join(tmp, 'a');
    await rehearse({ faces: csv, campaign, settings, seed: 5, out: outA, tools });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');

  it('writes a manifest that loadManifest accepts, with the requested sizes', () => {
    const m = loadManifest(path.join(outA, RehearsalFiles.manifest), campaign.dimensions);
    expect(m.volunteers).toHaveLength(5);
    expect(m.volunteers.filter((v) => v.enrolled)).toHaveLength(4);
    expect(m.passes).toHaveLength(10);
    expect(m.crowdPasses).toHaveLength(6);
    expect(m.fillerGallery.entries).toHaveLength(2);
    expect(m.footage.map((f) => f.file)).toEqual(['footage/d1-c1.mp4', 'footage/d1-c2.mp4']);
    for (const v of m.volunteers) for (const img of v.enrolmentImages) expect(existsSync(path.join(outA, img))).toBe(true);
    for (const e of m.fillerGallery.entries) expect(existsSync(path.join(outA, e.image))).toBe(true);
    const text = read(outA, RehearsalFiles.manifest) + read(outA, RehearsalFiles.summary);
    for (const r of ROWS) expect(text).not.toContain(r.identity);
  });

  it('maps labels and counts every identity kept from the volunteers', () => {
    const m = loadManifest(path.join(outA, RehearsalFiles.manifest), campaign.dimensions);
    const codes = m.volunteers.map((v) => `${v.sex}/${v.ethnicity}/${v.ageBand}`).sort();
    expect(codes).toEqual(['female/asian/null', 'female/black/under_30', 'female/white/30_to_49', 'male/other/50_plus', 'male/white/30_to_49']);
    const s = JSON.parse(read(outA, RehearsalFiles.summary)) as { labels: Record<string, unknown>; roles: Record<string, number>; excluded: { fromVolunteers: Record<string, unknown> } };
    expect(s.labels.missingRequiredLabel).toEqual({ identities: 7, byDimension: { sex: 4, ethnicity: 7 } });
    expect(s.labels.unmapped).toEqual({ ethnicity: { martian: 1 } });
    expect(s.labels.labelledWithOneImage).toBe(1);
    expect(s.labels.eligibleVolunteers).toBe(4);
    expect(s.roles).toMatchObject({ volunteers: 4, nonEnrolledVolunteers: 1, filler: 2, crowdPool: 5 });
    expect(s.excluded.fromVolunteers).toMatchObject({ missingRequiredLabel: 7, labelledWithOneImage: 1 });
  });

  it('writes H.264 video that decodes to the manifest\'s frame count, rate and duration', () => {
    const m = loadManifest(path.join(outA, RehearsalFiles.manifest), campaign.dimensions);
    for (const f of m.footage) {
      const probe = probeVideo(tools, path.join(outA, f.file));
      expect(probe.codec).toBe('h264');
      expect([probe.width, probe.height]).toEqual([320, 240]);
      expect(probe.fps).toBe(10);
      expect(probe.frames).toBe(Math.round(((f.durationMs ?? 0) * 10) / 1000));
      expect(Math.abs(probe.durationMs - (f.durationMs ?? 0))).toBeLessThanOrEqual(100);
    }
  });

  it('shows each face at its box for its whole pass, with its aspect ratio kept', () => {
    const truth = JSON.parse(read(outA, RehearsalFiles.truth)) as { passes: { list: string; index: number; footage: string; firstFrame: number; lastFrame: number; boxes: number[][] }[] };
    const key = JSON.parse(read(outA, RehearsalFiles.key)) as { passes: { list: string; index: number; image: string }[] };
    const m = loadManifest(path.join(outA, RehearsalFiles.manifest), campaign.dimensions);
    const frames = new Map(m.footage.map((f) => [f.file, decodeFrames(tools, path.join(outA, f.file), 320, 240)]));
    expect(truth.passes).toHaveLength(16);
    for (const p of truth.passes) {
      const source = key.passes.find((k) => k.list === p.list && k.index === p.index)?.image ?? '';
      const identity = Number(/p(\d+)_\d+\.png$/.exec(source)?.[1]);
      const colours = quadrantColours(identity);
      const times = p.list === 'passes' ? m.passes[p.index] : m.crowdPasses[p.index];
      expect(times?.tStartMs).toBe(p.firstFrame * 100);
      expect(times?.tEndMs).toBe((p.lastFrame + 1) * 100); // exclusive: the pass ends when its last frame does
      expect(p.boxes).toHaveLength(p.lastFrame - p.firstFrame + 1);
      // the manifest's place, interpolated, lies within a pixel of the box in every frame
      const place = times?.place;
      expect(place?.kind).toBe('boxes');
      if (place?.kind === 'boxes') {
        expect(place.boxes.length).toBeLessThanOrEqual(p.boxes.length);
        p.boxes.forEach(([x = 0, y = 0, w = 0, h = 0], i) => {
          const b = boxAt(place.boxes, (p.firstFrame + i) * 100);
          for (const [got, want] of [[b.x, x], [b.y, y], [b.w, w], [b.h, h]] as const) expect(Math.abs(got - want)).toBeLessThanOrEqual(1.1);
        });
      }
      p.boxes.forEach(([x, y, w, h], i) => {
        expect((w ?? 0) / (h ?? 1)).toBeCloseTo(W / H, 2);
        const frame = frames.get(p.footage)?.[p.firstFrame + i];
        expect(frame).toBeDefined();
        const at = (u: number, v: number) => pixelAt(frame as Buffer, 320, (x ?? 0) + u * (w ?? 0), (y ?? 0) + v * (h ?? 0));
        const points = [at(0.32, 0.32), at(0.68, 0.32), at(0.32, 0.68), at(0.68, 0.68)];
        points.forEach((got, q) => got.forEach((c, ch) => expect(Math.abs(c - (colours[q]?.[ch] ?? 0))).toBeLessThan(45)));
      });
    }
  });

  it('is deterministic: the same seed gives an identical manifest, truth, frames and MP4 bytes', async () => {
    const outB = path.join(tmp, 'b');
    await rehearse({ faces: csv, campaign, settings, seed: 5, out: outB, tools });
    for (const f of [RehearsalFiles.manifest, RehearsalFiles.truth, RehearsalFiles.summary, RehearsalFiles.key]) expect(read(outB, f)).toBe(read(outA, f));
    for (const f of ['footage/d1-c1.mp4', 'footage/d1-c2.mp4']) expect(readFileSync(path.join(outB, f)).equals(readFileSync(path.join(outA, f)))).toBe(true);
    const outC = path.join(tmp, 'c');
    await rehearse({ faces: csv, campaign, settings, seed: 6, out: outC, tools });
    expect(read(outC, RehearsalFiles.manifest)).not.toBe(read(outA, RehearsalFiles.manifest));
  });

  it('films each scene with a pair of overlapping cameras when asked: the second mirrored, both passes in the manifest', async () => {
    const outV = path.join(tmp, 'views');
    await rehearse({ faces: csv, campaign, settings: { ...settings, overlappingViews: true }, seed: 5, out: outV, tools });
    const m = loadManifest(path.join(outV, RehearsalFiles.manifest), campaign.dimensions);
    expect(m.deployments[0]?.overlappingViews).toEqual([['c1', 'c2']]);
    expect(m.deployments[0]?.cameras.map((c) => [c.width, c.height])).toEqual([[320, 240], [320, 240]]);
    const at = (camera: string) => m.passes.filter((p) => p.camera === camera);
    expect(at('c1')).toHaveLength(10);
    expect(at('c2').map((p) => [p.volunteer, p.tStartMs, p.tEndMs])).toEqual(at('c1').map((p) => [p.volunteer, p.tStartMs, p.tEndMs]));
    at('c1').forEach((p, i) => {
      const q = at('c2')[i];
      if (p.place?.kind !== 'boxes' || q?.place?.kind !== 'boxes') throw new Error('expected boxes');
      const a = boxAt(p.place.boxes, p.tStartMs), b = boxAt(q.place.boxes, q.tStartMs);
      expect(b.x + b.w / 2).toBeCloseTo(320 - (a.x + a.w / 2), 0); // mirrored left to right
    });
    const frames = decodeFrames(tools, path.join(outV, 'footage/d1-c2.mp4'), 320, 240);
    const key = JSON.parse(read(outV, RehearsalFiles.key)) as { passes: { list: string; index: number; image: string }[] };
    const truth = JSON.parse(read(outV, RehearsalFiles.truth)) as { passes: { list: string; index: number; footage: string; firstFrame: number; boxes: number[][] }[] };
    for (const p of truth.passes.filter((x) => x.footage === 'footage/d1-c2.mp4')) {
      const identity = Number(/p(\d+)_\d+\.png$/.exec(key.passes.find((k) => k.list === p.list && k.index === p.index)?.image ?? '')?.[1]);
      const colours = quadrantColours(identity);
      const [x = 0, y = 0, w = 0, h = 0] = p.boxes[0] ?? [];
      const pixel = (u: number, v: number) => pixelAt(frames[p.firstFrame] as Buffer, 320, x + u * w, y + v * h);
      // the face's top-left quadrant colour now shows at the top right, and its top-right one at the top left
      for (const [u, q] of [[0.68, 0], [0.32, 1]] as const) pixel(u, 0.32).forEach((c, ch) => expect(Math.abs(c - (colours[q]?.[ch] ?? 0))).toBeLessThan(45));
    }
  });

  it('applies motion blur, lighting and occlusion when asked, and still validates', async () => {
    const out = path.join(tmp, 'effects');
    const fx = RehearsalSchema.parse({ ...settings, effects: { motionBlur: 1, lighting: 0.3, occlusion: 1 } });
    await rehearse({ faces: csv, campaign, settings: fx, seed: 5, out, tools });
    loadManifest(path.join(out, RehearsalFiles.manifest), campaign.dimensions);
    const s = JSON.parse(read(out, RehearsalFiles.summary)) as { passes: { withMotionBlur: number; withOccluder: number } };
    expect(s.passes.withMotionBlur).toBe(16);
    expect(s.passes.withOccluder).toBe(16);
    const hashes = (dir: string) => (JSON.parse(read(dir, RehearsalFiles.summary)) as { video: { files: { framesSha256: string }[] } }).video.files.map((f) => f.framesSha256);
    expect(hashes(out)).not.toEqual(hashes(outA));
  });

  it('lights one group\'s passes differently when asked (effects.groupLighting), leaving the rest as before', async () => {
    const out = path.join(tmp, 'group-lighting');
    const fx = RehearsalSchema.parse({ ...settings, effects: { groupLighting: [{ dimension: 'ethnicity', code: 'black', gain: 0.4 }] } });
    await rehearse({ faces: csv, campaign, settings: fx, seed: 5, out, tools });
    const m = loadManifest(path.join(out, RehearsalFiles.manifest), campaign.dimensions);
    const ethnicity = new Map(m.volunteers.map((v) => [v.id, v.ethnicity]));
    const truth = JSON.parse(read(out, RehearsalFiles.truth)) as { passes: { list: string; volunteer?: string; effects: { gain: number } }[] };
    const gains = truth.passes.filter((p) => p.list === 'passes').map((p) => ({ black: ethnicity.get(p.volunteer ?? '') === 'black', gain: p.effects.gain }));
    expect(gains.some((g) => g.black)).toBe(true);
    for (const g of gains) expect(g.gain).toBe(g.black ? 0.4 : 1);
    // the schedule itself (who walks where, when) is that of the rehearsal without group lighting
    const frames = (dir: string) => (JSON.parse(read(dir, RehearsalFiles.truth)) as { passes: { firstFrame: number }[] }).passes.map((p) => p.firstFrame);
    expect(frames(out)).toEqual(frames(outA));
  });

  it('writes MPEG-4 part 2 when asked (for an ffmpeg without libx264)', async () => {
    const out = path.join(tmp, 'mpeg4');
    await rehearse({ faces: csv, campaign, settings: RehearsalSchema.parse({ ...settings, codec: 'mpeg4', cameras: 1 }), seed: 5, out, tools });
    const m = loadManifest(path.join(out, RehearsalFiles.manifest), campaign.dimensions);
    const probe = probeVideo(tools, path.join(out, m.footage[0]?.file ?? ''));
    expect(probe.codec).toBe('mpeg4');
    expect(probe.frames).toBe(Math.round(((m.footage[0]?.durationMs ?? 0) * 10) / 1000));
  });

  describe('bad input', () => {
    it('says how many identities can be volunteers when too many are requested', async () => {
      const tooMany = RehearsalSchema.parse({ ...settings, volunteers: 5 });
      const err = await rehearse({ faces: csv, campaign, settings: tooMany, seed: 5, out: path.join(tmp, 'x1'), tools }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain('expected at most 4 volunteers: 4 of 12 identities have >= 2 images and sex and ethnicity labels (7 lack a required label, 1 labelled ones have one image), got 5');
    });

    it('names an unreadable image', async () => {
      const broken = path.join(tmp, 'broken');
      const bad = await writeFixtureFaces(broken, ROWS, W, H);
      for (const k of [1, 2]) writeFileSync(path.join(broken, 'img', `p00_${k}.png`), 'not an image');
      const err = await rehearse({ faces: bad, campaign, settings, seed: 5, out: path.join(tmp, 'x2'), tools }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).file).toMatch(/img[\\/]p00_[12]\.png$/);
      expect((err as Error).message).toMatch(/p00_[12]\.png: expected a readable image/);
    });

    it('names missing image files and conflicting labels in a face CSV', async () => {
      const dir = path.join(tmp, 'badcsv');
      const file = await writeFixtureFaces(dir, ROWS.slice(0, 2), W, H);
      writeFileSync(file, `${readFileSync(file, 'utf8')}img/nope.png,p09,F,white,\nimg/p00_1.png,p00,M,black,25\n`);
      const err = await rehearse({ faces: file, campaign, settings, seed: 5, out: path.join(tmp, 'x3'), tools }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain('row 7.image: expected an existing, readable file, got "img/nope.png": no such file or folder (ENOENT)');
      expect((err as Error).message).toContain('row 8.sex: expected the same sex as earlier rows of identity "p00" ("F"), got "M"');
    });

    it('rejects a face size that does not fit the frame', async () => {
      const big = RehearsalSchema.parse({ ...settings, faceHeightPx: { min: 60, max: 239 } });
      const err = await rehearse({ faces: csv, campaign, settings: big, seed: 5, out: path.join(tmp, 'x4'), tools }).catch((e: unknown) => e);
      expect((err as Error).message).toContain('rehearsal.faceHeightPx.max: expected a height that fits the frame (<= 224 px at height 240), got 239');
    });

    it('exits 2 from the CLI with no half-written output', () => {
      const proto = path.join(tmp, 'proto.json');
      writeFileSync(proto, JSON.stringify({ id: 'fixture', title: 'F', algorithms: [{ id: 'a' }], thresholds: [0.5], operationalThresholds: [0.5], watchlist: { size: 10 }, rehearsal: { ...settings, volunteers: 9 } }));
      const out = path.join(tmp, 'cli-out');
      const r = spawnSync(process.execPath, ['bin/evenhand.js', 'rehearse', '--faces', csv, '--protocol', proto, '--out', out], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('expected at most 4 volunteers');
      expect(existsSync(out)).toBe(false);
    });
  });
});
