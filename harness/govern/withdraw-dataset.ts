/**
 * A volunteer taken out of a dataset folder: their entry and passes out of the manifest, their enrolment images
 * deleted, and their rows out of a rehearsal's truth and private key (other passes renumbered to match the manifest).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { readStructuredFile } from '../campaign/read-structured-file.ts';
import { insideFolder } from './safe-delete.ts';

/** Everything a withdrawal changes in a dataset folder, computed before anything is written. */
export interface DatasetWithdrawal {
  dir: string;
  manifest: { file: string; text: string };
  /** The volunteer had an entry in the manifest. */
  inManifest: boolean;
  /** Passes taken out of the manifest, still probes (RFR, OIFR) included. */
  passesRemoved: number;
  /** Enrolment images and still probe images inside the folder, to delete (paths relative to it). */
  images: string[];
  /** Enrolment images the manifest names outside the folder: left where they are (the command says so). */
  imagesOutside: number;
  /** Every enrolment image of the volunteer, relative to the folder as provenance.json names inputs. */
  provenanceNames: string[];
  /** Other files rewritten (a rehearsal's truth and private key). */
  rewrites: { file: string; text: string }[];
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/**
 * Plans the withdrawal of volunteer `id` from the dataset whose manifest is `manifestFile`.
 * @throws InputError when the manifest cannot be read.
 */
export function planDatasetWithdrawal(manifestFile: string, id: string): DatasetWithdrawal {
  const dir = path.dirname(path.resolve(manifestFile));
  const raw = readStructuredFile(manifestFile);
  const m: Json = isObject(raw) ? raw : {};
  const volunteers = list(m.volunteers);
  const me = volunteers.find((v) => isObject(v) && v.id === id);
  const passes = list(m.passes);
  const keepPass = passes.map((p) => !(isObject(p) && p.volunteer === id));
  const newIndex: number[] = [];
  let next = 0;
  keepPass.forEach((k) => newIndex.push(k ? next++ : -1));
  // Still probes (RFR, OIFR) of the volunteer go with their passes, and their images with the enrolment images.
  const probes = list(m.probes);
  const mine = probes.filter((p) => isObject(p) && p.volunteer === id);
  const probeImages = mine.flatMap((p) => (isObject(p) && typeof p.image === 'string' ? [p.image] : []));
  const images = [...(isObject(me) ? list(me.enrolmentImages).filter((x): x is string => typeof x === 'string') : []), ...probeImages];
  const inside = images.filter((img) => insideFolder(dir, img) !== null);
  const updated = { ...m, volunteers: volunteers.filter((v) => v !== me), passes: passes.filter((_, i) => keepPass[i]), ...(m.probes === undefined ? {} : { probes: probes.filter((p) => !mine.includes(p)) }) };
  const text = /\.ya?ml$/i.test(manifestFile) ? toYaml(updated) : `${JSON.stringify(updated, null, 1)}\n`;
  // A rehearsal's per-pass truth and private key name passes by their index in the manifest.
  const renumber = (entries: unknown[]): unknown[] => entries
    .filter((e) => !(isObject(e) && e.volunteer === id))
    .map((e) => (isObject(e) && e.list === 'passes' && typeof e.index === 'number' ? { ...e, index: newIndex[e.index] ?? e.index } : e));
  const rewrites: DatasetWithdrawal['rewrites'] = [];
  for (const file of ['rehearsal-truth.json', 'private/source-key.json']) {
    const abs = path.join(dir, file);
    if (!existsSync(abs)) continue;
    const value: unknown = JSON.parse(readFileSync(abs, 'utf8'));
    if (!isObject(value)) continue;
    const out: Json = { ...value, passes: renumber(list(value.passes)) };
    if (Array.isArray(value.volunteers)) out.volunteers = value.volunteers.filter((v) => !(isObject(v) && v.id === id));
    if (Array.isArray(value.probes)) out.probes = value.probes.filter((e) => !(isObject(e) && e.volunteer === id));
    rewrites.push({ file, text: `${JSON.stringify(out)}\n` });
  }
  return {
    dir, manifest: { file: path.resolve(manifestFile), text }, inManifest: me !== undefined, passesRemoved: passes.length - updated.passes.length + mine.length,
    images: inside.map((img) => path.relative(dir, path.resolve(dir, img)).split(path.sep).join('/')), imagesOutside: images.length - inside.length, rewrites,
    provenanceNames: images.map((img) => path.relative(dir, path.resolve(dir, img)) || path.basename(img)),
  };
}
