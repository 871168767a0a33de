/** Rehearsal settings: the protocol's `rehearsal` block (or the defaults) with command-line overrides applied. */
import { RehearsalSchema, type Campaign, type RehearsalSettings } from '../campaign/index.ts';
import { InputError } from '../core/input-error.ts';
import { parseWithSchema } from '../campaign/index.ts';

/** Overrides from the command line; undefined leaves the protocol's value. */
export interface RehearsalOverrides {
  volunteers?: number; nonEnrolledVolunteers?: number; passesPerVolunteer?: number; crowdPasses?: number;
  fillerGallerySize?: number; deployments?: number; cameras?: number; width?: number; height?: number; fps?: number;
  lanes?: number; overlappingViews?: boolean; faceMinPx?: number; faceMaxPx?: number; passMinMs?: number; passMaxMs?: number;
  motionBlur?: number; lighting?: number; occlusion?: number; background?: string; codec?: 'h264' | 'mpeg4';
}

/**
 * The campaign's rehearsal settings with `over` applied, validated again by the schema.
 * @throws InputError naming `--option` style paths when an override is out of range.
 * @example resolveRehearsalSettings(campaign, { volunteers: 10 })
 */
export function resolveRehearsalSettings(campaign: Campaign, over: RehearsalOverrides = {}): RehearsalSettings {
  const base = campaign.rehearsal ?? RehearsalSchema.parse({});
  const pick = <T>(v: T | undefined, d: T): T => (v === undefined ? d : v);
  const merged = {
    ...base,
    volunteers: pick(over.volunteers, base.volunteers),
    nonEnrolledVolunteers: pick(over.nonEnrolledVolunteers, base.nonEnrolledVolunteers),
    passesPerVolunteer: pick(over.passesPerVolunteer, base.passesPerVolunteer),
    crowdPasses: pick(over.crowdPasses, base.crowdPasses),
    fillerGallerySize: pick(over.fillerGallerySize, base.fillerGallerySize),
    deployments: pick(over.deployments, base.deployments),
    cameras: pick(over.cameras, base.cameras),
    width: pick(over.width, base.width),
    height: pick(over.height, base.height),
    fps: pick(over.fps, base.fps),
    lanes: pick(over.lanes, base.lanes),
    overlappingViews: pick(over.overlappingViews, base.overlappingViews),
    faceHeightPx: { min: pick(over.faceMinPx, base.faceHeightPx.min), max: pick(over.faceMaxPx, base.faceHeightPx.max) },
    passDurationMs: { min: pick(over.passMinMs, base.passDurationMs.min), max: pick(over.passMaxMs, base.passDurationMs.max) },
    effects: {
      motionBlur: pick(over.motionBlur, base.effects.motionBlur),
      lighting: pick(over.lighting, base.effects.lighting),
      occlusion: pick(over.occlusion, base.effects.occlusion),
    },
    background: pick(over.background, base.background),
    codec: pick(over.codec, base.codec),
  };
  if (merged.lanes === undefined) delete merged.lanes;
  if (merged.background === undefined) delete merged.background;
  try {
    return parseWithSchema(RehearsalSchema, merged, 'rehearsal settings');
  } catch (err) {
    if (err instanceof InputError) throw new InputError('rehearsal settings (protocol rehearsal block and command-line options)', err.problems);
    throw err;
  }
}
