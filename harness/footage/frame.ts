/** Frame: one decoded picture of a frame source with its presentation time. */
import type { RgbImage } from './rgb-image.ts';

/** One decoded frame. */
export interface Frame {
  /** Position among the frames the source delivered (0-based, before sampling). */
  index: number;
  /** Presentation time in milliseconds from the start of the stream (stream timestamps, not a frame count guess). */
  tMs: number;
  image: RgbImage;
}
