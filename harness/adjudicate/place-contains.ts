/**
 * Whether a point of a camera's frame lies in a pass's place at a time: inside the zone polygon (even-odd rule), or
 * inside the person's box interpolated linearly between the two given times around it (held before the first given
 * time and after the last).
 */
import type { Place, TimedBox } from '../campaign/manifest-schema.ts';

/** The box of a `boxes` place at `tMs`: linear between the given boxes around it, the nearest one outside them. */
export function boxAt(boxes: readonly TimedBox[], tMs: number): TimedBox {
  const first = boxes[0];
  if (first === undefined) throw new RangeError('a boxes place has at least one box');
  if (tMs <= first.tMs) return first;
  for (let i = 1; i < boxes.length; i++) {
    const b = boxes[i] as TimedBox;
    if (tMs > b.tMs) continue;
    const a = boxes[i - 1] as TimedBox;
    const u = (tMs - a.tMs) / (b.tMs - a.tMs);
    const mix = (p: number, q: number): number => p + u * (q - p);
    return { tMs, x: mix(a.x, b.x), y: mix(a.y, b.y), w: mix(a.w, b.w), h: mix(a.h, b.h) };
  }
  return boxes[boxes.length - 1] as TimedBox;
}

/** Even-odd test of point (x, y) against `polygon` (points on an edge may fall either way). */
function insidePolygon(polygon: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as readonly [number, number];
    const [xj, yj] = polygon[j] as readonly [number, number];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * True when point (x, y) of the frame is in `place` at `tMs` (boxes include their edges).
 * @example placeContains({ kind: 'zone', polygon: [[0, 0], [100, 0], [100, 480], [0, 480]] }, 0, 50, 200) // true
 */
export function placeContains(place: Place, tMs: number, x: number, y: number): boolean {
  switch (place.kind) {
    case 'zone':
      return insidePolygon(place.polygon, x, y);
    case 'boxes': {
      const b = boxAt(place.boxes, tMs);
      return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
    }
  }
}
