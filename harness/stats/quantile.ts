/** Sample quantiles by selection (no full sort), as R's default type 7. */

/**
 * The p-quantile of `values` by R's default definition (type 7: linear interpolation between order statistics
 * x[floor(h)] and x[ceil(h)], h = (n - 1) p), ignoring NaN. Reorders `values` in place (Floyd-Rivest
 * selection, O(n)). Reference: Hyndman & Fan, Am. Stat. 50 (1996) 361-365.
 * @throws RangeError when p is outside [0, 1] or no value is defined.
 * @example quantileInPlace(Float64Array.of(3, 1, 2), 0.5) // 2
 */
export function quantileInPlace(values: Float64Array, p: number, length = values.length): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  // move NaN to the end
  let n = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i] as number;
    if (v === v) values[n++] = v;
  }
  if (n === 0) throw new RangeError('quantile: no defined values (all NaN or none)');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = select(values, n, lo);
  if (h === lo) return a;
  // the next order statistic is the minimum of the part above lo
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if ((values[i] as number) < b) b = values[i] as number;
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
