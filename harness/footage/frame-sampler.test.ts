import { describe, expect, it } from 'vitest';
import { frameSampler } from './frame-sampler.ts';

describe('frameSampler', () => {
  it('keeps one frame per interval on a grid from the first frame', () => {
    expect([0, 100, 500, 900, 1000, 1400, 1600].filter(frameSampler(500))).toEqual([0, 500, 1000, 1600]);
    expect([40, 80.4, 120].filter(frameSampler(40))).toEqual([40, 80.4, 120]);
  });
  it('keeps everything at 0', () => {
    expect([0, 1, 2].filter(frameSampler(0))).toEqual([0, 1, 2]);
  });
});
