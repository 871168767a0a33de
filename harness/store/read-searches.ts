/**
 * Reads and checks a searches table from any tool into columns the analysis can scan quickly: categories as codes
 * of the campaign's categories, scores as doubles (NaN = none).
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { Expected, Found } from '../core/messages.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { DIMENSIONS, Dimension } from '../campaign/dimension.ts';
import { Condition, CONDITIONS } from '../campaign/condition.ts';
import { categoriesWhenUsed, column, dictionaryLabels, readBooleans, readCategories, readNumbers, type CategoryColumn, type NumberColumn } from './arrow-columns.ts';
import { addonFor, type Engine, type NativeAddon } from '../native/index.ts';
import { StringKeys } from './string-keys.ts';
import { SEARCH_COLUMNS, SIMULATED_METADATA_KEY } from './contract.ts';
import { readArrowFileHashed } from './read-arrow-file.ts';
import { unfilledFloat64, unfilledInt32, unfilledInt8 } from './unfilled-array.ts';

/** A searches table, checked and in scan-friendly columns. */
export interface SearchesData {
  file: string;
  /** sha256 of the file's bytes ('' when checked from a table in memory). */
  sha256: string;
  length: number;
  simulated: boolean;
  /** search_id keys: unique, so a key's code is its row. */
  searchIds: StringKeys;
  source: CategoryColumn;
  /** 1 = mated. */
  mated: Uint8Array;
  /** Read when first used (subject, deployment and camera: the threshold sweep needs none of them). */
  subject: CategoryColumn;
  deployment: CategoryColumn;
  /** Per dimension, the index of the campaign's category; -1 = unknown. */
  demographics: Record<Dimension, Int8Array>;
  mateScore: Float64Array;
  /** 0 = mate not returned. */
  mateRank: Int32Array;
  topNonmateScore: Float64Array;
  /** True when the score columns were stored as 32-bit floats (thresholds are then compared at that precision). */
  float32Scores: boolean;
  /** Entries in the gallery each search was run against (NaN = not given). */
  gallerySize: Float64Array;
  /** False when the table had no score columns: they must be derived from candidates. */
  hasScores: boolean;
  /** Camera of each search (optional column: all -1 when absent). */
  camera: CategoryColumn;
  /** The capture-condition columns the table has (NaN = not measured); absent columns are left out. */
  conditions: Partial<Record<Condition, Float64Array>>;
}

const MAX_PROBLEMS = 20;

/**
 * Reads `file` and checks it against the contract and the campaign's demographic schema.
 * @throws InputError naming the file, the column and row (with its search_id) and what was expected.
 */
export function readSearches(file: string, campaign: Campaign): SearchesData {
  const { table, sha256 } = readArrowFileHashed(file);
  const data = checkSearches(table, file, campaign);
  // the hash is waited for when first read (in the analysis, after the statistics)
  Object.defineProperty(data, 'sha256', { get: sha256, enumerable: true });
  return data;
}

/** The columns every check of checkSearches looks at, checked. */
type CheckedCore = Pick<SearchesData, 'searchIds' | 'source' | 'mated' | 'demographics' | 'mateScore' | 'mateRank' | 'topNonmateScore' | 'float32Scores' | 'hasScores'>;

/**
 * Checks an already-open searches table. With `engine` 'fastest' (the native addon built), a table in the usual
 * layout is read and checked by the addon's row loops (harness/native/searches-scan.c) into the same columns; a table
 * in another layout, or one that fails a check, is read by the TypeScript loops, whose errors name file, column and row.
 * @throws InputError as readSearches.
 */
