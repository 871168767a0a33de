/**
 * Evenhand's statistics: binomial intervals, cluster bootstrap, tests across groups, equivalence, logistic regression
 * with cluster-robust errors, differential indices, sample-size planning, distributions and seeded randomness.
 * Published as the package export `evenhand/stats`; every function names its method and a reference.
 */
// public API
export { clopperPearson } from './clopper-pearson.ts';
export { wilson, wilsonCorrected, wilsonEffective } from './wilson.ts';
export { jeffreys } from './jeffreys.ts';
export { binomialUpperBound, ruleOfThree } from './upper-bound.ts';
export { IntervalMethod, checkBinomialArgs, type Interval } from './interval.ts';
export { normalCdf, normalUpperTail, normalQuantile, normalUpperQuantile } from './normal.ts';
export { betaQuantile, incompleteBeta, incompleteBetaUpper, logBeta, logGamma, stirlingRemainder } from './beta.ts';
export { fUpperTail } from './f-distribution.ts';
export { StatsArgumentError } from './argument-error.ts';
export { createRng, checkSeed, type Rng } from './rng.ts';
export { logFactorial, logFactorialTable } from './log-factorial.ts';
export { binomialSample, hypergeometricSample } from './sample.ts';
export { checkTable, rateTable, type ContingencyTable, type TableMargins } from './contingency-table.ts';
export { chiSquareTest, chiSquareUpperTail, chiSquareCdf, gammaUpperRegularized, type ChiSquareTest } from './chi-square.ts';
export { fisherExact, type FisherOptions, type FisherTest } from './fisher-exact.ts';
export { adjustPValues, Correction } from './p-adjust.ts';
export { twoProportionTest, twoProportionTost, twoProportionRatioTost, newcombeInterval, type TwoProportionTest, type EquivalenceTest } from './two-proportion.ts';
export { compareProportions, HomogeneityMethod, type CompareProportionsOptions, type Homogeneity, type HomogeneityCache, type PairwiseDifference, type ProportionsComparison, type Untested } from './compare-proportions.ts';
export { quantileInPlace, quantilePairInPlace } from './quantile.ts';
export { clusterBootstrap, replicateWeights, percentileInterval, bcaInterval, differenceBcaInterval, differenceBcaIntervals, derivedPercentileInterval, type ClusterCounts, type ClusterBootstrap } from './cluster-bootstrap.ts';
export { invert, invertSymmetric } from './matrix.ts';
export { factorDesign, logisticRegression, waldTest, type Factor, type Design, type Coefficient, type LogisticFit, type LogisticOptions, type WaldTest } from './logistic-regression.ts';
export { maxMinRatio, log10Ratio, giniOfRates, garbe, fairnessDiscrepancyRate, inequityRatio, type Differential } from './differentials.ts';
export { countBootstrap } from './count-bootstrap.ts';
export { twoProportionPower, twoProportionSampleSize, designEffect, planTpirComparison, detectableTpirDifference, crowdSizeForFpir, type TpirPlan } from './power.ts';
export { clusterDesignEffect, effectiveCounts, groupClusterMoments, groupClusterMomentsByColumn, pooledDesignEffect, type ClusterMoments, type PooledDesignEffect } from './cluster-design-effect.ts';
export { cochranMantelHaenszel, mantelHaenszelOddsRatio, type Stratum2x2, type MantelHaenszelTest, type MantelHaenszelOptions } from './mantel-haenszel.ts';
export { generalizedCmh, type GeneralizedCmhTest } from './generalized-cmh.ts';
export { breslowDay, type BreslowDayTest } from './breslow-day.ts';
export { stratifiedLogistic, type StratifiedLogistic, type StratifiedLogisticInput } from './stratified-logistic.ts';
