/** Segment: one unit of replay work, a stretch of one camera's footage, with where it was filmed. */
import type { Rect } from '../algorithms/index.ts';
import type { FrameSource } from '../footage/index.ts';

/** A piece of footage to replay; ids name its output files, so they must be unique within a run. */
export interface Segment {
  /** Unique id within a run: letters, digits, '.', '_' and '-' only. */
  id: string;
  source: FrameSource;
  camera?: string | null;
  deployment?: string | null;
  /**
   * The camera's zone of interest (frame pixels): the detector runs only inside it, tiled as a frame of its size
   * would be. Absent or null: the whole frame.
   */
  zone?: Rect | null;
}

/** True when `id` is usable as a segment id (it becomes part of file names). */
export function isSegmentId(id: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(id) && id !== '.' && id !== '..';
}
