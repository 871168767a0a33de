/** Opens a face source by its shape: an LFW-layout folder, a CSV file, or a folder holding faces.csv. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/input-error.ts';
import type { FaceSource } from './face-source.ts';
import { readFaceCsv } from './read-face-csv.ts';
import { isLfwFolder, readLfwFolder } from './read-lfw-folder.ts';

/**
 * Reads the labelled faces at `location`: an LFW folder (subjects.csv + images/), a .csv file, or a folder with
 * faces.csv.
 * @throws InputError when `location` is none of these, or its content is malformed.
 * @example readFaceSource('../shared/datasets/lfw-dev').identities.length
 */
export function readFaceSource(location: string): FaceSource {
  if (!existsSync(location)) throw new InputError(location, [{ path: '', expected: 'an existing folder or CSV file of labelled faces', got: 'nothing there' }]);
  if (statSync(location).isFile()) return readFaceCsv(location);
  if (isLfwFolder(location)) return readLfwFolder(location);
  const csv = path.join(location, 'faces.csv');
  if (existsSync(csv)) return readFaceCsv(csv);
  throw new InputError(location, [{ path: '', expected: 'an LFW-layout folder (subjects.csv and images/), a faces.csv file or a folder holding faces.csv', got: 'neither' }]);
}
