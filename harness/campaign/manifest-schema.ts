/**
 * The dataset manifest: what was recorded (deployments, cameras, footage) and the ground truth (volunteers and
 * their passes), as a zod schema that is both validator and type; `npm run schema` writes datasets/manifest.schema.json.
 * Times are milliseconds on the deployment's clock (0 = the deployment's `startedAt`). Paths are relative to the
 * manifest's folder.
 */
import { z } from 'zod';
import { ManifestRetentionSchema } from './retention-schema.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:+-]*$/, 'an id of letters, digits and _ . : + -');
const ms = z.number().int().min(0);

export const CameraSchema = z.strictObject({
  id,
  description: z.string().optional(),
});

export const DeploymentSchema = z.strictObject({
  id,
  site: z.string().min(1).describe('Where, in words (e.g. "London, Oxford Circus")'),
  startedAt: z.iso.datetime({ offset: true }).describe('Wall-clock start (ISO 8601); time 0 of this deployment'),
  durationMs: ms.describe('Length of the deployment in ms'),
  cameras: z.array(CameraSchema).min(1),
});

export const FootageSchema = z.strictObject({
  file: z.string().min(1).describe('Video file or folder of frames, relative to the manifest'),
  deployment: id,
  camera: id,
  startMs: ms.describe('Deployment time of the first frame'),
  fps: z.number().gt(0).max(1000).describe('Nominal frame rate'),
  durationMs: ms.optional().describe('Length, if known (checked against passes)'),
});

export const VolunteerSchema = z.strictObject({
  id,
  sex: z.string().nullable().describe('A sex category code of the protocol, or null when unknown'),
  ethnicity: z.string().nullable().describe('An ethnicity category code of the protocol, or null when unknown'),
  ageBand: z.string().nullable().describe('An age band code of the protocol, or null when unknown'),
  enrolled: z.boolean().default(true).describe('On the watchlist (mated) or not (a non-mated volunteer)'),
  enrolmentImages: z.array(z.string().min(1)).default([]).describe('Images enrolled on the watchlist'),
});

export const PassSchema = z.strictObject({
  volunteer: id,
  deployment: id,
  camera: id,
  tStartMs: ms,
  tEndMs: ms,
});

export const FillerEntrySchema = z.strictObject({
  id,
  image: z.string().min(1),
  sex: z.string().nullable().default(null),
  ethnicity: z.string().nullable().default(null),
  ageBand: z.string().nullable().default(null),
});

export const ManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  description: z.string().optional(),
  deployments: z.array(DeploymentSchema).min(1),
  footage: z.array(FootageSchema).default([]),
  volunteers: z.array(VolunteerSchema).default([]),
  passes: z.array(PassSchema).default([]),
  fillerGallery: z.strictObject({
    description: z.string().optional(),
    entries: z.array(FillerEntrySchema).default([]).describe('Filler images that do not contain any volunteer'),
  }).prefault({}),
  crowdPasses: z.array(z.strictObject({
    deployment: id,
    camera: id,
    tStartMs: ms,
    tEndMs: ms,
  })).default([]).describe('Passes by members of the public, when known (rehearsals): no identity, never enrolled'),
  crowdEstimates: z.array(z.strictObject({
    deployment: id,
    camera: id.optional(),
    count: z.number().int().min(0).describe('Estimated people who passed'),
    method: z.string().optional().describe('How the count was made (manual count, tracker, ...)'),
  })).default([]),
  retention: ManifestRetentionSchema.optional().describe('When the data were collected and how long they are kept (`evenhand retention`)'),
});

export type ManifestParsed = z.output<typeof ManifestSchema>;
export type Volunteer = z.output<typeof VolunteerSchema>;
export type Pass = z.output<typeof PassSchema>;
