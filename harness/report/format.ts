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
