/** Keyframes: the few boxes of a pass that the manifest's place keeps, the others following by interpolation. */
import type { Box } from './pass-box.ts';

/**
 * Indexes of the boxes to keep so that linear interpolation between kept boxes is within `tolerance` pixels of every
 * box (x, y, w and h): the first and last always, and each next one as late as the tolerance allows.
 */
export function keyframes(boxes: readonly Box[], tolerance: number): number[] {
  if (boxes.length === 0) return [];
  const keep = [0];
  let start = 0;
  const fits = (a: number, b: number): boolean => {
    const p = boxes[a] as Box, q = boxes[b] as Box;
    for (let i = a + 1; i < b; i++) {
      const u = (i - a) / (b - a);
      const m = boxes[i] as Box;
      const far = (k: 'x' | 'y' | 'w' | 'h'): boolean => Math.abs(p[k] + u * (q[k] - p[k]) - m[k]) > tolerance;
      if (far('x') || far('y') || far('w') || far('h')) return false;
    }
    return true;
  };
  for (let end = 2; end < boxes.length; end++) {
    if (!fits(start, end)) { start = end - 1; keep.push(start); }
  }
  if (boxes.length > 1) keep.push(boxes.length - 1);
  return keep;
}
