/** Gallery: the enrolled watchlist as unit embeddings with their gallery ids, kept in memory or cached as two files. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { InputError } from '../core/input-error.ts';
import { tempSuffix } from '../store/dead-temps.ts';

/**
 * N enrolled entries: row i of `vectors` (dim floats, unit length) belongs to `ids[i]`; or, for an algorithm whose
 * templates are opaque, `templates[i]` (as the algorithm wrote it, base64), with dim 0 and no vectors.
 */
export interface Gallery {
  /** Algorithm that made the embeddings (a gallery only searches against probes of the same algorithm). */
  algorithm: string;
  dim: number;
  ids: string[];
  vectors: Float32Array;
  templates?: string[];
}

/**
 * Writes `gallery` as `<file>.json` (algorithm, dim, ids) and `<file>.f32` (little-endian floats), each atomically.
 * Only watchlist (enrolled) embeddings belong here, never those of the public.
 */
export async function writeGallery(gallery: Gallery, file: string): Promise<void> {
  const tmp = `.${tempSuffix('tmp')}`;
  await writeFile(`${file}.f32${tmp}`, new Uint8Array(gallery.vectors.buffer, gallery.vectors.byteOffset, gallery.vectors.byteLength));
  await writeFile(`${file}.json${tmp}`, JSON.stringify({ algorithm: gallery.algorithm, dim: gallery.dim, ids: gallery.ids, ...(gallery.templates === undefined ? {} : { templates: gallery.templates }) }));
  await rename(`${file}.f32${tmp}`, `${file}.f32`);
  await rename(`${file}.json${tmp}`, `${file}.json`);
}

/**
 * A written gallery's header (`file`.json: algorithm, vector length, ids), without its vectors: for a search that reads
 * the vector file in blocks (BlockedSearch). @throws InputError when the header is not a gallery's.
 */
export async function readGalleryHeader(file: string): Promise<{ algorithm: string; dim: number; ids: string[] }> {
  let meta: { algorithm?: unknown; dim?: unknown; ids?: unknown };
  try {
    meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as typeof meta;
  } catch (err) {
    throw new InputError(`${file}.json`, [{ path: '', expected: 'a gallery written by evenhand (.json + .f32)', got: err instanceof Error ? err.message : String(err) }]);
  }
  const { algorithm, dim, ids } = meta;
  if (typeof algorithm !== 'string' || typeof dim !== 'number' || !Array.isArray(ids)) throw new InputError(`${file}.json`, [{ path: '', expected: 'algorithm, dim and ids' }]);
  return { algorithm, dim, ids: ids.map(String) };
}

/** Reads a gallery written by {@link writeGallery}. @throws InputError naming the file when it is missing or inconsistent. */
export async function readGallery(file: string): Promise<Gallery> {
  let meta: { algorithm?: unknown; dim?: unknown; ids?: unknown; templates?: unknown };
  let bytes: Buffer;
  try {
    meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as typeof meta;
    bytes = await readFile(`${file}.f32`);
  } catch (err) {
    throw new InputError(`${file}.json`, [{ path: '', expected: 'a gallery written by evenhand (.json + .f32)', got: err instanceof Error ? err.message : String(err) }]);
  }
  const { algorithm, dim, ids, templates } = meta;
  if (typeof algorithm !== 'string' || typeof dim !== 'number' || !Array.isArray(ids) || bytes.byteLength !== ids.length * dim * 4) {
    throw new InputError(`${file}.json`, [{ path: '', expected: `algorithm, dim and ids matching ${file}.f32 (${bytes.byteLength} bytes)` }]);
  }
  const opaque = Array.isArray(templates) ? templates.filter((t): t is string => typeof t === 'string') : undefined;
  if (templates !== undefined && (opaque?.length !== ids.length || dim !== 0)) {
    throw new InputError(`${file}.json`, [{ path: 'templates', expected: `one opaque template (a string) per id (${ids.length}), with dim 0` }]);
  }
  const vectors = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(vectors.buffer).set(bytes);
  return { algorithm, dim, ids: ids.map(String), vectors, ...(opaque === undefined ? {} : { templates: opaque }) };
}
