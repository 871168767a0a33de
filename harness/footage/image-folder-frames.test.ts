import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { imageFolderFrames } from './index.ts';

async function folder(names: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-images-'));
  for (const n of names) {
    await sharp({ create: { width: 8, height: 6, channels: 3, background: '#808080' } }).png().toFile(path.join(dir, n));
  }
  return dir;
}

describe('imageFolderFrames', () => {
  it('times frames by a fixed rate in name order', async () => {
    const dir = await folder(['b.png', 'a.png', 'c.png']);
    const got = [];
    for await (const f of imageFolderFrames(dir, { kind: 'fps', fps: 4 })) got.push([f.index, f.tMs, f.image.width]);
    expect(got).toEqual([[0, 0, 8], [1, 250, 8], [2, 500, 8]]);
  });
  it('times frames by the last number in the file name', async () => {
    const dir = await folder(['cam2_1500.png', 'cam2_0200.png']);
    const got = [];
    for await (const f of imageFolderFrames(dir, { kind: 'filename-ms' })) got.push(f.tMs);
    expect(got).toEqual([200, 1500]);
  });
  it('names an unreadable image', async () => {
    const dir = await folder(['a.png']);
    await writeFile(path.join(dir, 'b.jpg'), 'not a jpeg');
    const err = await (async () => { for await (const _ of imageFolderFrames(dir, { kind: 'fps', fps: 1 })) { /* */ } })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(path.join(dir, 'b.jpg'));
  });
});
