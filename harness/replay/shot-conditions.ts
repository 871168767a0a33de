/**
 * Shot conditions: the capture conditions of a best shot measured from its pixels and landmarks: face size (pixels
 * between the eyes), head pose (yaw and pitch from the five points), brightness and contrast of the face, sharpness
 * (variance of the Laplacian) and the detector's score. docs/capture-conditions.md says how each is measured.
 */
import type { ConditionValues } from '../campaign/index.ts';
import type { BestShot } from './best-shot.ts';

/** Side of the square the face is resampled to before the Laplacian, so sharpness compares across face sizes. */
const SHARPNESS_SIDE = 64;
/** Nose tip's depth in front of the eyes, as a share of the eye distance (weak-perspective head model). */
const NOSE_DEPTH = 0.5;
/** Where the nose tip sits between the eye line (0) and the mouth line (1) on a level face (ArcFace's reference points). */
const NOSE_LEVEL = (71.7366 - 51.6) / (92.28 - 51.6);
/** Nose depth over the eye-to-mouth height on the same reference face. */
const NOSE_DEPTH_PER_HEIGHT = (NOSE_DEPTH * (73.5318 - 38.2946)) / (92.28 - 51.6);

const deg = (rad: number): number => (rad * 180) / Math.PI;

/**
 * Yaw and pitch in degrees from five points (left eye, right eye, nose, left and right mouth corners, x then y):
 * yaw = atan(2 d / e), with d the nose tip's offset from the eyes' midpoint along the eye line and e the eye distance
 * (the nose tip half an eye distance in front of the eyes; positive = the nose towards the image's right); pitch =
 * atan((r - r0) / k), with r the nose tip's height between the eye line and the mouth line, r0 its height on a level
 * face and k the nose depth over that height (positive = looking down). Rough, as any pose from five points is; good
 * to bin faces as frontal, turned or strongly turned.
 * Reference: Gee & Cipolla, Image Vis. Comput. 12 (1994) 639-647 (facial-normal pose from a few landmarks).
 */
export function headPose(points5: ArrayLike<number>): { yawDeg: number; pitchDeg: number } {
  const p = (i: number): number => points5[i] as number;
  const ex = p(2) - p(0), ey = p(3) - p(1);
  const e = Math.hypot(ex, ey);
  if (e <= 0) return { yawDeg: NaN, pitchDeg: NaN };
  const ux = ex / e, uy = ey / e; // along the eye line
  const mx = (p(0) + p(2)) / 2, my = (p(1) + p(3)) / 2;
  const d = (p(4) - mx) * ux + (p(5) - my) * uy;
  const down = (x: number, y: number): number => (x - mx) * -uy + (y - my) * ux; // perpendicular, towards the mouth
  const h = down((p(6) + p(8)) / 2, (p(7) + p(9)) / 2);
  const r = h > 0 ? down(p(4), p(5)) / h : NaN;
  return { yawDeg: deg(Math.atan((2 * d) / e)), pitchDeg: deg(Math.atan((r - NOSE_LEVEL) / NOSE_DEPTH_PER_HEIGHT)) };
}

/**
 * Brightness (mean luma, ITU-R BT.601 weights), contrast (standard deviation of luma) and sharpness (variance of
 * the 4-neighbour Laplacian over the face resampled bilinearly to 64 x 64) of the face box in an RGB crop.
 * Reference: Pech-Pacheco et al., ICPR 2000, "Diatom autofocusing in brightfield microscopy" (variance of the
 * Laplacian as a focus measure).
 */
export function faceLight(shot: Pick<BestShot, 'crop' | 'face'>): { brightness: number; contrast: number; sharpness: number } {
  const { crop, face } = shot;
  const x0 = Math.max(0, Math.floor(face.box.x1)), y0 = Math.max(0, Math.floor(face.box.y1));
  const x1 = Math.min(crop.width, Math.ceil(face.box.x2)), y1 = Math.min(crop.height, Math.ceil(face.box.y2));
  if (x1 <= x0 || y1 <= y0) return { brightness: NaN, contrast: NaN, sharpness: NaN };
  const luma = (x: number, y: number): number => {
    const o = (y * crop.width + x) * 3;
    return 0.299 * (crop.data[o] as number) + 0.587 * (crop.data[o + 1] as number) + 0.114 * (crop.data[o + 2] as number);
  };
  let sum = 0, sq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = luma(x, y);
      sum += v;
      sq += v * v;
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  const mean = sum / n;
  const S = SHARPNESS_SIDE;
  const g = new Float64Array(S * S);
  for (let j = 0; j < S; j++) {
    const fy = Math.min(y1 - 1, Math.max(y0, y0 + ((j + 0.5) * (y1 - y0)) / S - 0.5));
    const yA = Math.floor(fy), yB = Math.min(y1 - 1, yA + 1), wy = fy - yA;
    for (let i = 0; i < S; i++) {
      const fx = Math.min(x1 - 1, Math.max(x0, x0 + ((i + 0.5) * (x1 - x0)) / S - 0.5));
      const xA = Math.floor(fx), xB = Math.min(x1 - 1, xA + 1), wx = fx - xA;
      g[j * S + i] = (1 - wy) * ((1 - wx) * luma(xA, yA) + wx * luma(xB, yA)) + wy * ((1 - wx) * luma(xA, yB) + wx * luma(xB, yB));
    }
  }
  let ls = 0, lq = 0;
  for (let j = 1; j < S - 1; j++) {
    for (let i = 1; i < S - 1; i++) {
      const c = j * S + i;
      const l = (g[c - 1] as number) + (g[c + 1] as number) + (g[c - S] as number) + (g[c + S] as number) - 4 * (g[c] as number);
      ls += l;
      lq += l * l;
    }
  }
  const m = (S - 2) * (S - 2);
  return { brightness: mean, contrast: Math.sqrt(Math.max(0, sq / n - mean * mean)), sharpness: Math.max(0, lq / m - (ls / m) ** 2) };
}

/** Every measured condition of a best shot except time of day (which adjudication adds from the deployment's clock). */
export function shotConditions(shot: BestShot): ConditionValues {
  const pose = headPose(shot.face.points5);
  const light = faceLight(shot);
  const p = shot.face.points5;
  return {
    interEye: Math.hypot((p[2] as number) - (p[0] as number), (p[3] as number) - (p[1] as number)),
    yaw: pose.yawDeg, pitch: pose.pitchDeg,
    brightness: light.brightness, contrast: light.contrast, sharpness: light.sharpness,
    detectorScore: shot.score,
  };
}
