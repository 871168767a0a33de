/**
 * Checks of a manifest's places: overlapping-view groups name cameras of their deployment, a camera's zone of interest
 * lies in its frame, and every pass's zone or boxes lie in its camera's frame, with boxes in time order within the pass.
 */
import { show, type InputProblem } from '../core/input-error.ts';
import type { Camera, ManifestParsed, Place } from './manifest-schema.ts';

/** Twice the signed area of a polygon (shoelace formula). */
function doubledArea(polygon: readonly (readonly [number, number])[]): number {
  let a = 0;
  polygon.forEach(([x0, y0], i) => {
    const [x1, y1] = polygon[(i + 1) % polygon.length] ?? [x0, y0];
    a += x0 * y1 - x1 * y0;
  });
  return a;
}

/** A camera's zone of interest lies inside its frame, whose size must be given. */
function zoneProblems(c: Camera, where: string, name: string): InputProblem[] {
  const z = c.zoneOfInterest;
  if (z === undefined) return [];
  if (c.width === undefined || c.height === undefined) return [{ path: where, expected: `a zone of interest only at a camera whose frame size is given (width and height of ${name})`, got: `x ${z.x}, y ${z.y}, w ${z.w}, h ${z.h}` }];
  if (z.x + z.w > c.width || z.y + z.h > c.height) return [{ path: where, expected: `a rectangle inside the ${c.width}x${c.height} frame of ${name}`, got: `x ${z.x}, y ${z.y}, w ${z.w}, h ${z.h} (reaching ${z.x + z.w}, ${z.y + z.h})` }];
  return [];
}

/** Every problem with overlapping views, zones of interest and places in manifest `m` (empty when sound). */
export function placeProblems(m: ManifestParsed): InputProblem[] {
  const problems: InputProblem[] = [];
  const frames = new Map<string, { width?: number; height?: number }>();
  m.deployments.forEach((d, di) => {
    const ids = d.cameras.map((c) => c.id);
    for (const c of d.cameras) frames.set(`${d.id}\u0000${c.id}`, c);
    d.cameras.forEach((c, ci) => problems.push(...zoneProblems(c, `deployments[${di}].cameras[${ci}].zoneOfInterest`, `${d.id}/${c.id}`)));
    const grouped = new Set<string>();
    d.overlappingViews.forEach((group, gi) => group.forEach((cam, ci) => {
      const where = `deployments[${di}].overlappingViews[${gi}][${ci}]`;
      if (!ids.includes(cam)) problems.push({ path: where, expected: `a camera of deployment ${d.id} (${ids.join(', ')})`, got: show(cam) });
      else if (grouped.has(cam)) problems.push({ path: where, expected: 'a camera in at most one group of overlapping views', got: show(cam) });
      grouped.add(cam);
    }));
  });
  const check = (where: string, pass: { deployment: string; camera: string; tStartMs: number; tEndMs: number; place?: Place | undefined }): void => {
    const place = pass.place;
    if (place === undefined) return;
    const frame = frames.get(`${pass.deployment}\u0000${pass.camera}`);
    if (frame === undefined) return; // an unknown camera is reported by the reference checks
    const { width, height } = frame;
    if (width === undefined || height === undefined) {
      problems.push({ path: `${where}.place`, expected: `a place only at a camera whose frame size is given (width and height of ${pass.deployment}/${pass.camera})`, got: place.kind });
      return;
    }
    const size = `${width}x${height} frame of ${pass.deployment}/${pass.camera}`;
    switch (place.kind) {
      case 'zone':
        place.polygon.forEach(([x, y], k) => {
          if (!(x >= 0 && x <= width && y >= 0 && y <= height)) problems.push({ path: `${where}.place.polygon[${k}]`, expected: `a point inside the ${size}`, got: show([x, y]) });
        });
        if (Math.abs(doubledArea(place.polygon)) < 1e-9) problems.push({ path: `${where}.place.polygon`, expected: 'a polygon enclosing an area', got: 'vertices on one line' });
        return;
      case 'boxes':
        place.boxes.forEach((b, k) => {
          const at = `${where}.place.boxes[${k}]`;
          const prev = place.boxes[k - 1];
          if (prev !== undefined && b.tMs <= prev.tMs) problems.push({ path: `${at}.tMs`, expected: `boxes in time order (after boxes[${k - 1}].tMs = ${prev.tMs})`, got: String(b.tMs) });
          if (b.tMs < pass.tStartMs || b.tMs >= pass.tEndMs) problems.push({ path: `${at}.tMs`, expected: `a time within the pass (${pass.tStartMs} <= t < ${pass.tEndMs})`, got: String(b.tMs) });
          if (b.x >= width || b.y >= height || b.x + b.w <= 0 || b.y + b.h <= 0) problems.push({ path: at, expected: `a box at least partly inside the ${size}`, got: `x ${b.x}, y ${b.y}, w ${b.w}, h ${b.h}` });
        });
        return;
    }
  };
  m.passes.forEach((p, i) => check(`passes[${i}]`, p));
  m.crowdPasses.forEach((p, i) => check(`crowdPasses[${i}]`, p));
  return problems;
}
