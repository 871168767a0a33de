/**
 * degradeProbe: a photo made into a CCTV-like still, as retrospective and operator-initiated searches meet them: tilted
 * and cropped off-centre, reduced to a low resolution and enlarged back, blurred, and stored as a low-quality JPEG.
 * Every parameter is drawn from the settings' ranges with a seeded generator, and recorded in the manifest.
 */
import sharp from 'sharp';
import type { StillProbeSettings } from '../campaign/index.ts';
import type { Rng } from '../stats/index.ts';
import { uniform, uniformInt } from './shuffle.ts';

/** The degradation of one probe (the manifest's `probes[].degradation`). */
export interface Degradation {
  widthPx: number;
  blurSigma: number;
  jpegQuality: number;
  rotateDeg: number;
  cropShift: number;
}

/** Draws one probe's degradation from `s`; each value uniform in its range (angles and shifts either way), rounded for the manifest. */
export function drawDegradation(s: StillProbeSettings, rng: Rng): Degradation {
  const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
  return {
    widthPx: uniformInt(rng, s.widthPx.min, s.widthPx.max),
    blurSigma: round(uniform(rng, s.blurSigma.min, s.blurSigma.max), 2),
    jpegQuality: uniformInt(rng, s.jpegQuality.min, s.jpegQuality.max),
    rotateDeg: round(uniform(rng, -s.rotateDeg, s.rotateDeg), 1),
    cropShift: round(uniform(rng, -s.cropShift, s.cropShift), 3),
  };
}

/**
 * The degraded still of `image` as JPEG bytes, the same size as the source: (1) rotate by rotateDeg about the centre
 * (corners filled mid-grey) and crop the source's size shifted sideways by cropShift of its width; (2) reduce to
 * widthPx wide (area averaging) and blur with a Gaussian of blurSigma there (skipped below 0.3, sharp's minimum);
 * (3) enlarge back with a cubic kernel; (4) JPEG at jpegQuality. Deterministic for the same image, parameters and
 * sharp/libvips version.
 * @throws Error from sharp when the image cannot be read.
 * @example const jpeg = await degradeProbe('lfw/images/x.jpg', { widthPx: 60, blurSigma: 0.8, jpegQuality: 30, rotateDeg: 5, cropShift: 0.05 })
 */
export async function degradeProbe(image: string, d: Degradation): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const w = meta.width;
  const h = meta.height;
  const turned = await sharp(image).removeAlpha().rotate(d.rotateDeg, { background: { r: 128, g: 128, b: 128 } }).toBuffer({ resolveWithObject: true });
  const left = Math.min(Math.max(0, Math.round((turned.info.width - w) / 2 + d.cropShift * w)), turned.info.width - w);
  const top = Math.max(0, Math.round((turned.info.height - h) / 2));
  const cropped = await sharp(turned.data).extract({ left, top, width: w, height: h }).toBuffer();
  const small = sharp(cropped).resize({ width: Math.min(d.widthPx, w), kernel: 'linear' });
  const reduced = await (d.blurSigma >= 0.3 ? small.blur(d.blurSigma) : small).toBuffer();
  return sharp(reduced).resize({ width: w, height: h, kernel: 'cubic' }).jpeg({ quality: d.jpegQuality }).toBuffer();
}
