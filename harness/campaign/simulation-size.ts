/**
 * simulationSizeProblems: the simulator holds every search and candidate in memory, so its total size is bounded, not
 * only each count: searches in all (a mated search and a filler-probe search per volunteer pass, plus the crowd) and
 * candidate rows (searches x candidates per search). Bounds are in core/bounds.ts and docs/bad-input.md.
 */
import { Bounds, describeBound } from '../core/bounds.ts';
import type { InputProblem } from '../core/input-error.ts';
import type { SimulationSettings } from './protocol-schema.ts';

/** Searches the simulator writes for `sim`: 2 per volunteer pass (watchlist and filler gallery) plus the crowd. */
export function simulatedSearches(sim: Pick<SimulationSettings, 'volunteers' | 'passesPerVolunteer' | 'crowdSearches'>): number {
  return 2 * sim.volunteers * sim.passesPerVolunteer + sim.crowdSearches;
}

/**
 * Problems with the overall size of `sim` (empty when it fits); `path` names where the block is (`simulation`).
 * @example simulationSizeProblems({ ...sim, crowdSearches: 1e12 }, 'simulation') // one problem: too many searches
 */
export function simulationSizeProblems(sim: Pick<SimulationSettings, 'volunteers' | 'passesPerVolunteer' | 'crowdSearches' | 'candidatesPerSearch'>, path: string): InputProblem[] {
  const searches = simulatedSearches(sim);
  const problems: InputProblem[] = [];
  if (searches > Bounds.simSearches.max) {
    problems.push({ path, expected: `at most ${Bounds.simSearches.max.toLocaleString('en-GB')} searches in all (2 x volunteers x passesPerVolunteer + crowdSearches; ${describeBound(Bounds.simSearches)})`, got: `${searches.toLocaleString('en-GB')} searches` });
  } else if (searches * sim.candidatesPerSearch > Bounds.simCandidateRows.max) {
    problems.push({ path: `${path}.candidatesPerSearch`, expected: `at most ${Bounds.simCandidateRows.max.toLocaleString('en-GB')} candidate rows in all (searches x candidatesPerSearch)`, got: `${(searches * sim.candidatesPerSearch).toLocaleString('en-GB')} rows` });
  }
  return problems;
}
