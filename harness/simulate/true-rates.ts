/**
 * The true rates of the score model, computed exactly (numerical integration where needed), so that a simulated
 * campaign's estimates can be checked against what they estimate.
 */
import { normalUpperTail } from '../stats/normal.ts';
import type { PersonModel } from './person-model.ts';

/** A gallery as seen by one probe: parts of n entries whose impostor scores are normal(mean, sd). */
export type ImpostorGallery = readonly { n: number; mean: number; sd: number }[];

/** log P(every impostor score of the gallery is below s). */
function logAllBelow(gallery: ImpostorGallery, s: number): number {
  let sum = 0;
  for (const part of gallery) sum += part.n * Math.log1p(-normalUpperTail((s - part.mean) / part.sd));
  return sum;
}

/**
 * True FPIR(N, T): probability that the highest impostor score of the gallery is >= T, i.e.
 * 1 - Π_h (1 - q_h)^(n_h) with q_h = P(impostor of part h >= T), computed with expm1/log1p to keep tiny rates exact.
 */
export function trueFpir(gallery: ImpostorGallery, threshold: number): number {
  return -Math.expm1(logAllBelow(gallery, threshold));
}

/**
 * True TPIR(T) at rank 1 for one mated search: no failure to acquire, mate score >= T (scores above 1 are clipped
 * to 1), and the mate above every non-mate of `nonmates` (the watchlist without the mate). Integrates the
 * mate-score density (volunteer effect included) times P(all non-mates below it) with Simpson's rule on 2,000 panels.
 */
export function trueTpir(model: PersonModel, nonmates: ImpostorGallery, threshold: number, failureToAcquire: number): number {
  const sd = Math.hypot(model.genuineSd, model.volunteerSd);
  const beatAll = (s: number): number => Math.exp(logAllBelow(nonmates, s));
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
