/**
 * Renders one camera's rehearsal footage: background frame -> scene lighting -> every pass in view drawn at its
 * box -> encoder. Returns each pass's boxes (the ground truth of where the face is) and a hash of the raw frames.
 */
import { createHash } from 'node:crypto';
import type { Background } from './background.ts';
import type { VideoEncoder } from './encode-video.ts';
import { passBox, type Box, type Stage } from './pass-box.ts';
import type { CameraSchedule, ScheduledPass } from './schedule-passes.ts';
import { drawSprite, type Sprite } from './sprite.ts';

/** Scene-wide lighting: gain 1 + amplitude * triangle(phase + frame / periodFrames), triangle in [-1, 1]. */
export interface SceneLighting { amplitude: number; phase: number; periodFrames: number }

/** The scene gain at `frame` (1 when the amplitude is 0). */
export function sceneGain(l: SceneLighting, frame: number): number {
  if (l.amplitude === 0) return 1;
  const x = l.phase + frame / l.periodFrames;
  const tri = 4 * Math.abs(x - Math.floor(x + 0.5)) - 1;
  return 1 + l.amplitude * tri;
}

/** What rendering one camera produced. */
export interface RenderedFootage {
  frames: number;
  /** sha256 of all raw RGB frames in order: equal hashes mean identical frames. */
  framesSha256: string;
  /** Boxes per pass, one per frame from firstFrame to lastFrame. */
  boxes: Map<ScheduledPass, Box[]>;
}

/**
 * Renders `schedule` over `background` (starting `skip` frames in) into `encoder`; `sprites` holds every image
 * the passes use.
 * @throws Error when a pass's image has no sprite.
 */
export async function renderFootage(schedule: CameraSchedule, sprites: ReadonlyMap<string, Sprite>, stage: Stage, background: Background, skip: number, lighting: SceneLighting, encoder: VideoEncoder): Promise<RenderedFootage> {
  const boxes = new Map<ScheduledPass, Box[]>();
  for (const p of schedule.passes) {
    const sprite = sprites.get(p.image);
    if (sprite === undefined) throw new Error(`no sprite loaded for ${p.image}`);
    const list: Box[] = [];
    for (let f = p.firstFrame; f <= p.lastFrame; f++) list.push(passBox(p, f, sprite.aspect, stage));
    boxes.set(p, list);
  }
  const hash = createHash('sha256');
  const lut = new Uint8Array(256);
  const byStart = schedule.passes;
  let next = 0;
  let active: ScheduledPass[] = [];
  let f = 0;
  for await (const frame of background.frames(skip, schedule.frames)) {
    while (next < byStart.length && (byStart[next] as ScheduledPass).firstFrame <= f) active.push(byStart[next++] as ScheduledPass);
    active = active.filter((p) => p.lastFrame >= f);
    const gain = sceneGain(lighting, f);
    if (gain !== 1) {
      for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.round(v * gain));
      for (let i = 0; i < frame.length; i++) frame[i] = lut[frame[i] as number] as number;
    }
    for (const p of active) {
      const list = boxes.get(p) as Box[];
      const i = f - p.firstFrame;
      const box = list[i] as Box;
      const other = list[i + 1] ?? list[i - 1] ?? box;
      const sign = list[i + 1] !== undefined ? 1 : -1;
      const velocity = { x: sign * (other.x + other.w / 2 - box.x - box.w / 2), y: sign * (other.y + other.h / 2 - box.y - box.h / 2) };
      drawSprite(frame, stage.width, stage.height, sprites.get(p.image) as Sprite, box, p.effects, velocity, gain);
    }
    hash.update(frame);
    await encoder.write(frame);
    f++;
  }
  await encoder.close();
  if (f !== schedule.frames) throw new Error(`rendered ${f} of ${schedule.frames} frames`);
  return { frames: f, framesSha256: hash.digest('hex'), boxes };
}
