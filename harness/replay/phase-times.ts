/** PhaseTimes: where a replay's time goes, by pipeline phase, in milliseconds. */

/** The phases of a segment's replay, in pipeline order. */
export const Phase = {
  decode: 'waiting for the next decoded frame (ffmpeg and the frame reader)',
  detect: 'face detection, its tiles and the landmarks of each face',
  track: 'linking detections into tracks, keeping best shots, re-linking tracks',
  embed: 'aligning and embedding best shots',
  search: '1:N search of each probe in each gallery',
  write: 'writing the segment tables',
} as const;
export type Phase = keyof typeof Phase;

/** Milliseconds spent in each phase. */
export type PhaseTimes = Record<Phase, number>;

/** All phases at zero. */
export function noPhaseTimes(): PhaseTimes {
  return { decode: 0, detect: 0, track: 0, embed: 0, search: 0, write: 0 };
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addPhaseTimes(a: PhaseTimes, b: PhaseTimes): PhaseTimes {
  for (const k of Object.keys(Phase) as Phase[]) a[k] += b[k];
  return a;
}
