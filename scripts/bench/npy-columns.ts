/**
 * Bench support: a searches.arrow table's columns as .npy files (NumPy's own format) plus settings.json, so that
 * sweep_numpy.py can do the same work from memory-ready arrays: fixed-width bytes for search ids, dictionary codes and
 * labels for categories, doubles (NaN = null) for scores, -1 for a missing rank or category.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Data, Vector } from 'apache-arrow';
import type { Campaign } from '../../harness/campaign/campaign.ts';
import { DIMENSIONS } from '../../harness/campaign/dimension.ts';
import { readArrowFile } from '../../harness/store/read-arrow-file.ts';

/** One .npy file (format version 1.0): a header describing a 1-d array of `descr`, then the raw little-endian bytes. */
function npy(file: string, descr: string, length: number, data: Uint8Array): void {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${length},), }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = `${header.padEnd(total - 10 - 1)}\n`;
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, total);
  writeFileSync(file, out);
}

const bytesOf = (a: Float64Array | Int32Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Dictionary codes (-1 null) and labels of a dictionary-encoded column, as written by Evenhand's table builder. */
function dictionary(vector: Vector): { codes: Int32Array; labels: string[] } {
  const codes = new Int32Array(vector.length);
  const labels: string[] = [];
  let at = 0;
  for (const chunk of vector.data as Data[]) {
    const dict = chunk.dictionary;
    const map = dict === undefined ? [] : Array.from({ length: dict.length }, (_, j) => {
      const label = String(dict.get(j));
      let i = labels.indexOf(label);
      if (i < 0) i = labels.push(label) - 1;
      return i;
    });
    const keys: unknown = chunk.values;
    if (!(keys instanceof Int32Array)) throw new Error('expected Int32 dictionary keys, as Evenhand writes them');
    for (let i = 0; i < chunk.length; i++) codes[at + i] = chunk.getValid(i) ? (map[keys[i] as number] ?? -1) : -1;
    at += chunk.length;
  }
  return { codes, labels };
}

/** Writes the columns of `searchesFile` into `folder`; returns the number of searches. */
export function exportColumns(campaign: Campaign, searchesFile: string, folder: string): number {
  mkdirSync(folder, { recursive: true });
  const table = readArrowFile(searchesFile);
  const n = table.numRows;
  const child = (name: string): Vector => {
    const v = table.getChild(name);
    if (v === null) throw new Error(`${searchesFile} has no column ${name}`);
    return v;
  };
  const ids = child('search_id').toArray() as string[];
  const encoded = ids.map((s) => new TextEncoder().encode(s));
  const width = encoded.reduce((w, e) => Math.max(w, e.length), 1);
  const idBytes = new Uint8Array(n * width);
  encoded.forEach((e, i) => idBytes.set(e, i * width));
  npy(path.join(folder, 'search_id.npy'), `|S${width}`, n, idBytes);
  const labels: Record<string, string[]> = {};
  for (const name of ['source', 'subject_id', 'sex', 'ethnicity', 'age_band']) {
    const { codes, labels: l } = dictionary(child(name));
    labels[name] = l;
    npy(path.join(folder, `${name}.npy`), '<i4', n, bytesOf(codes));
  }
  npy(path.join(folder, 'mated.npy'), '|u1', n, Uint8Array.from(child('mated').toArray() as boolean[], (x) => (x ? 1 : 0)));
  for (const name of ['mate_score', 'top_nonmate_score']) {
    const v = child(name);
    npy(path.join(folder, `${name}.npy`), '<f8', n, bytesOf(Float64Array.from({ length: n }, (_, i): number => { const x: unknown = v.get(i); return typeof x === 'number' ? x : NaN; })));
  }
  const rank = child('mate_rank');
  npy(path.join(folder, 'mate_rank.npy'), '<i4', n, bytesOf(Int32Array.from({ length: n }, (_, i): number => { const x: unknown = rank.get(i); return typeof x === 'number' ? x : -1; })));
  const categories = Object.fromEntries(DIMENSIONS.map((d) => [d, campaign.dimensions[d].map((c) => c.code)]));
  const sizes = Object.fromEntries(DIMENSIONS.map((d) => [d, campaign.dimensions[d].length]));
  writeFileSync(path.join(folder, 'settings.json'), JSON.stringify({
    thresholds: campaign.thresholds, rank: campaign.analysis.rank, confidenceLevel: campaign.analysis.confidenceLevel, categories, sizes, labels,
  }));
  return n;
}
