/**
 * The check a sharing package must pass before it is written: only contract tables, JSON and text; every table
 * column one the contract names; id columns holding pseudonyms only; and no string anywhere that holds an id or a
 * name known to the run (volunteer, gallery and search ids, image file names, names in a rehearsal's private key).
 */
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import path from 'node:path';
import type { InputProblem } from '../core/input-error.ts';
import { CANDIDATE_COLUMNS, CONDITION_COLUMNS, SEARCH_COLUMNS } from '../store/contract.ts';
import { readCategories } from '../store/arrow-columns.ts';
import { PSEUDONYM } from './pseudonymise.ts';

/** Columns that name a person or a search: pseudonyms only. */
export const ID_COLUMNS = ['search_id', 'subject_id', 'gallery_id', 'top_nonmate_id'] as const;

const ALLOWED_COLUMNS = new Set([...SEARCH_COLUMNS, ...CONDITION_COLUMNS, ...CANDIDATE_COLUMNS].map((c) => c.name));
const TEXT = /\.(json|md|txt|csv)$/i;

/** A known identifier found in a package file. */
export interface Finding {
  file: string;
  problem: InputProblem;
}

/** What the scan looks for: ids (volunteer, gallery, search ids) and names of people (and image file names). */
export interface KnownIdentifiers {
  ids: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

/**
 * Scans every file of a package (name -> contents) for `known` ids and names. Returns one finding per problem (empty
 * when the package may be written). Ids and names are matched as whole tokens of letters, digits and _ . : + - (so
 * "v1" does not match inside "faceplugin-v1"); an id made of digits only matches a whole string; names of 8
 * characters or more also match anywhere inside a string.
 */
export function scanForIdentifiers(files: ReadonlyMap<string, string | Uint8Array>, known: KnownIdentifiers): Finding[] {
  const findings: Finding[] = [];
  const long = [...known.names].filter((n) => n.length >= 8);
  const has = (x: string): boolean => known.ids.has(x) || known.names.has(x);
  const hit = (s: string): string | null => {
    if (has(s)) return s;
    for (const token of s.split(/[^A-Za-z0-9_.:+-]+/)) if (token !== '' && !/^\d+$/.test(token) && has(token)) return token;
    return long.find((n) => s.includes(n)) ?? null;
  };
  for (const [file, content] of files) {
    const add = (where: string, expected: string, got?: string): void => void findings.push({ file, problem: { path: where, expected, ...(got === undefined ? {} : { got }) } });
    if (file.endsWith('.arrow')) {
      let table: Table;
      try {
        table = tableFromIPC(content);
      } catch {
        add('', 'an Arrow table');
        continue;
      }
      scanTable(table, file, hit, add);
    } else if (TEXT.test(file)) {
      const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
      if (file.endsWith('.json')) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          add('', 'valid JSON');
          continue;
        }
        walkStrings(value, '', (s, at) => {
          const h = hit(s);
          if (h !== null) add(at, 'no id or name of a person', `${JSON.stringify(h)} in ${JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s)}`);
        });
      } else {
        text.split('\n').forEach((line, i) => {
          const h = hit(line);
          if (h !== null) add(`line ${i + 1}`, 'no id or name of a person', JSON.stringify(h));
        });
      }
    } else {
      add('', 'only tables (.arrow), JSON and text in a sharing package: no images, footage or embeddings', path.extname(file) || 'a file without extension');
    }
  }
  return findings;
}

function scanTable(table: Table, file: string, hit: (s: string) => string | null, add: (where: string, expected: string, got?: string) => void): void {
  for (const field of table.schema.fields) {
    const name = field.name;
    if (!ALLOWED_COLUMNS.has(name)) {
      add(`column ${name}`, 'only the contract\'s columns (datasets/README.md): another column could identify a person');
      continue;
    }
    const vec = table.getChild(name);
    const text = DataType.isUtf8(field.type) || DataType.isLargeUtf8(field.type) || DataType.isDictionary(field.type);
    if (vec === null || !text) continue;
    const { labels } = readCategories(vec, file, name);
    for (const value of labels) {
      if ((ID_COLUMNS as readonly string[]).includes(name)) {
        if (!PSEUDONYM.test(value)) add(`column ${name}`, 'pseudonyms only (p-... or s-... with 16 hex digits)', JSON.stringify(value));
      } else {
        const h = hit(value);
        if (h !== null) add(`column ${name}`, 'no id or name of a person', JSON.stringify(h));
      }
    }
  }
}

function walkStrings(value: unknown, at: string, visit: (s: string, at: string) => void): void {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${at}[${i}]`, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = at === '' ? k : `${at}.${k}`;
      visit(k, `${here} (key)`);
      walkStrings(v, here, visit);
    }
  }
}
