/**
 * The dataset manifest: what was recorded (deployments, cameras, footage) and the ground truth (volunteers and
 * their passes, optionally where in the frame each pass was), as a zod schema that is both validator and type;
 * `npm run schema` writes datasets/manifest.schema.json. Times are milliseconds on the deployment's clock (0 = the
 * deployment's `startedAt`); a pass's span [tStartMs, tEndMs) includes its start and excludes its end. Places are in
 * pixels of the camera's frame (origin at the top-left corner, x to the right, y down). Paths are relative to the
 * manifest's folder.
 */
import { z } from 'zod';
import { Bounds } from '../core/bounds.ts';
import { zodBound } from '../core/zod-bound.ts';
import { ManifestRetentionSchema } from './retention-schema.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:+-]*$/, 'an id of letters, digits and _ . : + -');
const ms = zodBound(Bounds.durationMs);

/** A rectangle of a camera's frame: top-left corner and size, in pixels. */
export const FrameRectSchema = z.strictObject({
  x: z.number().min(0),
  y: z.number().min(0),
  w: z.number().gt(0),
  h: z.number().gt(0),
});

export const CameraSchema = z.strictObject({
  id,
  description: z.string().optional(),
  width: zodBound(Bounds.frameSide).optional().describe('Frame width in pixels (needed when passes at this camera give a place, or it has a zone of interest)'),
  height: zodBound(Bounds.frameSide).optional().describe('Frame height in pixels (needed when passes at this camera give a place, or it has a zone of interest)'),
  zoneOfInterest: FrameRectSchema.optional()
    .describe('The part of the frame where the camera looks for faces, as an LFR camera is set up to watch a zone (top-left corner and size in pixels, inside the frame; needs width and height). Replay runs the detector only inside it, so faces outside it are never seen; default: the whole frame'),
});

/** A point [x, y] in pixels of a camera's frame. */
const coordinate = zodBound(Bounds.placeCoordinate);
export const PointSchema = z.tuple([coordinate, coordinate]);

/** A box at a time: the person's face or head in the frame at `tMs` (deployment clock), top-left corner and size. */
export const TimedBoxSchema = z.strictObject({
  tMs: ms,
  x: coordinate,
  y: coordinate,
  w: coordinate.gt(0),
  h: coordinate.gt(0),
});

/** Where in the frame a pass was: a zone (e.g. a lane) or the person's box at times. */
export const PlaceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('zone'),
    polygon: z.array(PointSchema).min(3).describe('Vertices [x, y] in order around the zone (a lane, a doorway): the person is inside it during the pass'),
  }),
  z.strictObject({
    kind: z.literal('boxes'),
    boxes: z.array(TimedBoxSchema).min(1)
      .describe('The person\'s box at times within the pass, in time order; linear between two times, held before the first and after the last'),
  }),
]).describe('Where in the camera\'s frame the person was during the pass (used to tell concurrent passes apart)');

export const DeploymentSchema = z.strictObject({
  id,
  site: z.string().min(1).describe('Where, in words (e.g. "London, Oxford Circus")'),
  startedAt: z.iso.datetime({ offset: true }).describe('Wall-clock start (ISO 8601); time 0 of this deployment'),
  durationMs: ms.describe('Length of the deployment in ms'),
  cameras: z.array(CameraSchema).min(1),
  overlappingViews: z.array(z.array(id).min(2)).default([])
    .describe('Groups of cameras whose views overlap: a volunteer may be seen by the cameras of one group at the same time (each camera\'s pass is its own search)'),
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
  tStartMs: ms.describe('When the person entered the camera\'s view or zone (inclusive)'),
  tEndMs: ms.describe('When the person had left it (exclusive: the pass is tStartMs <= t < tEndMs)'),
  place: PlaceSchema.optional(),
});

export const CrowdPassSchema = z.strictObject({
  deployment: id,
  camera: id,
  tStartMs: ms.describe('Inclusive'),
  tEndMs: ms.describe('Exclusive'),
  place: PlaceSchema.optional(),
});

/**
 * A still probe image (RFR, OIFR): one search of the reference set. Whose face it is names a volunteer, who gives the
 * demographics; it is a mated search when that volunteer is enrolled (their reference images are in the set).
 */
export const ProbeSchema = z.strictObject({
  id: id.describe('Unique id of the probe: the search_id of its search'),
  volunteer: id.describe('Whose face it is: a volunteer id (enrolled: a mated search; not enrolled: a non-mated one)'),
  image: z.string().min(1).describe('The probe image, relative to the manifest'),
  deployment: id.describe('Where it was taken (a deployment id; for a rehearsal, its one "deployment" of stills)'),
  camera: id.describe('What took it (a camera id of that deployment)'),
  degradation: z.strictObject({
    widthPx: z.number().int().min(1).describe('Width the face image was reduced to before being enlarged again'),
    blurSigma: z.number().min(0).describe('Gaussian blur sigma, px at the reduced size'),
    jpegQuality: z.number().int().min(1).max(100).describe('JPEG quality of the stored still'),
    rotateDeg: z.number().describe('Off-angle: in-plane rotation in degrees applied before an off-centre crop'),
    cropShift: z.number().min(-1).max(1).describe('Off-centre crop: sideways shift as a fraction of the image width (negative: to the left)'),
  }).optional().describe('How a rehearsal degraded this probe from its source photo (absent for real stills)'),
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
  probes: z.array(ProbeSchema).default([])
    .describe('Still probe images (useCase rfr, oifr): each one search of the reference set (the enrolled volunteers\' enrolmentImages)'),
  fillerGallery: z.strictObject({
    description: z.string().optional(),
    entries: z.array(FillerEntrySchema).default([]).describe('Filler images that do not contain any volunteer'),
  }).prefault({}),
  crowdPasses: z.array(CrowdPassSchema).default([]).describe('Passes by members of the public, when known (rehearsals): no identity, never enrolled'),
  crowdEstimates: z.array(z.strictObject({
    deployment: id,
    camera: id.optional(),
    count: zodBound(Bounds.crowdCount).describe('Estimated people who passed'),
    method: z.string().optional().describe('How the count was made (manual count, tracker, ...)'),
  })).default([]),
  retention: ManifestRetentionSchema.optional().describe('When the data were collected and how long they are kept (`evenhand retention`)'),
});

export type ManifestParsed = z.output<typeof ManifestSchema>;
export type Volunteer = z.output<typeof VolunteerSchema>;
export type Pass = z.output<typeof PassSchema>;
export type Probe = z.output<typeof ProbeSchema>;
export type CrowdPass = z.output<typeof CrowdPassSchema>;
export type Place = z.output<typeof PlaceSchema>;
export type Camera = z.output<typeof CameraSchema>;
export type FrameRect = z.output<typeof FrameRectSchema>;
export type TimedBox = z.output<typeof TimedBoxSchema>;
