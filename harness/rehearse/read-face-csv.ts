/** Adapter for a generic CSV of labelled face images: columns image,identity,sex,ethnicity,age (paths relative to the CSV). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { unreadable } from '../core/messages.ts';
import { resolveInside } from '../core/path-rule.ts';
import type { FaceIdentity, FaceSource } from './face-source.ts';
import { parseCsv } from './parse-csv.ts';

/** Columns of the generic face CSV; image and identity are required, labels may be empty (unknown). */
export const FACE_CSV_COLUMNS = ['image', 'identity', 'sex', 'ethnicity', 'age'] as const;

/**
 * Reads a face CSV. One row per image; rows of one identity must agree on their labels. The images are expected to
 * be head shots (the whole image is the head cut-out unless the protocol sets `rehearsal.crop`).
 * @throws InputError naming the CSV and each bad row: missing columns, image files missing or outside the CSV's folder
 * (the path rule, core/path-rule.ts), conflicting labels.
 * @example const source = readFaceCsv('faces/faces.csv')
 */
export function readFaceCsv(file: string): FaceSource {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) {
    throw new InputError(file, [unreadable(err, 'a readable CSV file')]);
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const idx = Object.fromEntries(FACE_CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof FACE_CSV_COLUMNS)[number], number>;
  if (idx.image < 0 || idx.identity < 0) {
    throw new InputError(file, [{ path: 'header', expected: `columns ${FACE_CSV_COLUMNS.join(',')} (image and identity required)`, got: show(header.join(',')) }]);
  }
  const base = path.dirname(path.resolve(file));
  const problems: InputProblem[] = [];
  const byId = new Map<string, FaceIdentity>();
  rows.slice(1).forEach((row, r) => {
    const where = `row ${r + 2}`;
    const cell = (i: number): string | null => {
      const v = i < 0 ? '' : (row[i] ?? '').trim();
      return v === '' ? null : v;
    };
    const image = cell(idx.image);
    const identity = cell(idx.identity);
    if (image === null || identity === null) { problems.push({ path: where, expected: 'an image and an identity', got: show(row.join(',')) }); return; }
    const check = resolveInside(image, { base, allowed: [] }, 'file');
    if (!check.ok) { problems.push({ path: `${where}.image`, expected: check.expected, got: check.got }); return; }
    const abs = check.file;
    const labels = { sex: cell(idx.sex), ethnicity: cell(idx.ethnicity), age: cell(idx.age) };
    const known = byId.get(identity);
    if (known === undefined) { byId.set(identity, { identity, images: [abs], labels }); return; }
    for (const k of ['sex', 'ethnicity', 'age'] as const) {
      if (known.labels[k] !== labels[k]) {
        problems.push({ path: `${where}.${k}`, expected: `the same ${k} as earlier rows of identity ${show(identity)} (${show(known.labels[k])})`, got: show(labels[k]) });
      }
    }
    if (known.images.includes(abs)) problems.push({ path: `${where}.image`, expected: 'an image not listed before', got: show(image) });
    else known.images.push(abs);
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return { format: 'csv', location: file, identities: [...byId.values()], defaultCrop: { x: 0, y: 0, w: 1, h: 1 } };
}
