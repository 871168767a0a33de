import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage, sharedFile, type RgbImage } from '../../footage/index.ts';
import { cosine, createAlgorithm, faceSizePx, type FaceAlgorithm } from '../index.ts';

const astronaut = sharedFile('faces/astronaut.png');

function mirror(img: RgbImage): RgbImage {
  const data = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const s = (y * img.width + x) * 3, d = (y * img.width + (img.width - 1 - x)) * 3;
      data[d] = img.data[s]!; data[d + 1] = img.data[s + 1]!; data[d + 2] = img.data[s + 2]!;
    }
  }
  return { width: img.width, height: img.height, data };
}

describe.skipIf(!astronaut.present)('faceplugin-v1 on faces/astronaut.png', () => {
  let alg: FaceAlgorithm;
  let img: RgbImage;
  beforeAll(async () => {
    alg = await createAlgorithm('faceplugin-v1');
    img = await loadImage(astronaut.path);
  });
  afterAll(() => alg.close());

  it('finds the one face, with its eyes above its mouth', async () => {
    const faces = await alg.detect(img);
    expect(faces).toHaveLength(1);
    const f = faces[0]!;
    // the face sits in the upper middle of the 512x512 portrait
    expect(f.box.x1).toBeGreaterThan(150);
    expect(f.box.x2).toBeLessThan(300);
    expect(f.box.y1).toBeGreaterThan(30);
    expect(f.box.y2).toBeLessThan(200);
    expect(faceSizePx(f.box)).toBeGreaterThan(80);
    expect(f.score).toBeGreaterThan(0.9);
    const [lex, ley, rex, , , ny, , my] = f.points5;
    expect(lex!).toBeLessThan(rex!);
    expect(ley!).toBeLessThan(ny!);
    expect(ny!).toBeLessThan(my!);
  });

  it('gives a unit embedding that matches its own mirror image and not a different person', async () => {
    const e = await alg.embed(img, (await alg.detect(img))[0]!);
    expect(e).toHaveLength(512);
    expect(cosine(e, e)).toBeCloseTo(1, 5);
    const m = mirror(img);
    const em = await alg.embed(m, (await alg.detect(m))[0]!);
    expect(cosine(e, em)).toBeGreaterThan(0.9);
    const other = sharedFile('datasets/lfw-dev/images/Akhmed_Zakayev/Akhmed_Zakayev_0001.jpg');
    if (other.present) {
      const o = await loadImage(other.path);
      const eo = await alg.embed(o, (await alg.detect(o))[0]!);
      expect(cosine(e, eo)).toBeLessThan(0.4);
      expect(alg.matchScore(cosine(e, eo))).toBeLessThan(0.4);
    }
  });
});
