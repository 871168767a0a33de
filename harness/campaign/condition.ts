/**
 * Capture conditions: the fixed vocabulary of measured conditions of a search's best shot (face size, head pose,
 * light, sharpness, detector score, time of day), each with its column in the searches table, what it measures,
 * its unit, the range its values may take and the default bins the analysis breaks rates down by. Camera and
 * deployment, the other conditions, are categories already in the table.
 */

/** One measured condition. */
export interface ConditionSpec {
  /** Column of the searches table. */
  column: string;
  label: string;
  unit: string;
  /** What it measures and how (docs/capture-conditions.md has the details). */
  description: string;
  /** Default bin edges, ascending: bin i holds edges[i] <= value < edges[i + 1], the last bin includes its upper edge. */
  bins: readonly number[];
}

/** Every measured condition, in the order tables and reports show them. */
export const Condition = {
  interEye: {
    column: 'inter_eye_px', label: 'Face size', unit: 'pixels between the eyes',
    description: 'Distance between the centres of the two eyes in the best shot, in frame pixels (ISO/IEC 19794-5 calls 60 or more "full frontal" quality)',
    bins: [0, 20, 40, 60, 100_000],
  },
  yaw: {
    column: 'yaw_deg', label: 'Head turn (yaw)', unit: 'degrees',
    description: 'Left-right head turn estimated from the landmarks: the nose tip\'s offset from the eyes\' midpoint relative to half the eye distance, as asin (0 = facing the camera)',
    bins: [-90, -30, -15, 15, 30, 90],
  },
  pitch: {
    column: 'pitch_deg', label: 'Head tilt (pitch)', unit: 'degrees',
    description: 'Up-down head tilt estimated from the landmarks: the nose tip\'s height between the eye line and the mouth line against a frontal face\'s (0 = level, positive = looking down)',
    bins: [-90, -20, -10, 10, 20, 90],
  },
  brightness: {
    column: 'face_brightness', label: 'Face brightness', unit: 'mean luma 0-255',
    description: 'Mean luma (ITU-R BT.601 weights) of the pixels inside the face box of the best shot',
    bins: [0, 60, 100, 160, 255],
  },
  contrast: {
    column: 'face_contrast', label: 'Face contrast', unit: 'luma standard deviation',
    description: 'Standard deviation of luma inside the face box (RMS contrast), 0 for a flat face, at most 127.5',
    bins: [0, 20, 40, 60, 128],
  },
  sharpness: {
    column: 'sharpness', label: 'Sharpness', unit: 'variance of the Laplacian',
    description: 'Variance of the 3x3 Laplacian of luma over the face box resampled to 64 x 64 pixels (Pech-Pacheco et al. 2000); low values are blurred faces',
    bins: [0, 50, 200, 800, 1e9],
  },
  detectorScore: {
    column: 'detector_score', label: 'Detector score', unit: 'detector confidence 0-1',
    description: 'The face detector\'s confidence in the best shot',
    bins: [0, 0.8, 0.9, 0.95, 1],
  },
  timeOfDay: {
    column: 'time_of_day_h', label: 'Time of day', unit: 'hours since local midnight',
    description: 'Local time of the pass\'s start, in hours (0 to 24)',
    bins: [0, 6, 12, 18, 24],
  },
} as const satisfies Record<string, ConditionSpec>;
export type Condition = keyof typeof Condition;

/** Measured conditions in table order. */
export const CONDITIONS = ['interEye', 'yaw', 'pitch', 'brightness', 'contrast', 'sharpness', 'detectorScore', 'timeOfDay'] as const satisfies readonly Condition[];

/** Categorical conditions: columns the searches table already has. */
export const CATEGORICAL_CONDITIONS = ['camera', 'deployment'] as const;
export type CategoricalCondition = (typeof CATEGORICAL_CONDITIONS)[number];

/** True when `name` is a measured condition. */
export function isCondition(name: string): name is Condition {
  return Object.hasOwn(Condition, name);
}

/** The bin of `value` among ascending `edges` (last bin closed), or -1 when it lies outside them or is NaN. */
export function conditionBin(edges: readonly number[], value: number): number {
  const last = edges.length - 1;
  if (!(value >= (edges[0] as number) && value <= (edges[last] as number))) return -1;
  for (let b = last - 1; b >= 0; b--) if (value >= (edges[b] as number)) return b;
  return -1;
}

/** Conditions the analysis may put in its regression: the measured ones and the categorical ones. */
export type ModelCondition = Condition | CategoricalCondition;

/** The condition analysis with every default filled: bins of every measured condition, and the regression's conditions (null: decided by the data). */
export interface ConditionSettings {
  bins: Record<Condition, readonly number[]>;
  model: readonly ModelCondition[] | null;
}

/** Fills the defaults of a protocol's `analysis.conditions` (absent: every default). */
export function conditionSettings(given: { bins: Partial<Record<Condition, number[]>>; model?: ModelCondition[] | undefined } | undefined): ConditionSettings {
  const pick = (c: Condition): readonly number[] => given?.bins[c] ?? Condition[c].bins;
  const bins: Record<Condition, readonly number[]> = {
    interEye: pick('interEye'), yaw: pick('yaw'), pitch: pick('pitch'), brightness: pick('brightness'), contrast: pick('contrast'),
    sharpness: pick('sharpness'), detectorScore: pick('detectorScore'), timeOfDay: pick('timeOfDay'),
  };
  return { bins, model: given?.model ?? null };
}

/** Measured conditions of one search or shot, by condition (absent = not measured). */
export type ConditionValues = Partial<Record<Condition, number>>;
