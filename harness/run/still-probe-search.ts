/**
 * Still-probe search (RFR, OIFR): every probe image of a manifest detected, embedded and searched 1:N against the
 * reference set (the enrolled volunteers' reference images, enrolled once per algorithm), into the rows of the
 * searches/candidates contract. A probe with no detectable face is a failure to enrol: its search has no candidate
 * (a miss when mated). Probe embeddings stay in memory: they are never written to disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AlgorithmOptions } from '../algorithms/index.ts';
import { createAlgorithm } from '../algorithms/index.ts';
import { searchScores, type CandidateRecord, type SearchRecord } from '../adjudicate/index.ts';
import type { Campaign } from '../campaign/campaign.ts';
import type { Manifest } from '../campaign/load-manifest.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { BlockedSearch, enrolGallery } from '../replay/index.ts';

/** What to search. */
export interface StillProbeSearch {
  manifest: Manifest;
  algorithm: string;
  options: AlgorithmOptions;
  /**
   * The reference set, enrolled with `algorithm` and written by writeGallery: its ids, its vectors' length, and the
   * gallery's path (without .json/.f32). Its vector file is searched in blocks within a fixed memory budget
   * (BlockedSearch), so a reference set of millions of images is never held whole in memory for the search.
   */
  references: { file: string; ids: readonly string[]; dim: number };
  /** Candidates returned per probe (capped at the reference set's size). */
  listLength: number;
}

/** The contract rows of a still-probe campaign, and which probes had no face. */
export interface StillProbeTables {
  searches: SearchRecord[];
  candidates: CandidateRecord[];
  /** Probe ids in which no face was found (or whose image could not be read), with the reason. */
  failedToEnrol: { probe: string; reason: string }[];
}

/**
 * Searches every probe of `o.manifest` (in manifest order). Each probe's search has source `volunteer`, is mated when
 * its volunteer is enrolled, and carries the volunteer's demographics; its candidates are the top `listLength`
 * reference entries by cosine (ISO/IEC 19795-1 identification: rank = position in the list, 1 = best), scored on the
 * algorithm's face-match scale.
 * @example const t = await searchStillProbes({ manifest, algorithm: 'faceplugin-v1', options: { provider: 'cpu' }, references, listLength: 20 })
 */
export async function searchStillProbes(o: StillProbeSearch): Promise<StillProbeTables> {
  const { manifest } = o;
  const volunteers = new Map(manifest.volunteers.map((v) => [v.id, v]));
  const ethnicityOf = new Map(manifest.volunteers.map((v) => [v.id, v.ethnicity]));
  const algorithm = await createAlgorithm(o.algorithm, o.options);
  try {
    const { gallery: probes, failures } = await enrolGallery(algorithm, manifest.probes.map((p) => ({ imagePath: path.resolve(manifest.root, p.image), galleryId: p.id })));
    const lists = new Map<string, { galleryId: string; score: number }[]>();
    if (probes.ids.length > 0 && o.references.ids.length > 0) {
      const search = await BlockedSearch.open(`${o.references.file}.f32`, o.references.dim);
      try {
        const top = await search.search(probes.vectors, o.listLength);
        probes.ids.forEach((id, i) => {
          const list: { galleryId: string; score: number }[] = [];
          for (let r = i * top.k; r < (i + 1) * top.k; r++) list.push({ galleryId: o.references.ids[top.rows[r] ?? -1] ?? '', score: algorithm.matchScore(top.scores[r] ?? NaN) });
          lists.set(id, list);
        });
      } finally {
        await search.close();
      }
    }
    const searches: SearchRecord[] = [];
    const candidates: CandidateRecord[] = [];
    for (const p of manifest.probes) {
      const v = volunteers.get(p.volunteer);
      const mated = v?.enrolled ?? false;
      const list = lists.get(p.id) ?? [];
      searches.push({
        searchId: p.id, deployment: p.deployment, camera: p.camera, tStartMs: null, tEndMs: null, source: 'volunteer', mated,
        subjectId: p.volunteer, sex: v?.sex ?? null, ethnicity: v?.ethnicity ?? null, ageBand: v?.ageBand ?? null,
        ...searchScores(list, mated ? p.volunteer : null), framesSeen: lists.has(p.id) ? 1 : 0, faceSizePx: null, gallerySize: o.references.ids.length,
      });
      list.forEach((c, r) => candidates.push({ searchId: p.id, rank: r + 1, galleryId: c.galleryId, score: c.score, isMate: mated && c.galleryId === p.volunteer, galleryEthnicity: ethnicityOf.get(c.galleryId) ?? null }));
    }
    return { searches, candidates, failedToEnrol: failures.map((f) => ({ probe: f.galleryId, reason: f.reason })) };
  } finally {
    await algorithm.close();
  }
}

/**
 * Checks a still-image campaign's inputs before anything is written: at least one probe, every probe and reference
 * image present, only algorithms that embed images (onnx, external), and a candidate list no longer than the
 * reference set (its enrolled reference images).
 * @throws InputError naming the protocol or the manifest, the field, what was expected and what was found.
 */
export function checkStillInputs(o: { campaign: Campaign; manifest: Manifest; protocolFile: string; datasetFile: string }): void {
  const { campaign, manifest } = o;
  const problems: InputProblem[] = [];
  if (manifest.probes.length === 0) problems.push({ path: 'probes', expected: `at least one probe image for useCase "${campaign.useCase}"`, got: '[]' });
  manifest.probes.forEach((p, i) => {
    const file = path.resolve(manifest.root, p.image);
    if (!existsSync(file)) problems.push({ path: `probes[${i}].image`, expected: 'an existing image file', got: show(p.image) });
  });
  manifest.volunteers.forEach((v, i) => v.enrolled && v.enrolmentImages.forEach((img, j) => {
    if (!existsSync(path.resolve(manifest.root, img))) problems.push({ path: `volunteers[${i}].enrolmentImages[${j}]`, expected: 'an existing image file', got: show(img) });
  }));
  if (problems.length > 0) throw new InputError(o.datasetFile, problems);
  const logged = campaign.algorithms.findIndex((a) => a.kind !== 'onnx' && a.kind !== 'external');
  if (logged >= 0) {
    throw new InputError(o.protocolFile, [{ path: `algorithms[${logged}].kind`, expected: `"onnx" or "external" for useCase "${campaign.useCase}" (still probes are searched by evenhand run; import a vendor's candidate lists with evenhand import-candidates)`, got: show(campaign.algorithms[logged]?.kind) }]);
  }
  const references = referenceEntries(manifest).length;
  const length = campaign.candidateList?.length ?? null;
  if (length !== null && length > references) {
    throw new InputError(o.protocolFile, [{ path: 'candidateList.length', expected: `a list no longer than the reference set (${references} enrolled reference image(s) in ${path.basename(o.datasetFile)})`, got: String(length) }]);
  }
}

/** The reference set of a still-image campaign: every enrolled volunteer's reference images, in manifest order. */
export function referenceEntries(manifest: Manifest): { imagePath: string; galleryId: string }[] {
  return manifest.volunteers.filter((v) => v.enrolled).flatMap((v) => v.enrolmentImages.map((img) => ({ imagePath: path.resolve(manifest.root, img), galleryId: v.id })));
}
