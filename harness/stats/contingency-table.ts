/** A contingency table of counts (rows x columns) and the checks every test on one makes. */

/** Counts, row by row: table[i][j]. For comparisons of a rate, rows are groups and columns are (hits, misses). */
export type ContingencyTable = readonly (readonly number[])[];

/** Margins of a checked table. */
export interface TableMargins {
  rowSums: number[];
  colSums: number[];
  total: number;
}

/**
 * Checks a table and returns its margins.
 * @throws RangeError naming `fn` and the offending cell or margin: a negative or fractional count, fewer than two
 * rows (groups) or columns, ragged rows, an empty row or column (an empty group, or an outcome nobody had).
 */
export function checkTable(table: ContingencyTable, fn: string): TableMargins {
  if (table.length < 2) throw new RangeError(`${fn}: need at least two rows (groups), got ${table.length}`);
  const c = table[0]?.length ?? 0;
  if (c < 2) throw new RangeError(`${fn}: need at least two columns, got ${c}`);
  const rowSums: number[] = [];
  const colSums = new Array<number>(c).fill(0);
  table.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`${fn}: row ${i} has ${row.length} cells, expected ${c}`);
    let s = 0;
    row.forEach((x, j) => {
      if (!Number.isInteger(x) || x < 0) throw new RangeError(`${fn}: count [${i}][${j}] must be a whole number >= 0, got ${x}`);
      s += x;
      colSums[j] = (colSums[j] as number) + x;
    });
    if (s === 0) throw new RangeError(`${fn}: row ${i} is empty (an empty group): all its counts are 0`);
    rowSums.push(s);
  });
  colSums.forEach((s, j) => {
    if (s === 0) throw new RangeError(`${fn}: column ${j} is empty: all its counts are 0, so there is nothing to compare`);
  });
  return { rowSums, colSums, total: rowSums.reduce((a, b) => a + b, 0) };
}

/** The 2 x G table of a rate across G groups: row g = [hits_g, n_g - hits_g]. @throws RangeError as checkBinomialArgs. */
export function rateTable(hits: readonly number[], n: readonly number[]): number[][] {
  if (hits.length !== n.length) throw new RangeError(`rateTable: ${hits.length} hit counts for ${n.length} groups`);
  return hits.map((k, g) => {
    const m = n[g] as number;
    if (!Number.isInteger(m) || m < 0) throw new RangeError(`rateTable: group ${g}: n must be a whole number >= 0, got ${m}`);
    if (!Number.isInteger(k) || k < 0 || k > m) throw new RangeError(`rateTable: group ${g}: hits must be a whole number in 0..n=${m}, got ${k}`);
    return [k, m - k];
  });
}
