/**
 * Condition bins: each search's bin of every capture condition the searches carry (the protocol's bins, or the
 * defaults), and of its camera and deployment, checked so that every measured value falls in a bin.
 */
import { CONDITIONS, Condition, conditionBin, type ConditionSettings, type ModelCondition } from '../campaign/condition.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { ConditionBins } from './results-schema.ts';

/** One condition's bins and each search's bin (-1 = not measured). */
export interface BinnedCondition {
  condition: ModelCondition;
  /** Bin per search, -1 when not measured. */
  codes: Int32Array;
  /** How the bins were made, as results.json carries it. */
  bins: ConditionBins;
}

const MAX_PROBLEMS = 20;

/**
 * Bins every measured condition present in `searches` with `settings.bins`, then camera and deployment by category.
 * @throws InputError naming the searches file, the row, its search_id and the column when a value lies outside its
 * condition's bins (the protocol's `analysis.conditions.bins` must cover every value).
 */
export function binConditions(searches: SearchesData, settings: ConditionSettings): BinnedCondition[] {
  const out: BinnedCondition[] = [];
  const problems: InputProblem[] = [];
  for (const c of CONDITIONS) {
    const values = searches.conditions[c];
    if (values === undefined) continue;
    const edges = settings.bins[c];
    const codes = new Int32Array(searches.length).fill(-1);
    let measured = 0;
    for (let i = 0; i < searches.length; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      measured++;
      const b = conditionBin(edges, v);
      if (b < 0 && problems.length < MAX_PROBLEMS) {
        problems.push({
          path: `row ${i} (search_id ${show(searches.searchIds.text(i))}): ${Condition[c].column}`,
          expected: `a value within the bins of analysis.conditions.bins.${c} (${edges[0]} to ${edges[edges.length - 1]}; widen them in the protocol)`,
          got: String(v),
        });
      }
      codes[i] = b;
    }
    out.push({
      condition: c, codes,
      bins: { condition: c, column: Condition[c].column, measured, bins: edges.slice(0, -1).map((lower, b) => ({ id: `${lower}..${edges[b + 1]}`, lower, upper: edges[b + 1] ?? null })) },
    });
  }
  if (problems.length > 0) throw new InputError(searches.file, problems);
  for (const [condition, col] of [['camera', searches.camera], ['deployment', searches.deployment]] as const) {
    const colCodes = col.codes;
    let measured = 0;
    for (let i = 0; i < searches.length; i++) if ((colCodes[i] as number) >= 0) measured++;
    if (measured === 0) continue;
    out.push({ condition, codes: Int32Array.from(colCodes), bins: { condition, column: condition, measured, bins: col.labels.map((id) => ({ id, lower: null, upper: null })) } });
  }
  return out;
}
