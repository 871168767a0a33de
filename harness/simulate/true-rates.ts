/**
 * The true rates of the score model, computed exactly (numerical integration where needed), so that a simulated
 * campaign's estimates can be checked against what they estimate.
 */
import { normalCdf, normalUpperTail } from '../stats/normal.ts';
import type { PersonModel } from './person-model.ts';

/**
 * True FPIR(N, T): probability that the highest of N impostor scores is >= T, i.e. 1 - (1 - q)^N with
 * q = P(impostor >= T), computed as -expm1(N log1p(-q)) to keep tiny rates exact.
 */
export function trueFpir(model: PersonModel, gallerySize: number, threshold: number): number {
  const q = normalUpperTail((threshold - model.impostorMean) / model.impostorSd);
  return -Math.expm1(gallerySize * Math.log1p(-q));
}

/**
 * True TPIR(T) at rank 1 for one mated search: no failure to acquire, mate score >= T (scores above 1 are clipped
 * to 1), and the mate above all N-1 non-mates. Integrates the mate-score density (volunteer effect included)
 * times P(all non-mates below it) with Simpson's rule on 2,000 panels.
 */
export function trueTpir(model: PersonModel, gallerySize: number, threshold: number, failureToAcquire: number): number {
  const sd = Math.hypot(model.genuineSd, model.volunteerSd);
  const others = gallerySize - 1;
  const beatAll = (s: number): number => Math.exp(others * Math.log1p(-normalUpperTail((s - model.impostorMean) / model.impostorSd)));
  const density = (s: number): number => Math.exp(-0.5 * ((s - model.genuineMean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
  let integral = 0;
  if (threshold < 1) {
    const panels = 2000;
    const h = (1 - threshold) / panels;
    for (let i = 0; i <= panels; i++) {
      const s = threshold + i * h;
      const w = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
      integral += w * density(s) * beatAll(s);
    }
    integral *= h / 3;
  }
  // Mass clipped at 1: the mate scores exactly 1 and beats every non-mate below 1.
  const clipped = normalUpperTail((1 - model.genuineMean) / sd) * beatAll(1);
  return (1 - failureToAcquire) * (integral + clipped);
}

/** P(a single normal score >= T): exposed for tests of the model. */
export function upperTail(mean: number, sd: number, threshold: number): number {
  return 1 - normalCdf((threshold - mean) / sd);
}
