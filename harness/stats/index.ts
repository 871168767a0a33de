/** Evenhand's statistics: binomial intervals, distributions and seeded randomness for rates by group. */
// public API
export { clopperPearson } from './clopper-pearson.ts';
export { wilson } from './wilson.ts';
export { IntervalMethod, checkBinomialArgs, type Interval } from './interval.ts';
export { normalCdf, normalUpperTail, normalQuantile, normalUpperQuantile } from './normal.ts';
export { betaQuantile, incompleteBeta, logBeta, logGamma } from './beta.ts';
export { createRng, type Rng } from './rng.ts';
