/** Merges the candidates of several tracks of one pass: one entry per gallery id at its best score, best first. */

/** A pass's candidates from all its tracks: duplicate alerts within a pass become one, at the highest score. */
export function mergeCandidates(lists: readonly (readonly { galleryId: string; score: number }[])[], topK: number): { galleryId: string; score: number }[] {
  const best = new Map<string, number>();
  for (const list of lists) {
    for (const c of list) {
      const prev = best.get(c.galleryId);
      if (prev === undefined || c.score > prev) best.set(c.galleryId, c.score);
    }
  }
  return [...best.entries()]
    .map(([galleryId, score]) => ({ galleryId, score }))
    .sort((a, b) => b.score - a.score || (a.galleryId < b.galleryId ? -1 : a.galleryId > b.galleryId ? 1 : 0))
    .slice(0, topK);
}
