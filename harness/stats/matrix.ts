/** Small dense symmetric matrix helpers (row-major Float64Array) for regression: inverse by Gauss-Jordan. */

/**
 * Inverse of a p x p matrix (row-major) by Gauss-Jordan elimination with partial pivoting.
 * Reference: Golub & Van Loan, Matrix Computations, 4th ed. (2013) §3.4.
 * @throws RangeError when the matrix is singular to working precision.
 * @example invert(Float64Array.of(2, 0, 0, 4), 2) // [0.5, 0, 0, 0.25]
 */
export function invert(m: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r * p + col] as number) > Math.abs(a[piv * p + col] as number)) piv = r;
    const pv = a[piv * p + col] as number;
    if (!(Math.abs(pv) > scale * 1e-14)) throw new RangeError(`invert: matrix is singular (pivot ${pv} in column ${col})`);
    if (piv !== col) {
      for (let k = 0; k < p; k++) {
        swap(a, piv * p + k, col * p + k);
        swap(inv, piv * p + k, col * p + k);
      }
    }
    for (let k = 0; k < p; k++) {
      a[col * p + k] = (a[col * p + k] as number) / pv;
      inv[col * p + k] = (inv[col * p + k] as number) / pv;
    }
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r * p + col] as number;
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        a[r * p + k] = (a[r * p + k] as number) - f * (a[col * p + k] as number);
        inv[r * p + k] = (inv[r * p + k] as number) - f * (inv[col * p + k] as number);
      }
    }
  }
  return inv;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i] as number;
  x[i] = x[j] as number;
  x[j] = t;
}

/**
 * Inverse of a symmetric positive (semi)definite p x p matrix, scaled by its diagonal first so that badly scaled
 * rows (a nearly empty cell of a regression) do not look singular. Zero diagonal entries are left unscaled.
 * Method: symmetric diagonal equilibration, then Gauss-Jordan. Reference: Golub & Van Loan (2013) §3.5.2.
 * @throws RangeError when the scaled matrix is singular.
 */
export function invertSymmetric(m: Float64Array, p: number): Float64Array {
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const v = m[i * p + i] as number;
    d[i] = v > 0 ? 1 / Math.sqrt(v) : 1;
  }
  const scaled = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) scaled[i * p + j] = (m[i * p + j] as number) * (d[i] as number) * (d[j] as number);
  const inv = invert(scaled, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) inv[i * p + j] = (inv[i * p + j] as number) * (d[i] as number) * (d[j] as number);
  return inv;
}
