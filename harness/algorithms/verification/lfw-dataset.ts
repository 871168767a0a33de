/** readLfwDataset: a folder laid out like LFW (images/<id>/<id>_NNNN.jpg, pairs.tsv, subjects.csv), validated. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type InputProblem } from '../../core/input-error.ts';
import { unreadable } from '../../core/messages.ts';

/** One verification pair: two images and whether they show the same person. */
export interface LfwPair {
  identityA: string;
  imageA: number;
  identityB: string;
  imageB: number;
  mated: boolean;
}

/** What subjects.csv says of one identity. */
export interface LfwSubject {
  sex: string | null;
  ethnicity: string | null;
}

/** A loaded LFW-style dataset. */
export interface LfwDataset {
  dir: string;
  pairs: LfwPair[];
  subjects: Map<string, LfwSubject>;
}

/** Path of image number `n` (1-based) of `identity`: images/<identity>/<identity>_000n.jpg. */
export function lfwImagePath(dir: string, identity: string, n: number): string {
  return path.join(dir, 'images', identity, `${identity}_${String(n).padStart(4, '0')}.jpg`);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [unreadable(err)]);
  }
}

/**
 * Reads pairs.tsv (identity_a, image_a, identity_b, image_b, mated) and subjects.csv (identity, n_images, sex,
 * ethnicity) from `dir`.
 * @throws InputError naming the file, the line and the column when a row is malformed.
 */
export async function readLfwDataset(dir: string): Promise<LfwDataset> {
  const pairsFile = path.join(dir, 'pairs.tsv');
  const subjectsFile = path.join(dir, 'subjects.csv');
  const pairLines = (await readText(pairsFile)).split(/\r?\n/).filter((l) => l !== '');
  const problems: InputProblem[] = [];
  const header = pairLines[0]?.split('\t') ?? [];
  const want = ['identity_a', 'image_a', 'identity_b', 'image_b', 'mated'];
  if (want.some((w, i) => header[i] !== w)) problems.push({ path: 'line 1', expected: `header ${want.join('\\t')}`, got: pairLines[0] ?? 'an empty file' });
  const pairs: LfwPair[] = [];
  for (let i = 1; i < pairLines.length && problems.length < 10; i++) {
    const [ia, na, ib, nb, m] = pairLines[i]!.split('\t');
    const imageA = Number(na), imageB = Number(nb);
    if (ia === undefined || ib === undefined || !Number.isInteger(imageA) || !Number.isInteger(imageB) || (m !== '0' && m !== '1')) {
      problems.push({ path: `line ${i + 1}`, expected: 'identity, image number, identity, image number, mated 0/1 separated by tabs', got: pairLines[i] });
      continue;
    }
    pairs.push({ identityA: ia, imageA, identityB: ib, imageB, mated: m === '1' });
  }
  if (problems.length > 0) throw new InputError(pairsFile, problems);
  const subjects = new Map<string, LfwSubject>();
  const subjectLines = (await readText(subjectsFile)).split(/\r?\n/).filter((l) => l !== '');
  if (!(subjectLines[0] ?? '').startsWith('identity,n_images,sex,ethnicity')) {
    throw new InputError(subjectsFile, [{ path: 'line 1', expected: 'header identity,n_images,sex,ethnicity', got: subjectLines[0] ?? 'an empty file' }]);
  }
  for (const line of subjectLines.slice(1)) {
    const [id, , sex, eth] = line.split(',');
    if (id === undefined) continue;
    subjects.set(id, { sex: sex === undefined || sex === '' ? null : sex, ethnicity: eth === undefined || eth === '' ? null : eth });
  }
  return { dir, pairs, subjects };
}
