/** Failure to acquire by group: passes that yielded no candidate at all (no face captured, or nothing returned). */
import { clopperPearson } from '../stats/clopper-pearson.ts';
import { wilson } from '../stats/wilson.ts';
import { groupsOfSearch, type GroupLayout } from '../metrics/groups.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { Acquisition } from './results-schema.ts';

/**
 * Rows of searches with no candidate among mated searches (population `mated`), by group. Such searches are also
 * misses in FNIR; this reports them on their own, since capture failures are a large share of errors in the field.
 */
export function failureToAcquire(searches: SearchesData, layout: GroupLayout, level: number): Acquisition[] {
  const G = layout.groups.length;
  const n = new Int32Array(G);
  const k = new Int32Array(G);
  const idx = new Int32Array(5);
  const { sex, ethnicity, ageBand } = searches.demographics;
  for (let i = 0; i < searches.length; i++) {
    if (searches.mated[i] !== 1) continue;
    const none = searches.mateRank[i] === 0 && Number.isNaN(searches.topNonmateScore[i]);
    const count = groupsOfSearch(layout, sex[i] as number, ethnicity[i] as number, ageBand[i] as number, idx);
    for (let j = 0; j < count; j++) {
      const g = idx[j] as number;
      (n[g] as number)++;
      if (none) (k[g] as number)++;
    }
  }
  return layout.groups.flatMap((group, g) => {
    const total = n[g] as number;
    const hits = k[g] as number;
    if (total === 0) return [];
    return [{ population: 'mated', group: group.id, k: hits, n: total, estimate: hits / total,
      intervals: { 'clopper-pearson': clopperPearson(hits, total, level), wilson: wilson(hits, total, level) } }];
  });
}
