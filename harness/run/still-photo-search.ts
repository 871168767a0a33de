/**
 * The still-photo baseline of a rehearsal: each volunteer pass's own footage image (the photo the rehearsal drew into
 * the video) searched directly against the watchlist, with the same algorithm. Set beside the same passes searched
 * through the footage, it shows what capture and tracking cost: the gap between the two TPIRs.
 */
import path from 'node:path';
import { z } from 'zod';
import { createAlgorithm } from '../algorithms/index.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/index.ts';
import { enrolGallery, GallerySearch, readGallery } from '../replay/index.ts';
import { RehearsalFiles } from '../rehearse/index.ts';

/** One volunteer pass searched from its still photo. */
export interface StillPhotoResult {
  /** Index of the pass in the manifest's passes. */
  pass: number;
  volunteer: string;
  /** The mate's score and rank among the top k; null when not returned or no face was found in the photo. */
  mateScore: number | null;
  mateRank: number | null;
}

/** The parts of a rehearsal's private key and summary read here. */
const KeySchema = z.object({ passes: z.array(z.object({ list: z.string(), index: z.number().int(), volunteer: z.string().optional(), image: z.string() })) });
const SummarySchema = z.object({ faceSource: z.object({ format: z.string() }) });

/** What to search. */
export interface StillPhotoOptions {
  /** The rehearsal folder (manifest.json, private/source-key.json, rehearsal-summary.json). */
  rehearsal: string;
  /** The face source the rehearsal was made from (the key's image paths are relative to it). */
  faces: string;
  algorithm: string;
  /** The watchlist gallery of the run (path without extension), enrolled with `algorithm`. */
  watchlistGallery: string;
  topK?: number;
}

/**
 * Searches every volunteer pass's still photo against the watchlist; passes of volunteers not in the gallery are left
 * out (they are not mated searches). A photo with no detectable face gives no candidate (a miss).
 * @throws InputError when the rehearsal's key or summary cannot be read.
 */
export async function stillPhotoSearch(o: StillPhotoOptions): Promise<StillPhotoResult[]> {
  const read = <S extends z.ZodType>(file: string, schema: S): z.output<S> => {
    const where = path.join(o.rehearsal, file);
    return parseWithSchema(schema, readStructuredFile(where), where);
  };
  const key = read(RehearsalFiles.key, KeySchema);
  const summary = read(RehearsalFiles.summary, SummarySchema);
  const base = path.resolve(o.faces, summary.faceSource.format === 'lfw' ? '.' : '..');
  const watchlist = await readGallery(o.watchlistGallery);
  const enrolled = new Set(watchlist.ids);
  const passes = key.passes.filter((p) => p.list === 'passes' && p.volunteer !== undefined && enrolled.has(p.volunteer)).sort((a, b) => a.index - b.index);
  const algorithm = await createAlgorithm(o.algorithm);
  try {
    const { gallery: probes } = await enrolGallery(algorithm, passes.map((p) => ({ imagePath: path.join(base, p.image), galleryId: String(p.index) })));
    const search = await GallerySearch.create(watchlist);
    try {
      const hits = probes.ids.length === 0 ? [] : await search.search(probes.vectors, o.topK ?? 10);
      const byPass = new Map(probes.ids.map((id, i) => [Number(id), hits[i] ?? []]));
      return passes.map((p) => {
        const list = byPass.get(p.index) ?? [];
        const at = list.findIndex((h) => h.id === p.volunteer);
        const hit = list[at];
        return { pass: p.index, volunteer: p.volunteer ?? '', mateScore: hit === undefined ? null : algorithm.matchScore(hit.cosine), mateRank: hit === undefined ? null : at + 1 };
      });
    } finally {
      await search.close();
    }
  } finally {
    await algorithm.close();
  }
}