export function checkSearches(table: Table, file: string, campaign: Campaign, engine: Engine = 'fastest'): SearchesData {
  const problems: InputProblem[] = [];
  for (const spec of SEARCH_COLUMNS) {
    if (spec.required && column(table, spec.name) === null) {
      problems.push({ path: `column ${spec.name}`, expected: `a column named ${spec.name} (${spec.description})`, got: 'no such column' });
    }
  }
  if (problems.length > 0) throw new InputError(file, problems);
  const n = table.numRows;
  if (n === 0) throw new InputError(file, [{ path: '', expected: Expected.atLeastOneRow, got: Found.noRows }]);
  const addon = addonFor(engine);
  // gallery sizes and capture conditions are converted on the addon's thread meanwhile (read here without it)
  const otherNumbers = ['gallery_size', ...CONDITIONS.map((c) => Condition[c].column)];
  const pending = addon === null ? null : doublesInBackground(table, otherNumbers, addon);
  let core: CheckedCore;
  let converted: (NumberColumn | null)[] | null = null;
  try {
    core = (addon === null ? null : scanChecked(table, file, campaign, addon)) ?? checkedCore(table, file, campaign, engine);
  } finally {
    if (pending !== null) converted = pending();
  }
  const numbers = (k: number): NumberColumn | null => {
    const name = otherNumbers[k] as string;
    const vec = column(table, name);
    return converted?.[k] ?? (vec === null ? null : readNumbers(vec, file, name, engine));
  };
  const { searchIds } = core;
  const rowName = (i: number): string => `row ${i} (search_id ${show(searchIds.text(i))})`;
  // read when first used: the threshold sweep needs none of them
  const optional = (name: string): CategoryColumn => {
    const vec = column(table, name);
    return vec === null ? { codes: new Int32Array(n).fill(-1), labels: [], index: new Map() } : categoriesWhenUsed(vec, file, name);
  };
  const conditions: Partial<Record<Condition, Float64Array>> = {};
  CONDITIONS.forEach((c, k) => {
    const col = numbers(k + 1);
    if (col !== null) conditions[c] = col.values;
  });
  const gallery = numbers(0);
  return {
    file,
    sha256: '',
    length: n,
    simulated: table.schema.metadata.get(SIMULATED_METADATA_KEY) === 'true',
    ...core,
    subject: optional('subject_id'),
    deployment: optional('deployment'),
    gallerySize: gallery === null ? new Float64Array(n).fill(NaN) : checkGallerySizes(gallery, table, file, rowName, engine),
    camera: optional('camera'),
    conditions,
  };
}

