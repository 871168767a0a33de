/**
 * The contract between replay and analysis: the columns of `searches.arrow` (one row per search: one person's pass
 * through one camera's zone, or one probe image) and `candidates.arrow` (top-k gallery candidates per search).
 * Anything that writes these two tables (the replay, the simulator, a vendor's export, a script) can be analysed.
 */
import { Bool, Dictionary, Float64, Int32, Utf8, type DataType } from 'apache-arrow';
import { Condition, CONDITIONS } from '../campaign/condition.ts';

/** What a column holds: its Arrow type family, and the JavaScript value a row gives it. */
export type ColumnKind = 'string' | 'category' | 'number' | 'integer' | 'boolean';

/** A column's definition, before it is named. */
interface ColumnDef {
  /** Arrow type Evenhand writes. Readers accept any numeric type for numbers and Utf8 or dictionary for strings. */
  type: () => DataType;
  kind: ColumnKind;
  nullable: boolean;
  /** Required in files from other tools; optional columns may be absent (read as all null). */
  required: boolean;
  description: string;
}

/** One column of a contract table. */
export interface ColumnSpec extends ColumnDef {
  name: string;
}

/**
 * A dictionary-encoded string column. Its dictionary id is fixed (Arrow would otherwise number dictionaries with a
 * process-wide counter, so the same table written twice in one process would differ in its bytes).
 */
const category = (id: number) => (): DataType => new Dictionary(new Utf8(), new Int32(), id);

/** Sources of searches Evenhand knows; a table may use others (they are reported as their own population). */
export const SearchSource = {
  volunteer: 'A volunteer passing a camera (mated when enrolled on the watchlist)',
  crowd: 'A member of the public passing a camera (never mated; demographics unknown)',
  filler_probe: "A volunteer's captured face searched against the filler gallery, which does not contain them",
} as const;
export type SearchSource = keyof typeof SearchSource;

const SEARCH_DEFS = {
  search_id: { type: () => new Utf8(), kind: 'string', nullable: false, required: true, description: 'Unique id of the search' },
  deployment: { type: category(1), kind: 'category', nullable: true, required: false, description: 'Deployment id' },
  camera: { type: category(2), kind: 'category', nullable: true, required: false, description: 'Camera id within the deployment' },
  t_start_ms: { type: () => new Float64(), kind: 'number', nullable: true, required: false, description: 'Start of the pass, ms on the deployment clock' },
  t_end_ms: { type: () => new Float64(), kind: 'number', nullable: true, required: false, description: 'End of the pass, ms on the deployment clock' },
  source: { type: category(3), kind: 'category', nullable: false, required: true, description: 'volunteer | crowd | filler_probe | ...' },
  mated: { type: () => new Bool(), kind: 'boolean', nullable: false, required: true, description: 'Is this person enrolled in the gallery searched' },
  subject_id: { type: category(4), kind: 'category', nullable: true, required: false, description: 'Volunteer id; null for the public' },
  sex: { type: category(5), kind: 'category', nullable: true, required: false, description: 'Sex category code; null = unknown' },
  ethnicity: { type: category(6), kind: 'category', nullable: true, required: false, description: 'Ethnicity category code; null = unknown' },
  age_band: { type: category(7), kind: 'category', nullable: true, required: false, description: 'Age band code; null = unknown' },
  mate_score: { type: () => new Float64(), kind: 'number', nullable: true, required: false, description: "The mate's score; null when the mate was not returned" },
  mate_rank: { type: () => new Int32(), kind: 'integer', nullable: true, required: false, description: "The mate's rank (1 = top); null when not returned" },
  top_nonmate_score: { type: () => new Float64(), kind: 'number', nullable: true, required: false, description: 'Highest score of a non-mate; null when none returned' },
  top_nonmate_id: { type: () => new Utf8(), kind: 'string', nullable: true, required: false, description: 'Gallery id of that non-mate' },
  frames_seen: { type: () => new Int32(), kind: 'integer', nullable: true, required: false, description: 'Covariate: frames in which the face was seen' },
  face_size_px: { type: () => new Float64(), kind: 'number', nullable: true, required: false, description: 'Covariate: face size (inter-ocular or box height) in pixels' },
  gallery_size: { type: () => new Int32(), kind: 'integer', nullable: true, required: false, description: 'Entries in the gallery searched (for FPIR scaling)' },
} as const satisfies Record<string, ColumnDef>;

