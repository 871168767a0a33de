/** The policy stage: choosing an operating threshold under constraints, and differential indices between groups. */
// public API
export { chooseThreshold, CHECK_STATUS, type CheckStatus, type ChoiceOutcome, type ThresholdCheck, type ThresholdChoice } from './choose-threshold.ts';
export { groupDifferentials, type GroupDifferentials } from './group-differentials.ts';
