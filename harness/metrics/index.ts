/** The metrics stage: demographic groups, the threshold sweep and the one way thresholds are matched. */
// public API
export { buildGroups, groupsOfSearch, GroupLevel, type Group, type GroupLayout } from './groups.ts';
export { sweep, type Population, type PopulationCounts } from './sweep.ts';
export { thresholdKey, sameThreshold, thresholdIndex } from './threshold-key.ts';
