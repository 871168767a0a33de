/**
 * The still-image rehearsal (`evenhand rehearse --use-case rfr|oifr`): labelled face photos in, a dataset of
 * reference and probe images out, for retrospective (RFR) and operator-initiated (OIFR) campaigns.
 *
 *   face source (LFW folder | CSV)
 *     -> 1. map labels and assign roles (as the footage rehearsal): enrolled volunteers, non-enrolled volunteers,
 *           reference-only identities (the "filler" role: in the reference set, never probed)
 *     -> 2. references: one photo per enrolled identity, stored as a custody image (references/)
 *     -> 3. probes: each volunteer's other photos, degraded as CCTV stills are (degrade-probe.ts), seeded (probes/)
 *     -> 4. manifest.json (volunteers with enrolmentImages, probes with their degradation), rehearsal-summary.json,
 *           private/source-key.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Campaign, RehearsalSettings, Volunteer } from '../campaign/index.ts';
import { StillProbeSchema } from '../campaign/index.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { createRng } from '../stats/index.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { assignRoles } from './assign-roles.ts';
import { degradeProbe, drawDegradation, type Degradation } from './degrade-probe.ts';
import { createLabelMapper } from './label-map.ts';
import { readFaceSource } from './read-face-source.ts';
import { RehearsalFiles } from './write-rehearsal.ts';

/** Random streams of one seed (roles as the footage rehearsal draws them; the probes' degradations their own). */
const Stream = { roles: 1, degradation: 5 } as const;

/** Inputs of a still-image rehearsal. */
export interface RehearseStillsOptions {
  faces: string;
  campaign: Campaign;
  settings: RehearsalSettings;
  seed: number;
  /** Folder to fill (normally the temporary folder of writeDirAtomic). */
  out: string;
  log?: (line: string) => void;
}

/** What a still-image rehearsal wrote, in brief. */
export interface StillsRehearsalResult {
  manifestFile: string;
  references: number;
  probes: number;
  matedProbes: number;
}

/**
 * Writes a still-image rehearsal into `o.out`: enrolled volunteers' first photo (in the seeded order) as the reference,
 * their other photos (cycled to `passesPerVolunteer` probes each) degraded as probes; non-enrolled volunteers give
 * non-mated probes; `fillerGallerySize` more identities are references only. Same inputs and seed -> identical files.
 * @throws InputError for too few eligible identities (assignRoles) or an unreadable face source.
 * @example await rehearseStills({ faces: '../shared/datasets/lfw-dev', campaign, settings, seed: 1, out: dir })
 */
export async function rehearseStills(o: RehearseStillsOptions): Promise<StillsRehearsalResult> {
  const s = o.settings;
  const log = o.log ?? ((): void => undefined);
  const degradation = s.stillProbes ?? StillProbeSchema.parse({});
  const source = readFaceSource(o.faces);
  const mapper = createLabelMapper(o.campaign, s.labelMap, s.ageBands);
  const roles = assignRoles(source, mapper, {
    volunteers: s.volunteers, nonEnrolledVolunteers: s.nonEnrolledVolunteers, fillerGallerySize: s.fillerGallerySize,
    crowdPasses: 0, requireLabels: s.requireLabels,
  }, createRng(o.seed, Stream.roles));
  log(`faces: ${roles.counts.identities} identities; ${roles.counts.eligibleVolunteers} eligible volunteers`);
  mkdirSync(path.join(o.out, 'references'), { recursive: true });
  mkdirSync(path.join(o.out, 'probes'), { recursive: true });

  // 2. references: custody images, re-encoded at high quality so every reference is a JPEG of the same kind
  const custody = async (image: string, id: string): Promise<string> => {
    const rel = `references/${id}.jpg`;
    writeFileSync(path.join(o.out, rel), await sharp(image).removeAlpha().jpeg({ quality: 92 }).toBuffer());
    return rel;
  };
  const volunteers: Volunteer[] = [];
  for (const v of roles.volunteers) {
    volunteers.push({ id: v.id, ...v.codes, enrolled: v.enrolled, enrolmentImages: v.enrolmentImage === null ? [] : [await custody(v.enrolmentImage, v.id)] });
  }
  for (const f of roles.fillers) volunteers.push({ id: f.id, ...f.codes, enrolled: true, enrolmentImages: [await custody(f.image, f.id)] });

  // 3. probes, degraded with one seeded stream in manifest order
  const rng = createRng(o.seed, Stream.degradation);
  const probes: { id: string; volunteer: string; image: string; deployment: string; camera: string; degradation: Degradation }[] = [];
  const key: { probe: string; volunteer: string; image: string }[] = [];
  for (const v of roles.volunteers) {
    if (v.footageImages.length === 0) continue;
    for (let k = 0; k < s.passesPerVolunteer; k++) {
      const photo = v.footageImages[k % v.footageImages.length] as string;
      const id = `p-${v.id}-${k + 1}`;
      const d = drawDegradation(degradation, rng);
      const rel = `probes/${id}.jpg`;
      writeFileSync(path.join(o.out, rel), await degradeProbe(photo, d));
      probes.push({ id, volunteer: v.id, image: rel, deployment: 'stills', camera: 'cctv', degradation: d });
      key.push({ probe: id, volunteer: v.id, image: path.relative(source.location, photo) });
    }
  }
  log(`wrote ${volunteers.filter((v) => v.enrolled).length} reference images and ${probes.length} degraded probes`);

  // 4. manifest, summary, private key
  const manifest = {
    $schema: '../../datasets/manifest.schema.json',
    id: `${o.campaign.id}-stills-rehearsal-${o.seed}`,
    description: 'SYNTHETIC STILLS: reference photos as custody images and degraded photos as CCTV probes, made by evenhand rehearse for rehearsal only',
    deployments: [{ id: 'stills', site: 'Rehearsal (synthetic stills)', startedAt: '2000-01-01T10:00:00.000Z', durationMs: 0, cameras: [{ id: 'cctv', description: 'Degraded still photos (low resolution, blur, JPEG, tilt and off-centre crop)' }] }],
    volunteers,
    probes,
  };
  writeFileAtomic(path.join(o.out, RehearsalFiles.manifest), `${JSON.stringify(manifest, null, 1)}\n`);
  const c = roles.counts;
  const enrolled = new Set(volunteers.filter((v) => v.enrolled).map((v) => v.id));
  const mated = probes.filter((p) => enrolled.has(p.volunteer)).length;
  writeFileAtomic(path.join(o.out, RehearsalFiles.summary), `${JSON.stringify({
    synthetic: true, kind: 'stills', generator: `evenhand rehearse ${TOOL_VERSION}`, protocol: o.campaign.id, useCase: o.campaign.useCase, seed: o.seed,
    faceSource: { format: source.format, identities: c.identities, images: c.images },
    roles: c.used,
    references: enrolled.size,
    probes: { total: probes.length, mated, perVolunteer: s.passesPerVolunteer },
    degradation,
    excluded: { fromVolunteers: { missingRequiredLabel: c.missingLabels.identities, labelledWithOneImage: c.labelledWithOneImage } },
  }, null, 1)}\n`);
  writeFileAtomic(path.join(o.out, RehearsalFiles.key), `${JSON.stringify({
    note: 'PRIVATE: links pseudonyms to the face source. Never publish.',
    volunteers: [...roles.volunteers, ...roles.fillers].map((v) => ({ id: v.id, identity: v.source.identity })),
    probes: key,
  })}\n`);
  return { manifestFile: path.join(o.out, RehearsalFiles.manifest), references: enrolled.size, probes: probes.length, matedProbes: mated };
}
