/** Sample quantiles by selection (no full sort), as R's default type 7. */

/**
 * The p-quantile of `values` by R's default definition (type 7: linear interpolation between order statistics
 * x[floor(h)] and x[ceil(h)], h = (n - 1) p), ignoring NaN. Reorders `values` in place (Floyd-Rivest
 * selection, O(n)). Reference: Hyndman & Fan, Am. Stat. 50 (1996) 361-365.
 * @throws RangeError when p is outside [0, 1] or no value is defined.
 * @example quantileInPlace(Float64Array.of(3, 1, 2), 0.5) // 2
 */
export function quantileInPlace(values: Float64Array, p: number, length = values.length): number {
  checkP(p);
  const n = definedFirst(values, length);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  select(values, n, lo);
  return interpolate(values, lo, h - lo, n - 1);
}

/**
 * The p1- and p2-quantiles of `values` (R's type 7, as quantileInPlace, to the bit), ignoring NaN, in one call, for
 * the two ends of an interval: the values are screened for NaN once; when one end is in the lower tail and the other
 * in the upper (p within 0.1 of 0 and of 1), both are selected among the few values beyond two cuts placed from a
 * sample, found in one pass (tailQuantiles); otherwise the higher order statistic is selected only among the values
 * above the lower one. The k-th order statistic is one number however it is found, so the results are those of two
 * quantileInPlace calls. May reorder `values` in place.
 * @throws RangeError when p1 or p2 is outside [0, 1] or no value is defined.
 * @example quantilePairInPlace(Float64Array.of(4, 1, 3, 2), 0.25, 0.75) // [1.75, 3.25]
 */
export function quantilePairInPlace(values: Float64Array, p1: number, p2: number, length = values.length): [number, number] {
  checkP(p1);
  checkP(p2);
  const n = definedFirst(values, length);
  const h1 = (n - 1) * p1;
  const h2 = (n - 1) * p2;
  const tails = h1 <= h2 ? tailQuantiles(values, n, h1, h2) : tailQuantiles(values, n, h2, h1)?.reverse();
  if (tails !== undefined) return [tails[0] as number, tails[1] as number];
  const low = Math.floor(Math.min(h1, h2));
  const high = Math.floor(Math.max(h1, h2));
  select(values, n, low);
  // everything from low + 1 on is >= values[low]: the high-th order statistic is among them
  if (high > low) selectRange(values, low + 1, n - 1, high);
  // the order statistic after low is the minimum of (low, high] once high is in place (the values after it are larger)
  const q = (h: number): number => {
    const lo = Math.floor(h);
    return interpolate(values, lo, h - lo, lo === low && high > low ? high : n - 1);
  };
  return [q(h1), q(h2)];
}

/** Size of the strided sample that places the tails' cuts (tailQuantiles). */
const TAIL_SAMPLE = 64;
/** Deepest tail, as a share of the values, that tailQuantiles selects in. */
const MAX_TAIL_SHARE = 0.1;
const sample = new Float64Array(TAIL_SAMPLE);
/** The values beyond each cut, copied (grown as needed; a thread runs one selection at a time). */
let below = new Float64Array(0);
let above = new Float64Array(0);

/**
 * The type-7 quantiles at h = (n - 1) p of x[0..n) (no NaN) for a low p (hLow) and a high p (hHigh), each selected
 * among the values beyond a cut: below the lower cut, above the upper one, both copied out in one pass. A cut is a
 * value of a sorted strided sample of 64, placed three standard deviations beyond the expected place of the order
 * statistics needed (floor(h), and the next one to interpolate). Those are the same order statistics in a tail as in
 * the whole array, since a tail holds all the values beyond its cut, so the quantiles are the same to the bit. Returns
 * undefined, for the caller to select in the whole array, when the array is short, when either end is not in its tail
 * (deeper than a tenth of the values), or when fewer values than needed lie beyond a cut (ties at the cut, an unlucky
 * sample). Reads x only.
 */
