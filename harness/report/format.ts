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
