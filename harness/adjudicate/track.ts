/** A replayed person track placed on its deployment's clock, with its trajectory and top-k candidates. */
import type { ConditionValues } from '../campaign/index.ts';
import type { TrackPoint } from '../replay/index.ts';

/** One track from a replay, its times on the deployment clock (ms). */
export interface Track {
  segmentId: string;
  trackId: number;
  deployment: string;
  camera: string;
  tStartMs: number;
  /** Time of the track's last detection. */
  tEndMs: number;
  /** Time between two processed frames of its footage (ms): the track's span runs to tEndMs + frameMs. */
  frameMs: number;
  framesSeen: number;
  faceSizePx: number;
  /** Capture conditions of the track's best shot, when its table has them. */
  conditions?: ConditionValues;
  /** Every detection of the track in time order, times on the deployment clock (empty for tables without trajectories). */
  points: TrackPoint[];
  /** Top-k candidates, best first. */
  candidates: { galleryId: string; score: number }[];
}
