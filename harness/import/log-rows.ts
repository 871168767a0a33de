/**
 * Log rows: a vendor log file read into rows (CSV records by header, or JSON objects), each with the line it starts
 * on, so that every later problem can name the file, the line and the field. Rows that cannot be read at all (an
 * unclosed quote, a wrong number of columns, a line that is not JSON) are problems of their own.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../core/input-error.ts';
import type { RowProblem } from './row-problem.ts';

/** One row of a log: where it starts, and its fields by column name or JSON path. */
export interface LogRow {
  line: number;
  /** The value at a CSV column name or a dotted JSON path (undefined when absent). */
  get(path: string): unknown;
}

/** How to read a log file. */
export interface ReadRowsOptions {
  file: 'csv' | 'jsonl' | 'json';
  delimiter?: string;
  skipLines?: number;
}

/** The value at a dotted path of a JSON value (`a.b.c`); a key with dots in it is tried whole first. */
export function valueAt(value: unknown, path: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  if (path in value) return (value as Record<string, unknown>)[path];
  const cut = path.indexOf('.');
  if (cut < 0) return undefined;
  return valueAt((value as Record<string, unknown>)[path.slice(0, cut)], path.slice(cut + 1));
}

const jsonRow = (line: number, value: unknown): LogRow => ({ line, get: (p) => valueAt(value, p) });

/**
 * Reads `path` as rows. Rows that cannot be read are returned as problems (line, what was expected), not thrown.
 * @throws InputError when the file cannot be read at all, or a CSV has no header.
 */
export function readLogRows(path: string, options: ReadRowsOptions): { rows: LogRow[]; problems: RowProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, [{ path: '', expected: 'a readable log file', got: err instanceof Error && 'code' in err ? String(err.code) : String(err) }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const problems: RowProblem[] = [];
  switch (options.file) {
    case 'jsonl': {
      const rows: LogRow[] = [];
      text.split(/\r?\n/).forEach((raw, i) => {
        if (raw.trim() === '') return;
        try {
          const value: unknown = JSON.parse(raw);
          if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push({ line: i + 1, field: '', expected: 'a JSON object', got: raw.slice(0, 60) });
          else rows.push(jsonRow(i + 1, value));
        } catch {
          problems.push({ line: i + 1, field: '', expected: 'a line of JSON', got: raw.slice(0, 60) });
        }
      });
      return { rows, problems };
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new InputError(path, [{ path: '', expected: 'valid JSON', got: err instanceof Error ? err.message : String(err) }]);
      }
      const list = Array.isArray(value) ? value : valueAt(value, 'alerts');
      if (!Array.isArray(list)) throw new InputError(path, [{ path: '', expected: 'a JSON array of rows, or an object with an "alerts" array' }]);
      // A JSON array has no useful line numbers: rows are numbered by their index, 1-based, and called "row".
      return { rows: list.map((v, i) => jsonRow(i + 1, v)), problems };
    }
    case 'csv': {
      const skip = options.skipLines ?? 0;
      const records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
        columns: (header: string[]) => header.map((h) => h.trim()),
        delimiter: options.delimiter ?? ',',
        from_line: skip + 1,
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (err) => {
          if (err === undefined) return;
          const line = typeof err === 'object' && 'lines' in err && typeof err.lines === 'number' ? err.lines + skip : 0;
          problems.push({ line, field: '', expected: 'a CSV row with one value per header column', got: err.message.split(':')[0] ?? err.message });
        },
      });
      if (records.length === 0 && problems.length === 0 && text.trim() === '') throw new InputError(path, [{ path: '', expected: 'a CSV file with a header row' }]);
      return { rows: records.map((r) => ({ line: r.info.lines + skip, get: (p: string) => r.record[p] })), problems };
    }
  }
}
