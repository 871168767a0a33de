/** A small seeded random number generator (sfc32) whose streams are derived from one seed, replayable anywhere. */
import { StatsArgumentError } from './argument-error.ts';

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  /** Uniform in [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform in (0, 1): never exactly 0, safe under a log. */
  nextOpen(): number;
}

/**
 * A seeded generator for stream `stream` of seed `seed`: the same (seed, stream) gives the same numbers on every
 * machine. Streams let one seed expand into independent per-part (or per-replicate) generators.
 * Method: Chris Doty-Humphrey's sfc32 (PractRand), state filled by splitmix32 from seed and stream.
 * @example const rng = createRng(42, 0); rng.next()
 */
export function createRng(seed: number, stream = 0): Rng {
  let s = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream >>> 0) + 0x6a09e667, 0x85ebca6b)) >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = 1;
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    next: () => u32() / 4294967296,
    nextOpen: () => (u32() + 0.5) / 4294967296,
  };
}

/**
 * Checks a seed given to `fn`: a whole number in 0..2^32 - 1. Anything else (NaN, 1.5, -1) would be truncated to a
 * 32-bit integer without a word, so two different "seeds" could replay the same numbers.
 * @throws StatsArgumentError naming `fn` and the seed.
 */
export function checkSeed(fn: string, seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new StatsArgumentError(fn, 'seed', 'a whole number in 0..4294967295', seed);
}
