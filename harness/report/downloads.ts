/** The report's data downloads: every rate row of every algorithm as CSV (RFC 4180) and as an Arrow IPC file. */
import { Bool, type DataType, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Results } from '../analyse/results-schema.ts';
import { csvRow, type CsvValue } from '../core/csv-field.ts';

/** Columns of the rates download, in order. */
export const RATE_COLUMNS = ['algorithm', 'metric', 'population', 'group', 'group_label', 'threshold', 'k', 'n', 'estimate',
  'cp_lower', 'cp_upper', 'wilson_lower', 'wilson_upper', 'bootstrap_lower', 'bootstrap_upper', 'below_min_cell'] as const;

type Cell = CsvValue;

function rateRecords(results: Results): Cell[][] {
  const label = new Map(results.groups.map((g) => [g.id, g.label]));
  return results.algorithms.flatMap((a) => a.rates.map((r) => [
    a.id, r.metric, r.population, r.group, label.get(r.group) ?? r.group, r.threshold, r.k, r.n, r.estimate,
    r.intervals['clopper-pearson'].lower, r.intervals['clopper-pearson'].upper, r.intervals.wilson.lower, r.intervals.wilson.upper,
    r.intervals['cluster-bootstrap']?.lower ?? null, r.intervals['cluster-bootstrap']?.upper ?? null,
    r.n > 0 && r.n < results.settings.minCellSize,
  ]));
}

/**
 * Every rate as CSV text with a header row; missing values are empty cells; text that a spreadsheet would run as a
 * formula (a label starting with =, +, - or @) is written with a leading apostrophe (csvField).
 * @example ratesCsv(results).split('\n')[0]
 */
export function ratesCsv(results: Results): string {
  return `${[csvRow(RATE_COLUMNS), ...rateRecords(results).map(csvRow)].join('\r\n')}\r\n`;
}

/** Every rate as an Arrow IPC file (same columns as the CSV, typed, nullable where the CSV has empty cells). */
export function ratesArrow(results: Results): Uint8Array {
  const records = rateRecords(results);
  const col = (i: number): Cell[] => records.map((r) => r[i] ?? null);
  const types: DataType[] = [new Utf8(), new Utf8(), new Utf8(), new Utf8(), new Utf8(), new Float64(), new Int32(), new Int32(), new Float64(),
    new Float64(), new Float64(), new Float64(), new Float64(), new Float64(), new Float64(), new Bool()];
  const vectors = Object.fromEntries(RATE_COLUMNS.map((name, i) => [name, vectorFromArray(col(i), types[i] as DataType)]));
  return tableToIPC(new Table(vectors), 'file');
}

/** Columns of the CMC download (retrospective use), in order. */
export const CMC_COLUMNS = ['algorithm', 'group', 'group_label', 'rank', 'k', 'n', 'estimate', 'cp_lower', 'cp_upper', 'wilson_lower', 'wilson_upper', 'below_min_cell'] as const;

/**
 * The CMC curve of every algorithm with a still-image (RFR) analysis, one row per group and rank, as CSV; null when
 * no algorithm has one (the report set then leaves the file out).
 * @example cmcCsv(results)?.split('\r\n')[0] // 'algorithm,group,group_label,rank,...'
 */
export function cmcCsv(results: Results): string | null {
  const label = new Map(results.groups.map((g) => [g.id, g.label]));
  const rows: Cell[][] = results.algorithms.flatMap((a) => (a.stillSearch?.cmc ?? []).map((r) => [
    a.id, r.group, label.get(r.group) ?? r.group, r.rank, r.k, r.n, r.estimate,
    r.intervals['clopper-pearson'].lower, r.intervals['clopper-pearson'].upper, r.intervals.wilson.lower, r.intervals.wilson.upper,
    r.n > 0 && r.n < results.settings.minCellSize,
  ]));
  return rows.length === 0 ? null : `${[csvRow(CMC_COLUMNS), ...rows.map(csvRow)].join('\r\n')}\r\n`;
}
