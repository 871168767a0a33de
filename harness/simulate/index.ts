/** The score-level simulator: whole campaigns drawn from a score model whose true rates are known. */
// public API
export { simulateCampaign, type SimulationResult, type TrueRates } from './simulate-campaign.ts';
export { writeSimulation, SimulationFiles } from './write-simulation.ts';
export { recordSimulation, type SimulationToRecord } from './record-simulation.ts';
export { trueFpir, trueTpir } from './true-rates.ts';
export { personModel, type PersonModel, type Demography } from './person-model.ts';
export { drawTopScores } from './sample-scores.ts';
