/**
 * Evenhand's statistics: binomial intervals, cluster bootstrap, tests across groups, equivalence, logistic regression
 * with cluster-robust errors, differential indices, sample-size planning, distributions and seeded randomness.
 * Published as the package export `evenhand/stats`; every function names its method and a reference.
 */
// public API
export { clopperPearson } from './clopper-pearson.ts';
export { wilson, wilsonCorrected } from './wilson.ts';
export { jeffreys } from './jeffreys.ts';
export { binomialUpperBound, ruleOfThree } from './upper-bound.ts';
export { IntervalMethod, checkBinomialArgs, type Interval } from './interval.ts';
export { normalCdf, normalUpperTail, normalQuantile, normalUpperQuantile } from './normal.ts';
export { betaQuantile, incompleteBeta, logBeta, logGamma, stirlingRemainder } from './beta.ts';
export { createRng, type Rng } from './rng.ts';
