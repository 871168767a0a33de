/**
 * The adjudication summary: what the footage did not show and how tracks were matched to passes, as numbers (no
 * words, no ids of people): failures to acquire by group and camera, tracks of no known pass and their alerts,
 * ambiguous and tied assignments, tracking measures against place ground truth, and the headline rates under the
 * adjudication's alternatives. A zod schema, so the run's adjudication.json and results.json carry a checked type.
 */
import { z } from 'zod';

const count = z.number().int().min(0);
/** A count out of a total. */
const share = z.strictObject({ k: count, n: count });

/** Passes and passes not acquired (no track assigned) in one cell. */
export const AcquisitionCellSchema = z.strictObject({
  passes: count,
  notAcquired: count.describe('Passes with no track: no face captured (or none assigned); each is a miss in TPIR'),
});

/** Tracking measures (TrackEval's CLEAR and Identity definitions) against the passes' place ground truth. */
export const TrackingMeasuresSchema = z.strictObject({
  cameras: count.describe('Cameras measured: those where every pass, crowd included, has a place'),
  passes: count.describe('Ground-truth trajectories (passes) measured'),
  frames: count,
  truthDetections: count.describe('Pass-frames: a pass in view on a processed frame'),
  trackerDetections: count,
  idtp: count,
  idfp: count,
  idfn: count,
  idf1: z.number().min(0).max(1).nullable().describe('2 IDTP / (2 IDTP + IDFP + IDFN) (Ristani et al. 2016)'),
  idSwitches: count.describe('CLEAR MOT ID switches (Bernardin & Stiefelhagen 2008, as TrackEval counts them)'),
  fragmentations: count.describe('TrackEval Frag: times a pass\'s coverage resumes after an interruption'),
  fragmentationsPerPass: z.number().min(0).nullable(),
  mota: z.number().nullable(),
  similarity: z.literal('box-centre-in-place').describe('A detection matches a pass in a frame when its box centre lies in the pass\'s place (TrackEval uses IoU >= 0.5)'),
});

/** Headline rates under one adjudication rule, at one threshold. */
export const SensitivityRowSchema = z.strictObject({
  rule: z.enum(['time-and-place', 'time']).describe('Place used where the manifest gives one, or time alone'),
  minOverlap: z.number().min(0).max(1),
  main: z.boolean().describe('The rule the results were computed with'),
  threshold: z.number().min(0).max(1),
  acquired: share.describe('Volunteer passes with a track / volunteer passes'),
  tpir: share.describe('Mated searches whose mate is returned at rank <= R with score >= threshold / mated searches'),
  fpirCrowd: share.nullable().describe('Crowd searches with a candidate >= threshold / crowd searches (null without crowd searches)'),
  unassignedAlerts: share.describe('Tracks of no known pass with a candidate >= threshold / tracks of no known pass'),
  ambiguousTracks: count.describe('Tracks that could go to two or more passes under this rule'),
  tiedTracks: count.describe('Assignments decided by the tie rule under this rule'),
});

export const AdjudicationSummarySchema = z.strictObject({
  rule: z.strictObject({
    usePlace: z.boolean().describe('Places in the manifest were used where given (false: time only)'),
    minOverlap: z.number().min(0).max(1),
    passesWithPlace: count,
    passesWithoutPlace: count,
  }),
  volunteerPasses: count,
  volunteerPassesAcquired: count,
  crowdPasses: count,
  crowdPassesAcquired: count,
  failureToAcquire: z.strictObject({
    byGroup: z.record(z.string(), AcquisitionCellSchema).describe('By sex/ethnicity of the volunteer ("unknown" when not given)'),
    byCamera: z.record(z.string(), AcquisitionCellSchema).describe('By deployment/camera'),
  }),
  tracks: count.describe('Tracks replayed (after stitching)'),
  tracksAssigned: count,
  tracksPerAcquiredPass: z.number().nullable().describe('Tracks assigned to a pass / passes (volunteer and crowd) with a track'),
  ambiguousTracks: count.describe('Tracks that scored >= minOverlap with two or more passes'),
  tiedTracks: count.describe('Assigned tracks that scored as well with another pass: decided by the closest start time'),
  assignedByPlace: count,
  assignedByTime: count,
  unassignedTracks: z.strictObject({
    count,
    alerts: z.array(z.strictObject({
      threshold: z.number(),
      alerts: count.describe('Tracks of no known pass whose best candidate scored >= threshold'),
      volunteerAtCamera: count.describe('Of those, alerts naming a volunteer who was passing that camera at the time (a fragment of their pass, not a false alert by a member of the public)'),
    })).describe('At the operational thresholds; counted apart from the crowd\'s alerts'),
  }),
  fillerProbes: count,
  tracking: TrackingMeasuresSchema.nullable().describe('Null when the manifest lacks complete place ground truth'),
  sensitivity: z.array(SensitivityRowSchema),
});

export type AdjudicationSummary = z.infer<typeof AdjudicationSummarySchema>;
export type TrackingMeasures = z.infer<typeof TrackingMeasuresSchema>;
export type SensitivityRow = z.infer<typeof SensitivityRowSchema>;
export type AcquisitionCell = z.infer<typeof AcquisitionCellSchema>;
