/**
 * Site cells: one population's searches at one threshold, grouped by site, demographic category and volunteer, with
 * how many had the error (a missed match, a false alert). What the stratified tests count.
 */
import type { Dimension } from '../campaign/dimension.ts';
import { decidingScore } from '../metrics/threshold-bins.ts';
import type { SearchesData } from '../store/read-searches.ts';

/** One (site, category, cluster) cell: trials (searches) and errors. */
export interface SiteCell {
  site: number;
  /** Category index of the dimension. */
  group: number;
  /** The volunteer (subject code), or a negative number unique to the search when it has no subject. */
  cluster: number;
  trials: number;
  errors: number;
}

/** Which searches, grouped how, counted at which threshold. */
export interface SiteCellQuery {
  /** 'mated', or the source of non-mated searches. */
  population: string;
  dimension: Dimension;
  /** Threshold as the scores compare with it (see thresholdCuts). */
  cut: number;
  rank: number;
  /** Site index of each search row (-1: left out). */
  siteOfRow: Int32Array;
}

/**
 * Counts the cells of `q` over `searches`. A mated search errs when its mate is not at rank <= `rank` with score >=
 * the threshold (a miss); a non-mated search errs when its best non-mate scores >= the threshold (a false alert).
 * Searches of unknown category are left out.
 */
export function siteCells(searches: SearchesData, q: SiteCellQuery): SiteCell[] {
  const mated = q.population === 'mated';
  const source = searches.source.labels.indexOf(q.population);
  const cells = new Map<string, SiteCell>();
  const codes = searches.demographics[q.dimension];
  const subjects = searches.subject.codes;
  for (let i = 0; i < searches.length; i++) {
    if (mated ? searches.mated[i] !== 1 : searches.mated[i] !== 0 || searches.source.codes[i] !== source) continue;
    const group = codes[i] as number;
    const site = q.siteOfRow[i] as number;
    if (group < 0 || site < 0) continue;
    const subject = subjects[i] as number;
    const cluster = subject >= 0 ? subject : -1 - i;
    const hit = decidingScore(searches, i, q.rank) >= q.cut;
    const key = `${site}|${group}|${cluster}`;
    let cell = cells.get(key);
    if (cell === undefined) cells.set(key, (cell = { site, group, cluster, trials: 0, errors: 0 }));
    cell.trials++;
    if (mated ? !hit : hit) cell.errors++;
  }
  return [...cells.values()];
}
