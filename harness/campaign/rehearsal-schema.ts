/**
 * The protocol's optional `rehearsal` block: defaults for `evenhand rehearse`, which makes synthetic walk-past
 * footage from labelled face photos so that a campaign can be rehearsed before a live deployment.
 */
import { z } from 'zod';
import { Bounds } from '../core/bounds.ts';
import { zodBound } from '../core/zod-bound.ts';

const fraction = z.number().min(0).max(1);
const range = (min: number, max: number, what: string): z.ZodType<{ min: number; max: number }, { min: number; max: number }> =>
  z.strictObject({ min: z.number().min(min).max(max), max: z.number().min(min).max(max) })
    .refine((r) => r.min <= r.max, { message: `${what}: min <= max` });

/** Label maps: raw label in the face source (e.g. LFW's "east_asian") -> the protocol's category code. */
export const LabelMapSchema = z.strictObject({
  sex: z.record(z.string(), z.string()).optional(),
  ethnicity: z.record(z.string(), z.string()).optional(),
  ageBand: z.record(z.string(), z.string()).optional(),
}).describe('Raw label -> category code, per dimension; merged over the built-in map (LFW: F/M, east_asian -> asian, ...)');

/** How a still-image rehearsal degrades each probe photo (each draw uniform in its range, seeded). */
export const StillProbeSchema = z.strictObject({
  widthPx: range(16, 2000, 'stillProbes.widthPx').default({ min: 40, max: 90 })
    .describe('Width the probe photo is reduced to (then enlarged back): low resolution; an LFW face is about 40% of the width'),
  blurSigma: range(0, 10, 'stillProbes.blurSigma').default({ min: 0.3, max: 1.2 }).describe('Gaussian blur sigma at the reduced size, px: focus and motion'),
  jpegQuality: range(1, 100, 'stillProbes.jpegQuality').default({ min: 20, max: 50 }).describe('JPEG quality of the stored still: compression'),
  rotateDeg: z.number().min(0).max(45).default(12).describe('Off-angle: a tilted head, rotated in the image plane up to this many degrees either way (a frontal photo cannot be turned in depth)'),
  cropShift: z.number().min(0).max(0.3).default(0.1).describe('Off-centre crop: shift up to this share of the width either way'),
});
export type StillProbeSettings = z.output<typeof StillProbeSchema>;

/** Settings of `evenhand rehearse`; every field has a default sized for a quick CI rehearsal. */
export const RehearsalSchema = z.strictObject({
  volunteers: zodBound(Bounds.rehearsalVolunteers).min(1).default(60).describe('Enrolled volunteers (identities with >= 2 images)'),
  nonEnrolledVolunteers: zodBound(Bounds.rehearsalVolunteers).default(0)
    .describe('Labelled volunteers never enrolled: non-mated searches of known demographics'),
  passesPerVolunteer: zodBound(Bounds.rehearsalPasses).default(3),
  crowdPasses: zodBound(Bounds.rehearsalCrowd).default(500).describe('Passes by unlabelled members of the public'),
  fillerGallerySize: zodBound(Bounds.rehearsalFiller).default(200).describe('Filler identities on the watchlist (one image each)'),
  deployments: z.number().int().min(1).max(100).default(2),
  cameras: z.number().int().min(1).max(20).default(2).describe('Cameras per deployment: one video file each'),
  width: z.number().int().min(64).max(3840).multipleOf(2).default(640).describe('Frame width in pixels (even)'),
  height: z.number().int().min(64).max(2160).multipleOf(2).default(480).describe('Frame height in pixels (even)'),
  fps: z.number().int().min(1).max(60).default(10),
  passDurationMs: range(200, 60_000, 'passDurationMs').default({ min: 1500, max: 2500 })
    .describe('How long one face is in view'),
  gapMs: range(0, 600_000, 'gapMs').default({ min: 0, max: 800 }).describe('Pause between two people in one lane'),
  faceHeightPx: range(16, 2000, 'faceHeightPx').default({ min: 56, max: 128 })
    .describe('Height of the pasted head cut-out, far to near (a face detector box is about 0.7 of it)'),
  lanes: z.number().int().min(1).max(32).optional().describe('People in view at once per camera; default as many as fit'),
  overlappingViews: z.boolean().default(false)
    .describe('Cameras film in pairs whose views overlap: the second of each pair sees the first one\'s scene mirrored left to right, so every walker is seen by both at once (cameras must be even)'),
  effects: z.strictObject({
    motionBlur: fraction.default(0).describe('Share of passes with motion blur along the walk'),
    lighting: z.number().min(0).max(0.8).default(0)
      .describe('Lighting change amplitude: per-pass face gain in [1-a, 1+a] and a scene ramp of +-a/2'),
    occlusion: fraction.default(0).describe('Share of passes with a partial occluder over 20-35% of the head box (bottom, left or right)'),
    groupLighting: z.array(z.strictObject({
      dimension: z.enum(['sex', 'ethnicity', 'ageBand']),
      code: z.string().min(1).describe('The category whose passes are lit differently'),
      gain: z.number().min(0.1).max(2).describe('Multiplies the face\'s brightness on those passes (e.g. 0.45: much darker)'),
      share: fraction.default(1).describe('Share of that group\'s passes so lit'),
    })).optional()
      .describe('Capture conditions that differ by group on purpose (docs/capture-conditions.md): some passes of a group filmed darker or brighter, to check that the analysis tells a condition effect from a demographic one'),
  }).prefault({}),
  stillProbes: StillProbeSchema.optional().describe('How `evenhand rehearse --use-case rfr|oifr` degrades probe photos as CCTV and phone stills are (defaults below); docs/use-cases.md'),
  requireLabels: z.array(z.enum(['sex', 'ethnicity', 'ageBand'])).default(['sex', 'ethnicity'])
    .describe('Labels a volunteer must have; identities missing one are counted and used as crowd or filler only'),
  labelMap: LabelMapSchema.optional(),
  ageBands: z.array(z.strictObject({
    code: z.string().min(1),
    minYears: z.number().min(0).max(150),
    maxYears: z.number().min(0).max(150).describe('Inclusive upper bound'),
  })).optional().describe('Numeric ages -> age band codes; default under 30 / 30 to 49 / 50 and over'),
  crop: z.strictObject({ x: fraction, y: fraction, w: z.number().gt(0).max(1), h: z.number().gt(0).max(1) }).optional()
    .describe('Head region of each source image as fractions (default: LFW deep-funneled head; whole image for CSV)'),
  background: z.string().optional().describe('Background video (default ../shared/footage/vtest.avi if present; "none" = synthetic)'),
  codec: z.enum(['h264', 'mpeg4']).default('h264').describe('h264 (libx264) or mpeg4 (MPEG-4 part 2) in .mp4'),
  crf: z.number().int().min(0).max(51).default(20).describe('Quality (lower is better)'),
});

export type RehearsalInput = z.input<typeof RehearsalSchema>;
export type RehearsalSettings = z.output<typeof RehearsalSchema>;
