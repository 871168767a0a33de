/**
 * The score model of one simulated person: normal genuine and impostor score distributions on the 0..1 scale,
 * shifted by the campaign's differentials for that person's demographic categories.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { Dimension } from '../campaign/dimension.ts';
import type { SimulationSettings } from '../campaign/protocol-schema.ts';

/** A person's demographic categories (indexes into the campaign's categories). */
export type Demography = Record<Dimension, number>;

/** Score distributions for one person. */
export interface PersonModel {
  genuineMean: number;
  /** Sd of one pass's mate score around the volunteer's own mean. */
  genuineSd: number;
  /** Sd of volunteers' own means around genuineMean. */
  volunteerSd: number;
  impostorMean: number;
  impostorSd: number;
}

/** The model for a person of demography `d`: the base model with every matching differential applied. */
export function personModel(sim: SimulationSettings, campaign: Campaign, d: Demography): PersonModel {
  let genuineMean = sim.genuine.mean;
  let impostorSd = sim.impostor.sd;
  for (const diff of sim.differentials) {
    const code = campaign.dimensions[diff.dimension][d[diff.dimension]]?.code;
    if (code !== diff.code) continue;
    genuineMean += diff.genuineMeanShift;
    impostorSd *= diff.impostorSdScale;
  }
  return { genuineMean, genuineSd: sim.genuine.sd, volunteerSd: sim.genuine.volunteerSd, impostorMean: sim.impostor.mean, impostorSd };
}