/** The checks of checkSearches by the TypeScript loops. @throws InputError listing up to MAX_PROBLEMS problems by row. */
function checkedCore(table: Table, file: string, campaign: Campaign, engine: Engine): CheckedCore {
  const problems: InputProblem[] = [];
  const n = table.numRows;
  const searchIds = new StringKeys(column(table, 'search_id') as Vector, file, 'search_id', engine);
  const rowName = (i: number): string => `row ${i} (search_id ${show(searchIds.text(i))})`;
  const add = (p: InputProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  if (searchIds.distinct !== n) {
    for (let i = 0; i < n; i++) {
      const c = searchIds.codes[i] as number;
      if (c < 0) add({ path: `row ${i}: search_id`, expected: 'a search id', got: 'null' });
      else if (searchIds.firstRow[c] !== i) add({ path: `${rowName(i)}: search_id`, expected: 'a search_id not used in an earlier row', got: show(searchIds.text(i)) });
    }
  }
  const source = readCategories(column(table, 'source') as Vector, file, 'source', engine);
  const mated = readBooleans(column(table, 'mated') as Vector, file, 'mated', engine);
  for (let i = 0; i < n; i++) {
    if ((source.codes[i] as number) < 0) add({ path: `${rowName(i)}: source`, expected: 'a source (volunteer, crowd, filler_probe, ...)', got: 'null' });
    if ((mated[i] as number) > 1) add({ path: `${rowName(i)}: mated`, expected: 'true or false', got: (mated[i] as number) === 255 ? 'null' : 'another number' });
  }

  const demographics = {} as Record<Dimension, Int8Array>;
  for (const dim of DIMENSIONS) {
    const name = Dimension[dim].column;
    const vec = column(table, name);
    const codes = new Int8Array(n).fill(-1);
    demographics[dim] = codes;
    if (vec === null) continue;
    const col = readCategories(vec, file, name, engine);
    const allowed = campaign.dimensions[dim].map((c) => c.code);
    const map = col.labels.map((label) => allowed.indexOf(label));
    for (let i = 0; i < n; i++) {
      const c = col.codes[i] as number;
      if (c < 0) continue;
      const m = map[c] as number;
      if (m < 0) add({ path: `${rowName(i)}: ${name}`, expected: `one of ${allowed.join(', ')} or null`, got: show(col.labels[c]) });
      codes[i] = m;
    }
  }

  const scoreVec = column(table, 'mate_score');
  const hasScores = scoreVec !== null || column(table, 'top_nonmate_score') !== null;
  const mateScore = scoreVec === null ? null : readNumbers(scoreVec, file, 'mate_score', engine);
  const rankVec = column(table, 'mate_rank');
  const rankCol = rankVec === null ? null : readNumbers(rankVec, file, 'mate_rank', engine);
  const topVec = column(table, 'top_nonmate_score');
  const top = topVec === null ? null : readNumbers(topVec, file, 'top_nonmate_score', engine);
  for (const [name, col] of [['mate_score', mateScore], ['mate_rank', rankCol], ['top_nonmate_score', top]] as const) {
    for (const i of col?.nanRows ?? []) add({ path: `${rowName(i)}: ${name}`, expected: Expected.numberOrNull, got: Found.nan });
  }
  const mateRank = new Int32Array(n);
  const ms = mateScore?.values ?? new Float64Array(n).fill(NaN);
  const tn = top?.values ?? new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const s = ms[i] as number;
    const t = tn[i] as number;
    const r = rankCol === null ? (Number.isNaN(s) ? NaN : 1) : (rankCol.values[i] as number);
    if (!Number.isNaN(s) && !(s >= 0 && s <= 1)) add({ path: `${rowName(i)}: mate_score`, expected: 'a score in 0..1 or null', got: String(s) });
    if (!Number.isNaN(t) && !(t >= 0 && t <= 1)) add({ path: `${rowName(i)}: top_nonmate_score`, expected: 'a score in 0..1 or null', got: String(t) });
    if (!Number.isNaN(r) && !(Number.isInteger(r) && r >= 1)) add({ path: `${rowName(i)}: mate_rank`, expected: 'a rank >= 1 or null', got: String(r) });
    if (Number.isNaN(s) !== Number.isNaN(r)) add({ path: `${rowName(i)}: mate_rank`, expected: 'a rank exactly when mate_score is set', got: Number.isNaN(r) ? 'null' : String(r) });
    if (mated[i] === 0 && !Number.isNaN(s)) add({ path: `${rowName(i)}: mate_score`, expected: 'null for a non-mated search (it has no mate)', got: String(s) });
    mateRank[i] = Number.isNaN(r) ? 0 : r;
  }
  if (problems.length > 0) {
    if (problems.length === MAX_PROBLEMS) problems.push({ path: '', expected: `at most ${MAX_PROBLEMS} problems shown; fix these and run again` });
    throw new InputError(file, problems);
  }
  return { searchIds, source, mated, demographics, mateScore: ms, mateRank, topNonmateScore: tn, float32Scores: (mateScore?.float32 ?? false) || (top?.float32 ?? false), hasScores };
}

/**
 * The checks of checkSearches by the native addon's row loops, for a table in the usual layout (one chunk per column,
 * dictionaries of strings with 32-bit keys, search ids without nulls): the same columns as checkedCore, or null when
 * the table is in another layout or fails any check (checkedCore then reads it again and names each problem).
 */
