import { describe, expect, it } from 'vitest';
import { createRng } from '../stats/index.ts';
import { schedulePasses, type PassRequest } from './schedule-passes.ts';

const settings = {
  deployments: 2, cameras: 2, lanes: 3, fps: 10,
  passDurationMs: { min: 1500, max: 2500 }, gapMs: { min: 0, max: 500 }, faceHeightPx: { min: 50, max: 100 },
  effects: { motionBlur: 0.5, lighting: 0.2, occlusion: 0.5 },
};
const requests: PassRequest[] = [
  ...Array.from({ length: 12 }, (_, v) => Array.from({ length: 4 }, (_, j) => ({ walker: { kind: 'volunteer' as const, volunteer: `v${v}` }, image: `v${v}-${j}.jpg` }))).flat(),
  ...Array.from({ length: 60 }, (_, j) => ({ walker: { kind: 'crowd' as const }, image: `c${j}.jpg` })),
];

describe('schedulePasses', () => {
  const cams = schedulePasses(requests, settings, createRng(3, 0));

  it('places every pass once, spread evenly over the cameras', () => {
    expect(cams).toHaveLength(4);
    expect(cams.reduce((n, c) => n + c.passes.length, 0)).toBe(requests.length);
    for (const c of cams) expect(c.passes.length).toBe(requests.length / 4);
  });

  it('never puts two people in one lane at once, and keeps passes inside the footage', () => {
    for (const c of cams) {
      for (let lane = 0; lane < 3; lane++) {
        const inLane = c.passes.filter((p) => p.lane === lane).sort((a, b) => a.firstFrame - b.firstFrame);
        for (let i = 1; i < inLane.length; i++) expect(inLane[i]!.firstFrame).toBeGreaterThan(inLane[i - 1]!.lastFrame);
      }
      for (const p of c.passes) {
        expect(p.lastFrame - p.firstFrame).toBeGreaterThanOrEqual(15);
        expect(p.lastFrame - p.firstFrame).toBeLessThanOrEqual(25);
        expect(p.lastFrame).toBeLessThan(c.frames);
      }
    }
  });

  it('never has one volunteer in two passes of a deployment at once', () => {
    const all = cams.flatMap((c) => c.passes).filter((p) => p.walker.kind === 'volunteer');
    for (const a of all) {
      for (const b of all) {
        if (a === b || a.deployment !== b.deployment || a.walker.kind !== 'volunteer' || b.walker.kind !== 'volunteer') continue;
        if (a.walker.volunteer !== b.walker.volunteer) continue;
        expect(a.lastFrame < b.firstFrame || b.lastFrame < a.firstFrame).toBe(true);
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const again = schedulePasses(requests, settings, createRng(3, 0));
    expect(JSON.stringify(again)).toBe(JSON.stringify(cams));
    expect(JSON.stringify(schedulePasses(requests, settings, createRng(4, 0)))).not.toBe(JSON.stringify(cams));
  });

  it('draws effects at about the requested shares', () => {
    const all = cams.flatMap((c) => c.passes);
    const blurred = all.filter((p) => p.effects.blur > 0).length / all.length;
    const occluded = all.filter((p) => p.effects.occluder !== null).length / all.length;
    expect(blurred).toBeGreaterThan(0.3);
    expect(blurred).toBeLessThan(0.7);
    expect(occluded).toBeGreaterThan(0.3);
    expect(occluded).toBeLessThan(0.7);
    for (const p of all) {
      expect(p.effects.gain).toBeGreaterThanOrEqual(0.8);
      expect(p.effects.gain).toBeLessThanOrEqual(1.2);
    }
  });
});
