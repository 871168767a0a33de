/** Sample quantiles by selection (no full sort), as R's default type 7. */

/**
 * The p-quantile of `values` by R's default definition (type 7: linear interpolation between order statistics
 * x[floor(h)] and x[ceil(h)], h = (n - 1) p), ignoring NaN. Reorders `values` in place (Floyd-Rivest style
 * quickselect, O(n)). Reference: Hyndman & Fan, Am. Stat. 50 (1996) 361-365.
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

/** Puts the k-th smallest of values[0..n) at index k (everything before is <=, after is >=) and returns it. */
function select(x: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    const pivot = x[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((x[i] as number) < pivot) i++;
      while ((x[j] as number) > pivot) j--;
      if (i <= j) {
        const t = x[i] as number;
        x[i] = x[j] as number;
        x[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return x[k] as number;
}