function scanChecked(table: Table, file: string, campaign: Campaign, addon: NativeAddon): CheckedCore | null {
  const n = table.numRows;
  const idVec = column(table, 'search_id') as Vector;
  const ids = idVec.data[0];
  const offsets: unknown = ids?.valueOffsets;
  const bytes: unknown = ids?.values;
  if (idVec.data.length !== 1 || ids === undefined || !DataType.isUtf8(ids.type) || idVec.nullCount !== 0
    || !(offsets instanceof Int32Array) || offsets.length <= n || offsets[0] !== 0 || !(bytes instanceof Uint8Array)) return null;
  // the ids are shown distinct on the addon's own thread while this one reads the other columns
  const check = addon.distinctUtf8Begin(offsets.subarray(0, n + 1), bytes);
  try {
    const rest = scanColumns(table, file, campaign, addon);
    return rest === null || !addon.distinctUtf8End(check) ? null : { searchIds: StringKeys.ofDistinct(idVec, file, 'search_id'), ...rest };
  } finally {
    addon.distinctUtf8End(check);
  }
}

/** The columns of scanChecked but the ids, or null as there. */
function scanColumns(table: Table, file: string, campaign: Campaign, addon: NativeAddon): Omit<CheckedCore, 'searchIds'> | null {
  const n = table.numRows;
  // the score columns are converted to doubles on the addon's thread while this one reads the categories
  const pending = doublesInBackground(table, SCORE_COLUMNS, addon);
  let categories: Pick<CheckedCore, 'source' | 'mated' | 'demographics'> | null;
  let converted: (NumberColumn | null)[] = [];
  try {
    categories = scanCategories(table, file, campaign, addon);
  } finally {
    if (pending !== null) converted = pending();
  }
  if (categories === null) return null;
  const scores = pending === null ? scoresHere(table, file) : withoutStoredNaN(converted);
  if (scores === null) return null;
  const { mateScore, rankCol, top } = scores;
  const ms = mateScore?.values ?? new Float64Array(n).fill(NaN);
  const tn = top?.values ?? new Float64Array(n).fill(NaN);
  // every row written by checkScores
  const mateRank = unfilledInt32(n);
  if (addon.checkScores(categories.mated, ms, rankCol?.values ?? null, tn, mateRank) > 0) return null;
  return {
    ...categories, mateScore: ms, mateRank, topNonmateScore: tn,
    float32Scores: (mateScore?.float32 ?? false) || (top?.float32 ?? false), hasScores: mateScore !== null || top !== null,
  };
}

/** The source, mated and demographic columns by the addon's loops, or null as scanChecked. */
function scanCategories(table: Table, file: string, campaign: Campaign, addon: NativeAddon): Pick<CheckedCore, 'source' | 'mated' | 'demographics'> | null {
  const n = table.numRows;
  const source = readCategories(column(table, 'source') as Vector, file, 'source');
  if (source.codes.indexOf(-1) >= 0) return null;
  const mated = readBooleans(column(table, 'mated') as Vector, file, 'mated');
  const demographics = {} as Record<Dimension, Int8Array>;
  for (const dim of DIMENSIONS) {
    // every row written, by dictionaryCodes or the fill below
    const codes = unfilledInt8(n);
    demographics[dim] = codes;
    const vec = column(table, Dimension[dim].column);
    if (vec === null) {
      codes.fill(-1);
      continue;
    }
    const data = vec.data[0];
    const keys: unknown = data?.values;
    const dict = data?.dictionary;
    if (vec.data.length !== 1 || data === undefined || !DataType.isDictionary(data.type) || !(keys instanceof Int32Array) || dict === undefined) return null;
    // dictionary entry -> the campaign's category (-1: unknown, or a null entry: both read again in TypeScript)
    const allowed = campaign.dimensions[dim].map((c) => c.code);
    const lookup = Int32Array.from(dictionaryLabels(dict), (label) => (label === null ? -1 : allowed.indexOf(label)));
    const bitmap = data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0 ? null : data.nullBitmap;
    if (keys.length < n || addon.dictionaryCodes(keys.subarray(0, n), bitmap, data.offset, lookup, codes) > 0) return null;
  }
  return { source, mated, demographics };
}

/** The three score columns as doubles (null: the table has no such column). */
interface ScoreColumns {
  mateScore: NumberColumn | null;
  rankCol: NumberColumn | null;
  top: NumberColumn | null;
}

const SCORE_COLUMNS = ['mate_score', 'mate_rank', 'top_nonmate_score'] as const;

