import { describe, expect, it } from 'vitest';
import { passBox } from './pass-box.ts';

const stage = { width: 640, height: 480, lanes: 5, margin: 8 };
const pass = { lane: 2, firstFrame: 10, lastFrame: 30, heightFrom: 56, heightTo: 128, laneFrom: -0.5, laneTo: 1 };

describe('passBox', () => {
  it('keeps the aspect ratio and grows from far to near', () => {
    let previous = 0;
    for (let f = 10; f <= 30; f++) {
      const b = passBox(pass, f, 0.8, stage);
      expect(b.w / b.h).toBeCloseTo(0.8, 10);
      expect(b.h).toBeGreaterThan(previous);
      previous = b.h;
    }
    expect(passBox(pass, 10, 0.8, stage).h).toBeCloseTo(56, 6);
    expect(passBox(pass, 30, 0.8, stage).h).toBeCloseTo(128, 6);
  });

  it('stays inside its lane and the frame', () => {
    const laneWidth = 640 / 5;
    for (const aspect of [0.5, 0.83, 1]) {
      for (let f = 10; f <= 30; f++) {
        const b = passBox(pass, f, aspect, stage);
        expect(b.x).toBeGreaterThanOrEqual(2 * laneWidth - 1e-9);
        expect(b.x + b.w).toBeLessThanOrEqual(3 * laneWidth + 1e-9);
        expect(b.y).toBeGreaterThanOrEqual(8 - 1e-9);
        expect(b.y + b.h).toBeLessThanOrEqual(480 - 8 + 1e-9);
      }
    }
  });

  it('shrinks a head too wide for its lane, keeping the aspect ratio', () => {
    const b = passBox(pass, 30, 2, stage);
    expect(b.w).toBeCloseTo((640 / 5) * 0.92, 6);
    expect(b.w / b.h).toBeCloseTo(2, 10);
  });

  it('rejects a frame outside the pass', () => {
    expect(() => passBox(pass, 31, 1, stage)).toThrow(/frame 31 is outside the pass \(10-30\)/);
  });
});
