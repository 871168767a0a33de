/** A replayed person track placed on its deployment's clock, with its top-k candidates. */

/** One track from a replay, its times on the deployment clock (ms). */
export interface Track {
  segmentId: string;
  trackId: number;
  deployment: string;
  camera: string;
  tStartMs: number;
  tEndMs: number;
  framesSeen: number;
  faceSizePx: number;
  /** Top-k candidates, best first. */
  candidates: { galleryId: string; score: number }[];
}
