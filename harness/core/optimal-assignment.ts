/**
 * Optimal assignment: the minimum-cost one-to-one matching of rows to columns over a sparse set of allowed pairs,
 * where a row may also stay unmatched at a cost of its own (Kuhn 1955; Munkres 1957, via the `munkres` package).
 * The allowed pairs split into connected components, each solved on its own, so long footage with many tracks and
 * passes stays fast when only concurrent ones can pair.
 */
import { munkres } from 'munkres';

/** A pair that may be matched, and its cost. */
export interface AllowedPair {
  row: number;
  col: number;
  cost: number;
}

/**
 * Matches each of `rows` rows to at most one of `cols` columns (and each column to at most one row), minimising the
 * total cost: the cost of every matched pair plus `unmatchedCost(row)` for every row left unmatched. Only pairs in
 * `pairs` can be matched (a pair listed twice keeps its lowest cost). Among matchings of equal total cost the one
 * returned is fixed by the inputs' order (callers that need a documented tie rule put it into the costs).
 * Returns, for each row, its column or -1.
 * @throws RangeError for a pair outside the rows or columns, or a cost that is not finite.
 * @example optimalAssignment(2, 2, [{ row: 0, col: 0, cost: 1 }, { row: 0, col: 1, cost: 0 }, { row: 1, col: 1, cost: 0 }], () => 5) // [0, 1]
 */
export function optimalAssignment(rows: number, cols: number, pairs: readonly AllowedPair[], unmatchedCost: (row: number) => number): Int32Array {
  const colOfRow = new Int32Array(rows).fill(-1);
  const best = new Map<number, number>(); // row * cols + col -> cost
  for (const p of pairs) {
    if (!(p.row >= 0 && p.row < rows && p.col >= 0 && p.col < cols) || !Number.isInteger(p.row) || !Number.isInteger(p.col)) {
      throw new RangeError(`pair (${p.row}, ${p.col}) outside ${rows} rows x ${cols} columns`);
    }
    if (!Number.isFinite(p.cost)) throw new RangeError(`pair (${p.row}, ${p.col}) has cost ${p.cost}`);
    const key = p.row * cols + p.col;
    const prev = best.get(key);
    if (prev === undefined || p.cost < prev) best.set(key, p.cost);
  }
  // Connected components of rows and columns (columns numbered after rows), by union-find.
  const parent = Int32Array.from({ length: rows + cols }, (_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) { const next = parent[x] as number; parent[x] = r; x = next; }
    return r;
  };
  for (const key of best.keys()) {
    const a = find(Math.floor(key / cols));
    const b = find(rows + (key % cols));
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const members = new Map<number, { rows: number[]; cols: number[] }>();
  const groupOf = (x: number): { rows: number[]; cols: number[] } => {
    const r = find(x);
    let g = members.get(r);
    if (g === undefined) members.set(r, (g = { rows: [], cols: [] }));
    return g;
  };
  for (let r = 0; r < rows; r++) groupOf(r).rows.push(r);
  for (let c = 0; c < cols; c++) groupOf(rows + c).cols.push(c);
  for (const g of members.values()) {
    if (g.rows.length === 0 || g.cols.length === 0) continue;
    // Rows x (columns + one "unmatched" column per row): a row's own unmatched column costs unmatchedCost(row).
    const nc = g.cols.length + g.rows.length;
    const matrix = g.rows.map((r, i) => {
      const line = new Array<number>(nc).fill(Infinity);
      g.cols.forEach((c, j) => { line[j] = best.get(r * cols + c) ?? Infinity; });
      const own = unmatchedCost(r);
      if (!Number.isFinite(own)) throw new RangeError(`row ${r} has unmatched cost ${own}`);
      line[g.cols.length + i] = own;
      return line;
    });
    for (const [i, j] of munkres(matrix)) {
      const r = g.rows[i];
      const c = g.cols[j];
      if (r !== undefined && c !== undefined && Number.isFinite(matrix[i]?.[j] ?? Infinity)) colOfRow[r] = c;
    }
  }
  return colOfRow;
}
