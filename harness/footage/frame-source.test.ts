import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openFrames } from './index.ts';

describe('openFrames on an image folder', () => {
  it('applies the time range and the sampling rate', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-source-'));
    for (let i = 0; i < 8; i++) {
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toFile(path.join(dir, `f${i}.png`));
    }
    const times: number[] = [];
    for await (const f of openFrames({ kind: 'images', dir, rule: { kind: 'fps', fps: 10 }, startMs: 100, endMs: 700 }, 200)) times.push(f.tMs);
    expect(times).toEqual([100, 300, 500]);
  });
});
