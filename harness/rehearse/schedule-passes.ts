/**
 * Schedules walk-past passes onto cameras, lanes and frames: each camera's frame is split into lanes, one person
 * per lane at a time, so several people are in view at once and no two faces ever overlap; one volunteer is never
 * in two passes of a deployment at the same time.
 */
import type { Rng } from '../stats/index.ts';
import { shuffle, uniform, uniformInt } from './shuffle.ts';

/** Who walks past: a volunteer (by id) or a member of the crowd. */
export type Walker = { kind: 'volunteer'; volunteer: string } | { kind: 'crowd' };

/** A pass to place: who walks and which image shows them. */
export interface PassRequest {
  walker: Walker;
  image: string;
  /** Multiplies this pass's face gain (group lighting, rehearsal effects.groupLighting); 1 when absent. */
  gain?: number;
}

/** Visual effects of one pass. */
export interface PassEffects {
  /** Motion blur length as a share of the per-frame displacement (0 = none). */
  blur: number;
  /** Multiplies the face's brightness (1 = unchanged). */
  gain: number;
  /** A flat occluder over part of the face, or null. */
  occluder: { side: 'bottom' | 'left' | 'right'; fraction: number; grey: number } | null;
}

/** A scheduled pass: where, when (frames, inclusive), and how the face moves (far -> near). */
export interface ScheduledPass extends PassRequest {
  deployment: number;
  camera: number;
  lane: number;
  firstFrame: number;
  lastFrame: number;
  /** Head cut-out height in pixels at the first (far) and last (near) frame. */
  heightFrom: number;
  heightTo: number;
  /** Horizontal position within the lane, -1 (left) .. 1 (right), at the first and last frame. */
  laneFrom: number;
  laneTo: number;
  effects: PassEffects;
}

/** Scheduling settings (sizes in pixels, times in ms). */
export interface ScheduleSettings {
  deployments: number;
  cameras: number;
  lanes: number;
  fps: number;
  passDurationMs: { min: number; max: number };
  gapMs: { min: number; max: number };
  faceHeightPx: { min: number; max: number };
  effects: { motionBlur: number; lighting: number; occlusion: number };
}

/** One camera's schedule: its passes and its length in frames. */
export interface CameraSchedule { deployment: number; camera: number; frames: number; passes: ScheduledPass[] }

/**
 * Places `requests` (in a seeded random order, spread evenly over deployments x cameras) into lanes.
 * Returns one schedule per camera, deployment-major, each with its passes sorted by first frame.
 * @throws RangeError when a setting is out of range (no lanes, a pass shorter than two frames).
 * @example schedulePasses([{ walker: { kind: 'crowd' }, image: 'a.jpg' }], settings, createRng(1, 2))
 */
export function schedulePasses(requests: readonly PassRequest[], s: ScheduleSettings, rng: Rng): CameraSchedule[] {
  if (s.lanes < 1) throw new RangeError(`lanes must be >= 1, got ${s.lanes}`);
  const toFrames = (ms: number): number => Math.round((ms * s.fps) / 1000);
  if (toFrames(s.passDurationMs.min) < 1) throw new RangeError(`passDurationMs.min ${s.passDurationMs.min} ms is under one frame at ${s.fps} fps`);
  const slots = s.deployments * s.cameras;
  const order = shuffle(requests, rng);
  const cameras: CameraSchedule[] = [];
  const laneFree: number[][] = [];
  for (let d = 0; d < s.deployments; d++) {
    for (let c = 0; c < s.cameras; c++) {
      cameras.push({ deployment: d, camera: c, frames: 0, passes: [] });
      laneFree.push(Array.from({ length: s.lanes }, () => uniformInt(rng, 0, toFrames(s.gapMs.max + s.passDurationMs.max / 2))));
    }
  }
  // frames a volunteer is busy, per deployment: [first, last] with a one-second margin around each pass
  const busy = new Map<string, [number, number][]>();
  const margin = s.fps;
  order.forEach((req, k) => {
    const slot = k % slots;
    const cam = cameras[slot] as CameraSchedule;
    const free = laneFree[slot] as number[];
    let lane = 0;
    for (let l = 1; l < free.length; l++) if ((free[l] as number) < (free[lane] as number)) lane = l;
    const length = toFrames(uniform(rng, s.passDurationMs.min, s.passDurationMs.max)) + 1;
    let first = (free[lane] as number) + toFrames(uniform(rng, s.gapMs.min, s.gapMs.max));
    if (req.walker.kind === 'volunteer') {
      const key = `${req.walker.volunteer}\u0000${cam.deployment}`;
      const mine = busy.get(key) ?? [];
      let moved = true;
      while (moved) {
        moved = false;
        for (const [a, b] of mine) {
          if (first <= b + margin && first + length - 1 >= a - margin) { first = b + margin + 1; moved = true; }
        }
      }
      mine.push([first, first + length - 1]);
      busy.set(key, mine);
    }
    const last = first + length - 1;
    free[lane] = last + 1;
    const h1 = uniform(rng, s.faceHeightPx.max * 0.85, s.faceHeightPx.max);
    const h0 = uniform(rng, s.faceHeightPx.min, Math.min(h1, s.faceHeightPx.min * 1.2));
    const blur = rng.next() < s.effects.motionBlur ? uniform(rng, 0.5, 1) : 0;
    const gain = s.effects.lighting > 0 ? uniform(rng, 1 - s.effects.lighting, 1 + s.effects.lighting) : 1;
    const occluded = rng.next() < s.effects.occlusion;
    const sides = ['bottom', 'left', 'right'] as const;
    const occluder = occluded
      ? { side: sides[Math.floor(rng.next() * 3)] ?? 'bottom', fraction: uniform(rng, 0.2, 0.35), grey: uniformInt(rng, 20, 90) }
      : null;
    cam.passes.push({
      ...req, deployment: cam.deployment, camera: cam.camera, lane, firstFrame: first, lastFrame: last,
      heightFrom: h0, heightTo: h1, laneFrom: uniform(rng, -0.6, 0.6), laneTo: uniform(rng, -1, 1),
      effects: { blur, gain: gain * (req.gain ?? 1), occluder },
    });
    cam.frames = Math.max(cam.frames, last + 1 + Math.ceil(s.fps / 2));
  });
  for (const cam of cameras) cam.passes.sort((a, b) => a.firstFrame - b.firstFrame || a.lane - b.lane);
  return cameras;
}
