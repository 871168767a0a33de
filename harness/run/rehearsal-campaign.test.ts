import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../footage/index.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';
import type { Results } from '../analyse/results-schema.ts';

const lfw = sharedFile('datasets/lfw-dev');
const bin = path.resolve('bin/evenhand.js');
const protocol = path.resolve('protocols/rehearsal-ci.json');

function cli(args: string[]): void {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  console.log(`evenhand ${args[0]}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) throw new Error(`evenhand ${args.join(' ')} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
}

// The example campaign of protocols/rehearsal-ci.json, end to end from the command line: a rehearsal made from
// lfw-dev (60 enrolled volunteers x 3 passes, 20 not enrolled, 500 crowd passes), replayed through two algorithms.
describe.skipIf(!lfw.present)('the CI rehearsal campaign, end to end', () => {
  it('respects the ground truth: one search per pass, no mated crowd search, counts reconciled', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-rehearsal-'));
    cli(['rehearse', '--faces', lfw.path, '--protocol', protocol, '--seed', '1', '--out', path.join(dir, 'rehearsal')]);
    cli(['run', '--protocol', protocol, '--dataset', path.join(dir, 'rehearsal', 'manifest.json'), '--out', path.join(dir, 'run')]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'rehearsal', 'manifest.json'), 'utf8')) as {
      volunteers: { id: string; enrolled: boolean }[]; passes: { volunteer: string }[]; crowdPasses: unknown[];
    };
    const enrolled = new Set(manifest.volunteers.filter((v) => v.enrolled).map((v) => v.id));
    expect(enrolled.size).toBeGreaterThanOrEqual(60);
    expect(manifest.crowdPasses.length).toBeGreaterThanOrEqual(500);
    const results = JSON.parse(readFileSync(path.join(dir, 'run', 'results.json'), 'utf8')) as Results;
    expect(results.algorithms.map((a) => a.id)).toEqual(['faceplugin-v1', 'blazeface+faceplugin']);
    for (const alg of results.algorithms) {
      const searches = readArrowFile(path.join(dir, 'run', alg.id, 'searches.arrow'));
      const source = searches.getChild('source')!.toArray() as string[];
      const mated = searches.getChild('mated')!.toArray() as boolean[];
      const count = (s: string): number => source.filter((x) => x === s).length;
      // Every pass yields exactly one search.
      expect(count('volunteer')).toBe(manifest.passes.length);
      expect(count('crowd')).toBe(manifest.crowdPasses.length);
      // No crowd search is mated; a volunteer search is mated only when the volunteer is enrolled.
      expect(source.some((s, i) => s !== 'volunteer' && mated[i])).toBe(false);
      const notEnrolledPasses = manifest.passes.filter((p) => !enrolled.has(p.volunteer)).length;
      const failedToEnrol = results.runInputs.exclusions.find((e) => e.algorithm === alg.id && e.reason === 'failed-to-enrol')?.count ?? 0;
      // Counts reconcile between the manifest, the searches and results.json.
      expect(alg.counts.mated + (alg.counts.nonMated.volunteer ?? 0)).toBe(manifest.passes.length);
      expect(alg.counts.nonMated.volunteer ?? 0).toBeGreaterThanOrEqual(notEnrolledPasses);
      if (failedToEnrol === 0) expect(alg.counts.nonMated.volunteer).toBe(notEnrolledPasses);
      const subject = searches.getChild('subject_id')!.toArray() as (string | null)[];
      expect(source.some((s, i) => s === 'volunteer' && mated[i] && !enrolled.has(subject[i] ?? ''))).toBe(false);
      expect(alg.counts.nonMated.crowd).toBe(manifest.crowdPasses.length);
      expect(alg.counts.nonMated.filler_probe ?? 0).toBeLessThanOrEqual(manifest.passes.length);
      // Every acquired pass carries its best shot's capture conditions; the analysis bins them beside the groups.
      const conditionColumns = ['inter_eye_px', 'yaw_deg', 'pitch_deg', 'face_brightness', 'face_contrast', 'sharpness', 'detector_score', 'time_of_day_h'];
      const frames = searches.getChild('frames_seen')!.toArray() as ArrayLike<number>;
      for (const name of conditionColumns) {
        const values = searches.getChild(name)?.toArray() as ArrayLike<number | null> | undefined;
        expect(values, name).toBeDefined();
        for (let i = 0; i < searches.numRows; i++) {
          if (source[i] === 'volunteer' && (frames[i] ?? 0) > 0) expect(Number.isFinite(values?.[i]), `${name} of row ${i}`).toBe(true);
        }
      }
      expect(alg.conditions?.bins.map((b) => b.condition)).toEqual(expect.arrayContaining(['interEye', 'yaw', 'brightness', 'sharpness', 'camera']));
      expect(alg.conditions?.regressions.find((r) => r.outcome === 'miss')).toBeDefined();
      const tp = alg.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && r.threshold === results.settings.operationalThresholds[0])!;
      console.log(`${alg.id}: TPIR ${tp.k}/${tp.n} at ${tp.threshold}; ${failedToEnrol} volunteers failed to enrol; searches ${alg.counts.searches}`);
      expect(tp.n).toBe(alg.counts.mated);
      // Both detectors capture most passes of faces this size (a detector blind to them would make the comparison empty).
      const adjudication = JSON.parse(readFileSync(path.join(dir, 'run', alg.id, 'adjudication.json'), 'utf8')) as { volunteerPassesAcquired: number };
      expect(adjudication.volunteerPassesAcquired).toBeGreaterThan(0.5 * manifest.passes.length);
    }
  }, 1_500_000);
});