function tailQuantiles(x: Float64Array, n: number, hLow: number, hHigh: number): number[] | undefined {
  if (n < 4 * TAIL_SAMPLE) return undefined;
  const loL = Math.floor(hLow);
  const loH = Math.floor(hHigh);
  // how many values each tail must hold: ranks 0..loL (and loL + 1 to interpolate) below, loH..n-1 above
  const depthL = loL + (hLow === loL ? 1 : 2);
  const depthH = n - loH;
  const reachL = reach(depthL / n);
  const reachH = reach(depthH / n);
  if (reachL === undefined || reachH === undefined) return undefined;
  for (let j = 0; j < TAIL_SAMPLE; j++) sample[j] = x[Math.floor(((j + 0.5) * n) / TAIL_SAMPLE)] as number;
  sample.sort();
  const cutL = sample[reachL] as number;
  const cutH = sample[TAIL_SAMPLE - 1 - reachH] as number;
  if (below.length < n) {
    below = new Float64Array(n);
    above = new Float64Array(n);
  }
  let mL = 0;
  let mH = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v < cutL) below[mL++] = v;
    else if (v > cutH) above[mH++] = v;
  }
  if (mL < depthL || mH < depthH) return undefined;
  // the rank of x_(lo) in its tail: the same below; above, less the n - mH smaller values left out
  const kH = loH - (n - mH);
  selectRange(below, 0, mL - 1, loL);
  selectRange(above, 0, mH - 1, kH);
  return [interpolate(below, loL, hLow - loL, mL - 1), interpolate(above, kH, hHigh - loH, mH - 1)];
}

/** The sample index, counted from a tail's end, that leaves a tail holding `share` of the values with room; undefined when too deep. */
function reach(share: number): number | undefined {
  if (share > MAX_TAIL_SHARE) return undefined;
  return Math.ceil(share * TAIL_SAMPLE + 3 * Math.sqrt(share * (1 - share) * TAIL_SAMPLE)) + 1;
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
}

/** Moves the defined values of values[0..length) to the front, in order, and returns how many there are (at least one). */
function definedFirst(values: Float64Array, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i] as number;
    if (v === v) values[n++] = v;
  }
  if (n === 0) throw new RangeError('quantile: no defined values (all NaN or none)');
  return n;
}

/**
 * Type-7 interpolation once x[lo] holds the order statistic floor(h) (frac = h - floor(h)): between it and the next
 * order statistic, the minimum of x(lo..last], where nothing after `last` is smaller.
 */
function interpolate(x: Float64Array, lo: number, frac: number, last: number): number {
  const a = x[lo] as number;
  if (frac === 0) return a;
  let b = Infinity;
  for (let i = lo + 1; i <= last; i++) if ((x[i] as number) < b) b = x[i] as number;
  return a + frac * (b - a);
}

/**
 * Puts the k-th smallest of values[0..n) at index k (everything before is <=, after is >=) and returns it.
 * Floyd & Rivest's SELECT (CACM 18 (1975) 165-172, Algorithm 489): on a long range, a sample around the expected
 * place of the k-th value is selected first, so that its value splits the range close to k and each pass discards
 * most of the range (about n + o(n) comparisons instead of quickselect's ~3.4 n). The k-th value is the same either way.
 */
function select(x: Float64Array, n: number, k: number): number {
  selectRange(x, 0, n - 1, k);
  return x[k] as number;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i] as number;
  x[i] = x[j] as number;
  x[j] = t;
}

function selectRange(x: Float64Array, from: number, to: number, k: number): void {
  let left = from;
  let right = to;
  while (right > left) {
    if (right - left > 600) {
      // select within a sample range [k - i s / m + sd, k + (m - i) s / m + sd] first, s ~ m^(2/3)
      const m = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(m);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (m - s)) / m) * (i < m / 2 ? -1 : 1);
      selectRange(x, Math.max(left, Math.floor(k - (i * s) / m + sd)), Math.min(right, Math.floor(k + ((m - i) * s) / m + sd)), k);
    }
    // partition [left, right] around t = x[k]
    const t = x[k] as number;
    let i = left;
    let j = right;
    swap(x, left, k);
    if ((x[right] as number) > t) swap(x, right, left);
    while (i < j) {
      swap(x, i, j);
      i++;
      j--;
      while ((x[i] as number) < t) i++;
      while ((x[j] as number) > t) j--;
    }
    if (x[left] === t) swap(x, left, j);
    else {
      j++;
      swap(x, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}