const CANDIDATE_DEFS = {
  search_id: { type: () => new Utf8(), kind: 'string', nullable: false, required: true, description: 'The search this candidate belongs to' },
  rank: { type: () => new Int32(), kind: 'integer', nullable: false, required: true, description: '1 = highest score' },
  gallery_id: { type: () => new Utf8(), kind: 'string', nullable: false, required: true, description: 'Gallery (watchlist or filler) entry id' },
  score: { type: () => new Float64(), kind: 'number', nullable: false, required: true, description: 'Face-match score, 0..1' },
  is_mate: { type: () => new Bool(), kind: 'boolean', nullable: false, required: true, description: 'The candidate is the searched person' },
  gallery_ethnicity: { type: category(8), kind: 'category', nullable: true, required: false, description: 'Ethnicity code of the gallery entry, when known (for who-matched-whom)' },
} as const satisfies Record<string, ColumnDef>;

/** The JavaScript value of a column of kind K. */
type ValueOfKind<K extends ColumnKind> = K extends 'string' | 'category' ? string : K extends 'boolean' ? boolean : number;

/** One row of a table with column definitions D: each column's value, or null where the column is nullable. */
type RowOf<D extends Record<string, ColumnDef>> = {
  -readonly [C in keyof D]: ValueOfKind<D[C]['kind']> | (D[C]['nullable'] extends true ? null : never);
};

/** One row of searches.arrow, typed from its column definitions (null = missing). */
export type SearchRow = RowOf<typeof SEARCH_DEFS>;
/** One row of candidates.arrow, typed from its column definitions. */
export type CandidateRow = RowOf<typeof CANDIDATE_DEFS>;

const named = (defs: Record<string, ColumnDef>): readonly ColumnSpec[] => Object.entries(defs).map(([name, def]) => ({ name, ...def }));

/** The columns of searches.arrow, in file order. */
export const SEARCH_COLUMNS: readonly ColumnSpec[] = named(SEARCH_DEFS);
/** The columns of candidates.arrow, in file order. */
export const CANDIDATE_COLUMNS: readonly ColumnSpec[] = named(CANDIDATE_DEFS);

/**
 * An optional candidates column: the operator's decision on alerts this candidate headed (confirmed, dismissed, or
 * null when none was recorded), written by log imports whose log records decisions.
 */
export const OPERATOR_DECISION_COLUMN: ColumnSpec = {
  name: 'operator_decision', type: category(9), kind: 'category', nullable: true, required: false,
  description: 'The operator\'s decision on alerts this candidate headed: confirmed, dismissed, or null (none recorded)',
};

/**
 * Optional searches columns: the capture conditions of each search's best shot (harness/campaign/condition.ts says
 * what each measures). Written by adjudication of a replay and by any tool that has them (a vendor's log may carry its
 * own); absent columns are read as unknown. Kept out of SEARCH_COLUMNS so tables without them keep their bytes.
 */
export const CONDITION_COLUMNS: readonly ColumnSpec[] = CONDITIONS.map((c) => ({
  name: Condition[c].column, type: () => new Float64(), kind: 'number', nullable: true, required: false,
  description: `Capture condition: ${Condition[c].label.toLowerCase()} (${Condition[c].unit}) of the best shot; null = not measured`,
}));

/** A searches row with its capture conditions (columns of CONDITION_COLUMNS, null = not measured). */
export type SearchRowWithConditions = SearchRow & Record<(typeof Condition)[Condition]['column'], number | null>;

/** Schema metadata key marking simulated data, so every later output can say so. */
export const SIMULATED_METADATA_KEY = 'evenhand.simulated';