/** The score columns read on this thread; null when one holds a stored NaN (read again in TypeScript to name it). */
function scoresHere(table: Table, file: string): ScoreColumns | null {
  return withoutStoredNaN(SCORE_COLUMNS.map((name) => {
    const vec = column(table, name);
    return vec === null ? null : readNumbers(vec, file, name);
  }));
}

/** The score columns (in SCORE_COLUMNS' order) by name, or null when one holds a stored NaN. */
function withoutStoredNaN([mateScore = null, rankCol = null, top = null]: (NumberColumn | null)[]): ScoreColumns | null {
  if ([mateScore, rankCol, top].some((c) => c !== null && c.nanCount > 0)) return null;
  return { mateScore, rankCol, top };
}

/** Most columns one toDoublesBegin converts (searches-scan.c). */
const MAX_BACKGROUND_COLUMNS = 16;

/**
 * Starts converting the numeric columns `names` to doubles on the addon's thread (toDoublesBegin) and returns the
 * function that waits for them: each as readNumbers gives it (stored NaNs counted, not listed: a caller that must
 * name their rows reads the column again), null for a column the table lacks. Null at once when a column is not in
 * the usual layout (one chunk of 64- or 32-bit floats or 32-bit integers), or when there are more than 16: the caller
 * reads them itself then.
 */
function doublesInBackground(table: Table, names: readonly string[], addon: NativeAddon): (() => (NumberColumn | null)[]) | null {
  const work: [Float64Array | Float32Array | Int32Array, Uint8Array | null, number, Float64Array][] = [];
  const made: (NumberColumn | null)[] = [];
  for (const name of names) {
    const vec = column(table, name);
    if (vec === null) {
      made.push(null);
      continue;
    }
    const data = vec.data[0];
    const values: unknown = data?.values;
    if (vec.data.length !== 1 || data === undefined || !(DataType.isInt(data.type) || DataType.isFloat(data.type))
      || !(values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) || values.length < data.length) return null;
    // every row written by the conversion (nulls as NaN)
    const out = unfilledFloat64(data.length);
    const bitmap = data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0 ? null : data.nullBitmap;
    work.push([values, bitmap, data.offset, out]);
    made.push({ values: out, float32: values instanceof Float32Array, nanRows: [], nanCount: 0 });
  }
  if (work.length > MAX_BACKGROUND_COLUMNS) return null;
  const job = addon.toDoublesBegin(work);
  return () => {
    const counts = addon.toDoublesEnd(job);
    let k = 0;
    return made.map((col) => (col === null ? null : { ...col, nanCount: counts[k++] ?? 0 }));
  };
}

/**
 * gallery_size as doubles (NaN = null), from the column as read (`read`).
 * @throws InputError for a stored NaN or a size that is not a whole number >= 1.
 */
function checkGallerySizes(read: NumberColumn, table: Table, file: string, rowName: (i: number) => string, engine: Engine): Float64Array {
  // every size whole and >= 1 (or null): known at once from the native addon's count, else from the loop below
  const addon = addonFor(engine);
  if (addon !== null && read.nanCount === 0 && addon.countNotWhole(read.values) === 0) return read.values;
  // read here again when the stored NaNs were counted but not listed (on the addon's thread)
  const vec = column(table, 'gallery_size');
  const col = read.nanCount > read.nanRows.length && vec !== null ? readNumbers(vec, file, 'gallery_size', engine) : read;
  const values = col.values;
  const problems: InputProblem[] = [];
  for (let i = 0; i < values.length && problems.length < MAX_PROBLEMS; i++) {
    const v = values[i] as number;
    // whole numbers >= 1 pass at once; NaN is a null, or a stored NaN when readNumbers listed the row
    if (v >= 1 && Number.isInteger(v)) continue;
    const nan = v !== v && col.nanRows.includes(i);
    if (nan || v === v) problems.push({ path: `${rowName(i)}: gallery_size`, expected: 'a whole number >= 1 or null', got: nan ? Found.nan : String(v) });
  }
  if (problems.length > 0) throw new InputError(file, problems);
  return col.values;
}
