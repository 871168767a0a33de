/** frameSampler: keeps at most one frame every `everyMs` of stream time, on a grid anchored at the first kept frame. */

/**
 * A predicate over frame times (ms, increasing): true for the frames to keep. `everyMs` 0 keeps every frame. A frame
 * is kept when it reaches the next grid time (0.5 ms tolerance for rounded timestamps).
 * @example const keep = frameSampler(500); [0, 100, 500, 900, 1000].filter(keep) // [0, 500, 1000]
 */
export function frameSampler(everyMs: number): (tMs: number) => boolean {
  let next = -Infinity;
  return (tMs) => {
    if (everyMs <= 0) return true;
    if (tMs < next - 0.5) return false;
    if (next === -Infinity) next = tMs;
    while (next <= tMs + 0.5) next += everyMs;
    return true;
  };
}
