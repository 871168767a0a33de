import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/index.ts';
import { resolveRehearsalSettings } from './resolve-settings.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('resolveRehearsalSettings', () => {
  const ci = loadProtocol(path.join(root, 'protocols', 'rehearsal-ci.json'));

  it('reads the CI rehearsal protocol: >= 60 enrolled volunteers, >= 3 passes, >= 500 crowd passes', () => {
    const s = resolveRehearsalSettings(ci);
    expect(s.volunteers).toBeGreaterThanOrEqual(60);
    expect(s.passesPerVolunteer).toBeGreaterThanOrEqual(3);
    expect(s.crowdPasses).toBeGreaterThanOrEqual(500);
    expect(ci.algorithms).toHaveLength(2);
    expect(s.faceHeightPx.max * 0.85 * 0.75).toBeGreaterThanOrEqual(80);
  });

  it('gives the defaults for a protocol without a rehearsal block', () => {
    const npl = loadProtocol(path.join(root, 'protocols', 'npl-2023-lfr.json'));
    expect(resolveRehearsalSettings(npl)).toMatchObject({ volunteers: 60, passesPerVolunteer: 3, crowdPasses: 500, codec: 'h264' });
  });

  it('applies command-line overrides and checks them', () => {
    const s = resolveRehearsalSettings(ci, { volunteers: 7, faceMaxPx: 100, fps: 25, codec: 'mpeg4' });
    expect([s.volunteers, s.faceHeightPx.max, s.faceHeightPx.min, s.fps, s.codec]).toEqual([7, 100, 56, 25, 'mpeg4']);
    expect(() => resolveRehearsalSettings(ci, { width: 641 })).toThrow(/width: expected/);
    expect(() => resolveRehearsalSettings(ci, { faceMinPx: 200, faceMaxPx: 100 })).toThrow(/faceHeightPx/);
    expect(() => resolveRehearsalSettings(ci, { motionBlur: 2 })).toThrow(/effects\.motionBlur: expected a value <= 1/);
  });
});
