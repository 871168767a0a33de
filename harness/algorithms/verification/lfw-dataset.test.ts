import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/input-error.ts';
import { lfwImagePath, readLfwDataset } from './lfw-dataset.ts';

describe('readLfwDataset', () => {
  it('names the file and line of a malformed pair', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-lfw-'));
    await writeFile(path.join(dir, 'pairs.tsv'), 'identity_a\timage_a\tidentity_b\timage_b\tmated\nA\t1\tA\tx\t1\n');
    await writeFile(path.join(dir, 'subjects.csv'), 'identity,n_images,sex,ethnicity\nA,2,F,\n');
    const err = await readLfwDataset(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(`${path.join(dir, 'pairs.tsv')}: line 2`);
  });
  it('builds LFW image paths with 4-digit numbers', () => {
    expect(lfwImagePath('/d', 'A_B', 3)).toBe(path.join('/d', 'images', 'A_B', 'A_B_0003.jpg'));
  });
});
