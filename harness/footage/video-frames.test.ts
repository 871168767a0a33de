import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { native } from '../native/index.ts';
import { makeMovingFacesClip } from '../replay/moving-faces-clip.ts';
import { probeVideo, sharedFile, videoFrames } from './index.ts';

/** Mean and largest absolute difference per byte between the frames of two decodings of `file`'s first `n` frames. */
async function compareDecodings(file: string, n: number): Promise<{ mean: number; max: number; frames: number }> {
  const take = async (ffmpegRgb: boolean) => {
    const out: Uint8Array[] = [];
    for await (const f of videoFrames(file, { ffmpegRgb })) {
      out.push(f.image.data.slice()); // copied: frame buffers are recycled
      if (out.length === n) break;
    }
    return out;
  };
  const [a, b] = [await take(false), await take(true)];
  let sum = 0, max = 0, count = 0;
  a.forEach((fa, k) => {
    const fb = b[k]!;
    for (let i = 0; i < fa.length; i++) {
      const d = Math.abs(fa[i]! - fb[i]!);
      sum += d;
      if (d > max) max = d;
    }
    count += fa.length;
  });
  return { mean: sum / count, max, frames: Math.min(a.length, b.length) };
}

const vtest = sharedFile('footage/vtest.avi');

describe.skipIf(!vtest.present)('videoFrames on footage/vtest.avi', () => {
  it('probes 768x576 at 10 frames/s', async () => {
    const info = await probeVideo(vtest.path);
    expect([info.width, info.height, info.fps, info.frames]).toEqual([768, 576, 10, 795]);
  });

  it.runIf(native !== null)('converts 4:2:0 frames to RGB natively as ffmpeg does (limited range, BT.601)', async () => {
    const d = await compareDecodings(vtest.path, 10);
    expect(d.frames).toBe(10);
    expect(d.mean).toBeLessThan(1.5); // ffmpeg rounds differently: a level or so, never more than 3
    expect(d.max).toBeLessThanOrEqual(3);
  });

  it('decodes a time range with the stream timestamps of its frames, and samples it', async () => {
    const all: number[] = [];
    for await (const f of videoFrames(vtest.path, { startMs: 10_000, endMs: 12_000 })) {
      expect(f.image.data.length).toBe(768 * 576 * 3);
      all.push(f.tMs);
    }
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => 10_000 + 100 * i));
    const sampled: number[] = [];
    for await (const f of videoFrames(vtest.path, { startMs: 10_000, endMs: 12_000, everyMs: 500 })) sampled.push(f.tMs);
    expect(sampled).toEqual([10_000, 10_500, 11_000, 11_500]);
  });

  it('names a truncated file and says how far it got', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-video-'));
    const cut = path.join(dir, 'truncated.avi');
    await writeFile(cut, (await readFile(vtest.path)).subarray(0, 3_000_000));
    let frames = 0;
    const err = await (async () => { for await (const _ of videoFrames(cut)) frames++; })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(cut);
    expect((err as Error).message).toContain('a complete, decodable video');
    expect(frames).toBeGreaterThan(100);
  });
});

describe('videoFrames on bad input', () => {
  it('names a file that is not a video', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-video-'));
    const bad = path.join(dir, 'garbage.mp4');
    await writeFile(bad, 'not a video at all');
    const err = await (async () => { for await (const _ of videoFrames(bad)) { /* none */ } })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(bad);
  });
});

describe.runIf(native !== null)('native 4:2:0 conversion of full-range (JPEG) frames', () => {
  it('matches ffmpeg on an MJPEG clip (yuvj420p); an odd-sized one is left to ffmpeg', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-video-'));
    const faces = sharedFile('faces/astronaut.png');
    if (!faces.present) return;
    for (const [width, height] of [[320, 240], [321, 243]] as const) {
      const clip = path.join(dir, `${width}.avi`);
      await makeMovingFacesClip(clip, [{ imagePath: faces.path, tInMs: 0, tOutMs: 400, from: [-50, -30], to: [20, 10] }], { width, height, fps: 10, durationMs: 400 });
      expect((await probeVideo(clip)).pixFmt).toBe('yuvj420p');
      const d = await compareDecodings(clip, 4);
      expect(d.frames).toBe(4);
      expect(d.mean).toBeLessThan(width % 2 === 0 ? 1.5 : 1e-9); // odd: both decodings are ffmpeg's
      expect(d.max).toBeLessThanOrEqual(width % 2 === 0 ? 3 : 0);
    }
  });
});
