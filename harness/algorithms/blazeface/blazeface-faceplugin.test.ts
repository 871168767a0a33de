import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage, sharedFile } from '../../footage/index.ts';
import { cosine, createAlgorithm, iou, type FaceAlgorithm } from '../index.ts';
import { blazeFaceAnchors } from './blazeface-anchors.ts';

const astronaut = sharedFile('faces/astronaut.png');

describe('blazeFaceAnchors', () => {
  it('has 512 + 384 anchors in row-major cell order', () => {
    const { layer1, layer2 } = blazeFaceAnchors();
    expect(layer1).toHaveLength(512);
    expect(layer2).toHaveLength(384);
    expect(layer1[0]).toEqual({ cx: 1 / 32, cy: 1 / 32 });
    expect(layer1[2]).toEqual({ cx: 3 / 32, cy: 1 / 32 });
    expect(layer2[383]).toEqual({ cx: 15 / 16, cy: 15 / 16 });
  });
});

describe.skipIf(!astronaut.present)('blazeface+faceplugin on faces/astronaut.png', () => {
  let blaze: FaceAlgorithm, fp: FaceAlgorithm;
  beforeAll(async () => {
    blaze = await createAlgorithm('blazeface+faceplugin');
    fp = await createAlgorithm('faceplugin-v1');
  });
  afterAll(async () => { await blaze.close(); await fp.close(); });

  it('finds the face where faceplugin-v1 does, and the shared embedder gives nearly the same embedding', async () => {
    const img = await loadImage(astronaut.path);
    const b = await blaze.detect(img);
    const f = await fp.detect(img);
    expect(b).toHaveLength(1);
    expect(iou(b[0]!.box, f[0]!.box)).toBeGreaterThan(0.6);
    expect(cosine(await blaze.embed(img, b[0]!), await fp.embed(img, f[0]!))).toBeGreaterThan(0.9);
  });
});
