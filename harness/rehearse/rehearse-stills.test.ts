import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadManifest, loadProtocol } from '../campaign/index.ts';
import { sharedFile } from '../footage/index.ts';
import { createRng } from '../stats/index.ts';
import { drawDegradation } from './degrade-probe.ts';
import { rehearseStills } from './rehearse-stills.ts';
import { resolveRehearsalSettings } from './resolve-settings.ts';

const lfw = sharedFile('datasets/lfw-dev');

describe('drawDegradation', () => {
  it('draws every parameter inside its range, both ways for angle and shift, replayably', () => {
    const s = { widthPx: { min: 40, max: 90 }, blurSigma: { min: 0.3, max: 1.2 }, jpegQuality: { min: 20, max: 50 }, rotateDeg: 12, cropShift: 0.1 };
    const a = Array.from({ length: 200 }, ((rng) => () => drawDegradation(s, rng))(createRng(5, 5)));
    const b = Array.from({ length: 200 }, ((rng) => () => drawDegradation(s, rng))(createRng(5, 5)));
    expect(a).toEqual(b);
    for (const d of a) {
      expect(d.widthPx).toBeGreaterThanOrEqual(40);
      expect(d.widthPx).toBeLessThanOrEqual(90);
      expect(Number.isInteger(d.jpegQuality) && d.jpegQuality >= 20 && d.jpegQuality <= 50).toBe(true);
      expect(Math.abs(d.rotateDeg)).toBeLessThanOrEqual(12);
      expect(Math.abs(d.cropShift)).toBeLessThanOrEqual(0.1);
    }
    expect(a.some((d) => d.rotateDeg < 0) && a.some((d) => d.rotateDeg > 0)).toBe(true);
  });
});

describe.skipIf(!lfw.present)('rehearseStills on lfw-dev', () => {
  it('writes references and degraded probes, byte-identical for the same seed, and a manifest the loader accepts', async () => {
    const campaign = loadProtocol('protocols/rfr-ci.json');
    const settings = resolveRehearsalSettings(campaign, { volunteers: 4, nonEnrolledVolunteers: 2, passesPerVolunteer: 2, fillerGallerySize: 3 });
    const root = mkdtempSync(path.join(tmpdir(), 'evenhand-stills-'));
    const made = [];
    for (const name of ['a', 'b']) {
      const out = path.join(root, name);
      mkdirSync(out);
      made.push({ out, result: await rehearseStills({ faces: lfw.path, campaign, settings, seed: 9, out }) });
    }
    const [a, b] = made;
    if (a === undefined || b === undefined) throw new Error('two rehearsals expected');
    expect(a.result).toMatchObject({ references: 7, probes: 12, matedProbes: 8 });
    const files = (dir: string): string[] => ['manifest.json', ...['references', 'probes'].flatMap((d) => readdirSync(path.join(dir, d)).map((f) => `${d}/${f}`))].sort();
    expect(files(a.out)).toEqual(files(b.out));
    for (const f of files(a.out)) expect(readFileSync(path.join(b.out, f)).equals(readFileSync(path.join(a.out, f)))).toBe(true);
    const manifest = loadManifest(path.join(a.out, 'manifest.json'), campaign.dimensions);
    expect(manifest.probes).toHaveLength(12);
    const probe = manifest.probes[0];
    if (probe?.degradation === undefined) throw new Error('no degradation recorded');
    // the stored still is a JPEG of the source's size
    const meta = await sharp(path.join(a.out, probe.image)).metadata();
    expect([meta.format, meta.width]).toEqual(['jpeg', 250]);
    expect(JSON.stringify(manifest)).not.toMatch(/lfw|images\//i); // no source names or paths in the manifest
  });
});
