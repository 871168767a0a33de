/** Adapter for the LFW layout: images/<Identity>/<Identity>_NNNN.jpg and subjects.csv (identity,n_images,sex,ethnicity). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import type { FaceIdentity, FaceSource } from './face-source.ts';
import { parseCsv } from './parse-csv.ts';

/** The head region of an LFW deep-funneled 250x250 image: forehead to chin, ear to ear. */
export const LFW_HEAD_CROP = { x: 0.2, y: 0.14, w: 0.6, h: 0.72 } as const;

/** True when `dir` looks like an LFW folder (subjects.csv and images/). */
export function isLfwFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'subjects.csv')) && existsSync(path.join(dir, 'images'));
}

/**
 * Reads an LFW-layout folder. Identities listed in subjects.csv without an images folder, or with no images, are
 * errors; images on disk come sorted by name. Empty sex/ethnicity cells become null (unknown); LFW has no age.
 * @throws InputError naming subjects.csv and the row when the header or a row is malformed.
 * @example const source = readLfwFolder('../shared/datasets/lfw-dev')
 */
export function readLfwFolder(dir: string): FaceSource {
  const file = path.join(dir, 'subjects.csv');
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows[0] ?? [];
  const col = (name: string): number => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [iId, iSex, iEth] = [col('identity'), col('sex'), col('ethnicity')];
  if (iId < 0) throw new InputError(file, [{ path: 'header', expected: 'a column "identity" (and optional sex, ethnicity)', got: show(header.join(',')) }]);
  const problems: InputProblem[] = [];
  const identities: FaceIdentity[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((row, r) => {
    const identity = (row[iId] ?? '').trim();
    const where = `row ${r + 2}`;
    if (identity === '' || identity.includes('/') || identity.includes('\\') || identity.startsWith('.')) {
      problems.push({ path: where, expected: 'an identity name (a folder under images/)', got: show(identity) });
      return;
    }
    if (seen.has(identity)) { problems.push({ path: where, expected: 'an identity not listed before', got: show(identity) }); return; }
    seen.add(identity);
    const folder = path.join(dir, 'images', identity);
    let images: string[] = [];
    try {
      images = readdirSync(folder).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => path.join(folder, f));
    } catch {
      problems.push({ path: where, expected: `a folder images/${identity}/`, got: 'none' });
      return;
    }
    if (images.length === 0) { problems.push({ path: where, expected: `images in images/${identity}/`, got: 'none' }); return; }
    const cell = (i: number): string | null => {
      const v = i < 0 ? '' : (row[i] ?? '').trim();
      return v === '' ? null : v;
    };
    identities.push({ identity, images, labels: { sex: cell(iSex), ethnicity: cell(iEth), age: null } });
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return { format: 'lfw', location: dir, identities, defaultCrop: { ...LFW_HEAD_CROP } };
}
