/** firstDifference: where two JSON values first differ, as a path, for messages such as "settings.everyMs: 80 vs 200". */

/** The first difference between `a` and `b` (JSON-like values), or null when they are equal. Keys are visited in sorted order. */
export function firstDifference(a: unknown, b: unknown, at = ''): { path: string; a: unknown; b: unknown } | null {
  if (Object.is(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], at === '' ? k : `${at}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return { path: at, a, b };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
