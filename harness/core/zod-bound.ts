/** zodBound: a zod number schema for a Bound of the catalogue, so protocol and manifest fields state the documented range. */
import { z } from 'zod';
import type { Bound } from './bounds.ts';

/**
 * `z.number()` with the bound's range (and `.int()` for whole numbers); the JSON Schema gets minimum and maximum.
 * @example SimulationSchema's `crowdSearches: zodBound(Bounds.simCrowd).default(130_000)`
 */
export function zodBound(bound: Bound): z.ZodNumber {
  const base = bound.integer ? z.number().int() : z.number();
  return (bound.minExclusive === true ? base.gt(bound.min) : base.min(bound.min)).max(bound.max);
}
