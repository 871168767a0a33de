/**
 * Where a pass's head cut-out is in a frame: it enters far away (small, near the top of its lane), then grows as
 * it approaches under a perspective model (height = 1 / distance, distance linear in time) and moves down and
 * sideways, staying wholly inside its lane and the frame, with its aspect ratio kept.
 */

/** A box in pixels (top-left corner, width, height). */
export interface Box { x: number; y: number; w: number; h: number }

/** The frame geometry a box is placed in. */
export interface Stage { width: number; height: number; lanes: number; margin: number }

/** What of a pass the box depends on. */
export interface PassPath {
  lane: number; firstFrame: number; lastFrame: number;
  heightFrom: number; heightTo: number; laneFrom: number; laneTo: number;
}

/**
 * The head box of `pass` at `frame` for an image of aspect `aspect` (width / height).
 * @throws RangeError when `frame` is outside the pass.
 * @example passBox(pass, 12, 0.83, { width: 640, height: 480, lanes: 4, margin: 8 })
 */
export function passBox(pass: PassPath, frame: number, aspect: number, stage: Stage): Box {
  if (frame < pass.firstFrame || frame > pass.lastFrame) throw new RangeError(`frame ${frame} is outside the pass (${pass.firstFrame}-${pass.lastFrame})`);
  const laneWidth = stage.width / stage.lanes;
  const maxWidth = laneWidth * 0.92;
  const fit = (h: number): number => Math.min(h, maxWidth / aspect, stage.height - 2 * stage.margin);
  const h0 = fit(pass.heightFrom);
  const h1 = fit(pass.heightTo);
  const u = pass.lastFrame === pass.firstFrame ? 1 : (frame - pass.firstFrame) / (pass.lastFrame - pass.firstFrame);
  const h = 1 / ((1 - u) / h0 + u / h1);
  const p = h1 > h0 ? (h - h0) / (h1 - h0) : u;
  const w = h * aspect;
  const cyFrom = stage.margin + h0 / 2;
  const cyTo = stage.height - stage.margin - h1 / 2;
  const cy = cyFrom + p * (cyTo - cyFrom);
  const side = pass.laneFrom + p * (pass.laneTo - pass.laneFrom);
  const cx = laneWidth * (pass.lane + 0.5) + (side * (laneWidth - w)) / 2;
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}
