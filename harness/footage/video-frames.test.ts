import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { probeVideo, sharedFile, videoFrames } from './index.ts';

const vtest = sharedFile('footage/vtest.avi');

describe.skipIf(!vtest.present)('videoFrames on footage/vtest.avi', () => {
  it('probes 768x576 at 10 frames/s', async () => {
    const info = await probeVideo(vtest.path);
    expect([info.width, info.height, info.fps, info.frames]).toEqual([768, 576, 10, 795]);
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
