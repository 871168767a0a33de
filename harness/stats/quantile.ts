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
  return interpolate(values, h, n - 1);
}

/**
 * The p1- and p2-quantiles of `values` (R's type 7, as quantileInPlace, to the bit), ignoring NaN, in one call: the
 * values are screened for NaN once, and the higher order statistic is selected only among the values above the lower
 * one (the k-th order statistic is one number however it is found, so the results are those of two quantileInPlace
 * calls). Reorders `values` in place. Used for the two ends of a bootstrap interval.
 * @throws RangeError when p1 or p2 is outside [0, 1] or no value is defined.
 * @example quantilePairInPlace(Float64Array.of(4, 1, 3, 2), 0.25, 0.75) // [1.75, 3.25]
 */
export function quantilePairInPlace(values: Float64Array, p1: number, p2: number, length = values.length): [number, number] {
  checkP(p1);
  checkP(p2);
  const n = definedFirst(values, length);
  const h1 = (n - 1) * p1;
  const h2 = (n - 1) * p2;
  const low = Math.floor(Math.min(h1, h2));
  const high = Math.floor(Math.max(h1, h2));
  select(values, n, low);
  // everything from low + 1 on is >= values[low]: the high-th order statistic is among them
  if (high > low) selectRange(values, low + 1, n - 1, high);
  // the order statistic after low is the minimum of (low, high] once high is in place (the values after it are larger)
  const q = (h: number): number => interpolate(values, h, Math.floor(h) === low && high > low ? high : n - 1);
  return [q(h1), q(h2)];
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
 * Type-7 interpolation at h = (n - 1) p once x[floor(h)] is selected: between it and the next order statistic, the
 * minimum of x(floor(h)..last], where nothing after `last` is smaller.
 */
function interpolate(x: Float64Array, h: number, last: number): number {
  const lo = Math.floor(h);
  const a = x[lo] as number;
  if (h === lo) return a;
  let b = Infinity;
  for (let i = lo + 1; i <= last; i++) if ((x[i] as number) < b) b = x[i] as number;
  return a + (h - lo) * (b - a);
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
