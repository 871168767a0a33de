import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFile } from '../../footage/index.ts';
import { createAlgorithm, readLfwDataset, verifyLfw, type FaceAlgorithm } from '../index.ts';

const lfw = sharedFile('datasets/lfw-dev/pairs.tsv');

describe.skipIf(!lfw.present)('verifyLfw on a subset of lfw-dev', () => {
  let alg: FaceAlgorithm;
  beforeAll(async () => {
    alg = await createAlgorithm('faceplugin-v1');
  });
  afterAll(() => alg.close());

  it('separates the first 60 mated from the first 60 non-mated pairs (full set: npm run bench replay / docs/replay.md)', async () => {
    const data = await readLfwDataset(lfw.path.replace(/pairs\.tsv$/, ''));
    const pairs = [...data.pairs.filter((p) => p.mated).slice(0, 60), ...data.pairs.filter((p) => !p.mated).slice(0, 60)];
    const r = await verifyLfw(alg, data, { pairs });
    expect(r.overall.pairs).toBe(120);
    expect(r.detectionFailures.count).toBe(0);
    expect(r.overall.accuracy.mean).toBeGreaterThanOrEqual(0.95);
    expect(r.overall.auc).toBeGreaterThan(0.99);
    expect(Object.keys(r.bySex).sort()).toEqual(['F', 'M']);
    expect(r.fnmrAtFmr.map((f) => f.targetFmr)).toEqual([1e-2, 1e-3]);
    for (const f of r.fnmrAtFmr) {
      expect(f.overall.fmr.n).toBe(60);
      expect(f.overall.fmr.k).toBeLessThanOrEqual(Math.floor(f.targetFmr * 60));
      expect(Object.keys(f.byGroup).sort()).toEqual(['F', 'M']);
      expect((f.byGroup.F?.fnmr.n ?? 0) + (f.byGroup.M?.fnmr.n ?? 0)).toBe(60);
    }
  });
});
