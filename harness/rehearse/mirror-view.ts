/**
 * A second camera whose view overlaps the first: it films the same scene (the same people at the same times) seen
 * mirrored left to right, so the same walker appears in the other outer lane, with the face and any side occluder
 * flipped. Each camera's passes are their own searches.
 */
import type { CameraSchedule, ScheduledPass } from './schedule-passes.ts';
import type { Sprite, SpriteLevel } from './sprite.ts';

/** `scene` as filmed by camera index `camera` from the mirrored side (`lanes` per frame). */
export function mirrorView(scene: CameraSchedule, camera: number, lanes: number): CameraSchedule {
  const flip = (p: ScheduledPass): ScheduledPass => {
    const occ = p.effects.occluder;
    const side = occ === null ? null : occ.side === 'left' ? 'right' : occ.side === 'right' ? 'left' : 'bottom';
    return {
      ...p, camera, lane: lanes - 1 - p.lane, laneFrom: -p.laneFrom, laneTo: -p.laneTo,
      effects: { ...p.effects, occluder: occ === null || side === null ? null : { ...occ, side } },
    };
  };
  return { ...scene, camera, passes: scene.passes.map(flip) };
}

/** The two cameras (indexes 2k and 2k + 1) that film scene k: the first as scheduled, the second mirrored. */
export function overlappingPair(scene: CameraSchedule, lanes: number): [CameraSchedule, CameraSchedule] {
  const camera = 2 * scene.camera;
  return [{ ...scene, camera, passes: scene.passes.map((p) => ({ ...p, camera })) }, mirrorView(scene, camera + 1, lanes)];
}

/** `sprite` flipped left to right (every level). */
export function mirrorSprite(sprite: Sprite): Sprite {
  const flipLevel = (l: SpriteLevel): SpriteLevel => {
    const data = new Uint8Array(l.data.length);
    for (let y = 0; y < l.height; y++) {
      for (let x = 0; x < l.width; x++) {
        const s = (y * l.width + x) * 3, d = (y * l.width + (l.width - 1 - x)) * 3;
        data[d] = l.data[s] ?? 0; data[d + 1] = l.data[s + 1] ?? 0; data[d + 2] = l.data[s + 2] ?? 0;
      }
    }
    return { width: l.width, height: l.height, data };
  };
  return { aspect: sprite.aspect, levels: sprite.levels.map(flipLevel) };
}
