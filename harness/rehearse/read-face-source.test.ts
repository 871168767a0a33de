import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';
import { readFaceSource } from './read-face-source.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'faces-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lfwFolder(name: string, subjects: string, images: Record<string, string[]>): string {
  const dir = path.join(tmp, name);
  for (const [id, files] of Object.entries(images)) {
    mkdirSync(path.join(dir, 'images', id), { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, 'images', id, f), 'x');
  }
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'subjects.csv'), subjects);
  return dir;
}

describe('parseCsv', () => {
  it('handles quotes, commas, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n\n3,')).toEqual([['a', 'b'], ['x, "y"', '2'], ['3', '']]);
  });
});

describe('readFaceSource', () => {
  it('reads an LFW folder: images sorted, empty labels as null, no age', () => {
    const dir = lfwFolder('lfw', 'identity,n_images,sex,ethnicity\nAb_Cd,2,F,black\nEf_Gh,1,M,\n',
      { Ab_Cd: ['Ab_Cd_0002.jpg', 'Ab_Cd_0001.jpg'], Ef_Gh: ['Ef_Gh_0001.jpg'] });
    const s = readFaceSource(dir);
    expect(s.format).toBe('lfw');
    expect(s.identities.map((p) => [p.identity, p.images.map((f) => path.basename(f)), p.labels])).toEqual([
      ['Ab_Cd', ['Ab_Cd_0001.jpg', 'Ab_Cd_0002.jpg'], { sex: 'F', ethnicity: 'black', age: null }],
      ['Ef_Gh', ['Ef_Gh_0001.jpg'], { sex: 'M', ethnicity: null, age: null }],
    ]);
  });

  it('names the rows of an LFW folder whose images are missing or repeated', () => {
    const dir = lfwFolder('lfw-bad', 'identity,sex\nAb_Cd,F\nNo_One,M\nAb_Cd,F\n', { Ab_Cd: ['Ab_Cd_0001.jpg'] });
    expect(() => readFaceSource(dir)).toThrow(/subjects\.csv: row 3: expected a folder images\/No_One\/, got none\n.*row 4: expected an identity not listed before, got "Ab_Cd"/);
  });

  it('says what it expected when the location is neither layout', () => {
    expect(() => readFaceSource(path.join(tmp, 'nothing'))).toThrow(/expected an existing folder or CSV file of labelled faces/);
    mkdirSync(path.join(tmp, 'empty'));
    expect(() => readFaceSource(path.join(tmp, 'empty'))).toThrow(/expected an LFW-layout folder/);
  });

  it('rejects a CSV without image and identity columns', () => {
    const file = path.join(tmp, 'bad.csv');
    writeFileSync(file, 'path,name\na.jpg,x\n');
    expect(() => readFaceSource(file)).toThrow(/bad\.csv: header: expected columns image,identity,sex,ethnicity,age/);
  });
});
