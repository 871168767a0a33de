/** Number formats for people: percentages, "1 in N", counts with thousands separators. */

/** 0.8912 -> "89.1%"; digits after the point adapt so that small rates stay readable (0.00017 -> "0.017%"). */
export function percent(p: number | null): string {
  if (p === null) return 'n/a';
  if (p === 0) return '0%';
  const pct = p * 100;
  const digits = pct >= 10 ? 1 : pct >= 1 ? 2 : Math.min(6, 1 - Math.floor(Math.log10(pct)) + 1);
  return `${pct.toFixed(digits)}%`;
}

/** 12345.6 -> "12,346". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** An "1 in N" phrase for a rate; "none observed" for 0. */
export function oneIn(rate: number | null): string {
  if (rate === null) return 'n/a';
  if (rate === 0) return 'none observed';
  return `1 in ${count(1 / rate)}`;
}

/** A threshold shown with two decimals (0.6 -> "0.60"). */
export function threshold(t: number): string {
  return t.toFixed(2);
}

/** A share as a percentage with a fixed number of decimals (0.891 -> "89.1%"). */
export function percentFixed(p: number, digits = 1): string {
  return `${(100 * p).toFixed(digits)}%`;
}

/** A p-value for a sentence: "p < 0.001" or "p = 0.042". */
export function pValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** A number with `digits` significant digits for tables ("n/a" when missing or not finite; exponent form below 1e-4). */
export function significant(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  return Math.abs(x) < 1e-4 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

/** A p-value for a table cell: four decimals, "&lt; 0.0001" below (HTML), "n/a" when missing. */
export function pValueCell(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.0001 ? '&lt; 0.0001' : p.toFixed(4);
}

/** Rates at or above this share are said as a percentage ("2.5%"), below it as "about 1 in N" (issue: no "1 in 1"). */
export const PERCENT_FROM = 0.02;

/** `x` rounded to two significant figures (5,134,726 -> 5,100,000; 13 -> 13). */
export function twoSignificant(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(2));
}

/** "1 in N" with N rounded to two significant figures (the estimate's own digits say nothing a reader can use). */
export function oneInRounded(rate: number): string {
  return `1 in ${twoSignificant(1 / rate).toLocaleString('en-GB')}`;
}

/**
 * An error rate for people: a percentage from PERCENT_FROM up, "about 1 in N" (two significant figures) below,
 * and, when nothing was observed, "none observed (fewer than 1 in N, 95% confidence)" from the interval's upper
 * bound (N rounded down, so the bound is never overstated). `level` is the confidence level in percent.
 * @example alertRate(1 / 5_134_726, 6e-7, 95) // "about 1 in 5,100,000"
 */
export function alertRate(estimate: number | null, upper: number | null, level: number): string {
  if (estimate === null) return 'n/a';
  if (estimate === 0) return upper === null || upper <= 0 ? 'none observed' : `none observed (fewer than ${fewerThanOneIn(upper)}, ${level}% confidence)`;
  if (estimate >= PERCENT_FROM) return percent(estimate);
  return `about ${oneInRounded(estimate)}`;
}

/** The "1 in N" of an upper bound, N rounded down to two significant figures; a percentage from PERCENT_FROM up. */
export function fewerThanOneIn(upper: number): string {
  if (upper >= PERCENT_FROM) return percent(upper);
  const n = 1 / upper;
  const digits = Math.max(0, Math.floor(Math.log10(n)) - 1);
  const down = Math.floor(n / 10 ** digits) * 10 ** digits;
  return `1 in ${down.toLocaleString('en-GB')}`;
}

/**
 * An interval of an error rate in the same words as `alertRate` gives its estimate: percentages when the estimate
 * is said as one, otherwise "1 in N to 1 in M" (rarer first), each end to two significant figures.
 * @example alertInterval(0.00012, 1.5e-5, 4.7e-4) // "1 in 67,000 to 1 in 2,100"
 */
export function alertInterval(estimate: number | null, lower: number, upper: number): string {
  if (estimate !== null && estimate >= PERCENT_FROM) return `${percent(lower)} to ${percent(upper)}`;
  const end = (r: number): string => (r <= 0 ? 'none' : r >= 1 ? 'every search' : oneInRounded(r));
  return `${end(lower)} to ${end(upper)}`;
}
