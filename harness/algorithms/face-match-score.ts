/** cosineMatchScore: the documented mapping from the cosine of two embeddings to a 0..1 face-match score. */

/**
 * Face-match score = cosine similarity clipped to 0..1 (negative cosines, which only unrelated faces give, become 0).
 * So a threshold of 0.6 means a cosine of at least 0.6.
 */
export function cosineMatchScore(cosine: number): number {
  return cosine <= 0 ? 0 : cosine >= 1 ? 1 : cosine;
}

/** Cosine similarity of two L2-normalised vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Scales `v` in place to unit L2 length (a zero vector stays zero) and returns it. */
export function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] ?? 0) ** 2;
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / n;
  return v;
}

/**
 * One probe of several L2-normalised embeddings of one person: their sum (in float32, in order) scaled to unit length,
 * i.e. the direction of their mean. Used for a track's best shots and for the pieces of a track joined together, by
 * Evenhand and by the reference adapter alike, so both give the same probe bit for bit.
 */
export function fuseVectors(vectors: readonly Float32Array[], size: number): Float32Array {
  const sum = new Float32Array(size);
  for (const v of vectors) for (let i = 0; i < size; i++) sum[i] = (sum[i] ?? 0) + (v[i] ?? 0);
  return l2normalise(sum);
}
