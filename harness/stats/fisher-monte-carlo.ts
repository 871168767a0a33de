/**
 * Fisher's exact test by Monte Carlo, fast: the same tables, drawn from the same random streams with the same
 * arithmetic as `fisherExact`'s Monte Carlo path (so the same p-value, bit for bit), with log factorials from one
 * table, the generator inlined and no function made per draw. For tests at every swept threshold.
 */
import { checkTable, type ContingencyTable } from './contingency-table.ts';
import type { FisherTest } from './fisher-exact.ts';
import { logFactorialTable } from './log-factorial.ts';

/** R's tolerance, as fisherExact: tables within a factor 1 + 1e-7 of the observed probability count as extreme. */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Monte Carlo p-value of Fisher's exact test for an r x c table: `replicates` tables drawn with the observed margins
 * (replicate b from stream b of `seed`; each column's cells drawn row by row as a chain of hypergeometric draws by
 * inversion from the mode), p = (1 + #{tables no more probable than the observed one}) / (B + 1), as R's
 * `fisher.test(simulate.p.value = TRUE)`. Equals `fisherExact(table, { maxTables: 1, replicates, seed })`.
 * Reference: Agresti, Categorical Data Analysis, 3rd ed. (2013) §3.5.3; Kachitvichyanukul & Schmeiser, J. Stat.
 * Comput. Simul. 22 (1985) 127-145 (hypergeometric inversion); Doty-Humphrey's sfc32 (harness/stats/rng.ts).
 * @throws RangeError for a table `checkTable` refuses, or replicates that are not a whole number >= 1.
 * @example fisherMonteCarlo([[3, 1], [1, 3]], 20_000, 1).pValue // about 0.486
 */
export function fisherMonteCarlo(table: ContingencyTable, replicates: number, seed: number): FisherTest {
  const checked = checkTable(table, 'fisherMonteCarlo');
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`fisherMonteCarlo: replicates must be a whole number >= 1, got ${replicates}`);
  const transpose = checked.rowSums.length > checked.colSums.length;
  const rows = transpose ? checked.colSums : checked.rowSums;
  const cols = transpose ? checked.rowSums : checked.colSums;
  const r = rows.length;
  const c = cols.length;
  const N = checked.total;
  const lf = logFactorialTable(N);
  let observed = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) observed -= lf[(transpose ? table[j]?.[i] : table[i]?.[j]) ?? 0] as number;
  }
  const limit = observed + Math.log(RELATIVE_TOLERANCE);
  const rowLeft = new Float64Array(r);
  const state = new Uint32Array(4);
  const urn: Urn = { white: 0, black: 0, draws: 0, lo: 0, hi: 0, mode: 0 };
  let asExtreme = 0;
  for (let b = 0; b < replicates; b++) {
    seedState(state, seed, b);
    for (let i = 0; i < r; i++) rowLeft[i] = rows[i] as number;
    let left = N;
    let stat = 0;
    for (let j = 0; j < c; j++) {
      let need = cols[j] as number;
      let pool = left;
      for (let i = 0; i < r; i++) {
        const white = rowLeft[i] as number;
        let x: number;
        if (i === r - 1) x = need;
        else {
          // hypergeometricSample(rng, white, pool - white, need), step for step
          const black = pool - white;
          const draws = need;
          const lo = Math.max(0, draws - black);
          const hi = Math.min(draws, white);
          if (lo === hi) x = lo;
          else {
            const total = white + black;
            const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (white + 1)) / (total + 2))));
            const logPmf = (lf[white] as number) - (lf[mode] as number) - (lf[white - mode] as number) + (lf[black] as number) - (lf[draws - mode] as number)
              - (lf[black - draws + mode] as number) - ((lf[total] as number) - (lf[draws] as number) - (lf[total - draws] as number));
            urn.white = white;
            urn.black = black;
            urn.draws = draws;
            urn.lo = lo;
            urn.hi = hi;
            urn.mode = mode;
            x = searchFromMode(nextU32(state) / 4294967296, Math.exp(logPmf), urn);
          }
        }
        pool -= white;
        need -= x;
        rowLeft[i] = white - x;
        stat -= lf[x] as number;
      }
      left -= cols[j] as number;
    }
    if (stat <= limit) asExtreme++;
  }
  const p = (1 + asExtreme) / (replicates + 1);
  return { method: 'fisher-monte-carlo', pValue: p, tables: replicates, seed, standardError: Math.sqrt((p * (1 - p)) / replicates) };
}

/** createRng(seed, stream)'s state (splitmix32 into sfc32's a, b, c; d = 1; 12 draws discarded), in `state`. */
function seedState(state: Uint32Array, seed: number, stream: number): void {
  let s = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream >>> 0) + 0x6a09e667, 0x85ebca6b)) >>> 0;
  for (let k = 0; k < 3; k++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[k] = (z ^ (z >>> 15)) >>> 0;
  }
  state[3] = 1;
  for (let k = 0; k < 12; k++) nextU32(state);
}

/** One sfc32 step of `state` (a, b, c, d): 32 random bits, as rng.ts's generator. */
function nextU32(state: Uint32Array): number {
  const a = state[0] as number;
  const b = state[1] as number;
  const c = state[2] as number;
  const d = state[3] as number;
  const t = (((a + b) >>> 0) + d) >>> 0;
  state[3] = (d + 1) >>> 0;
  state[0] = b ^ (b >>> 9);
  state[1] = (c + (c << 3)) >>> 0;
  state[2] = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
  return t;
}

/** One hypergeometric draw's urn: white and black balls, draws, the support lo..hi and its mode. */
interface Urn { white: number; black: number; draws: number; lo: number; hi: number; mode: number }

/** Inversion from the mode, alternately above and below, as sample.ts's searchFromMode with the hypergeometric ratio. */
function searchFromMode(u: number, pmfMode: number, urn: Urn): number {
  const { white, black, draws, lo, hi, mode } = urn;
  let rest = u - pmfMode;
  if (rest <= 0) return mode;
  let up = mode;
  let down = mode;
  let pUp = pmfMode;
  let pDown = pmfMode;
  for (;;) {
    const canUp = up < hi;
    const canDown = down > lo;
    if (!canUp && !canDown) return mode;
    if (canUp) {
      pUp *= ((white - up) * (draws - up)) / ((up + 1) * (black - draws + up + 1));
      up++;
      rest -= pUp;
      if (rest <= 0) return up;
    }
    if (canDown) {
      const k = down - 1;
      pDown /= ((white - k) * (draws - k)) / ((k + 1) * (black - draws + k + 1));
      down--;
      rest -= pDown;
      if (rest <= 0) return down;
    }
  }
}
