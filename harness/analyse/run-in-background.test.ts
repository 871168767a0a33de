import { describe, expect, it } from 'vitest';
import { runInBackground } from './run-in-background.ts';

const isNumber = (x: unknown): x is number => typeof x === 'number';

describe('runInBackground', () => {
  it('computes on this thread, with the same value, when the worker cannot load its module or answers wrongly', () => {
    let calls = 0;
    const here = (): number => ++calls * 42;
    const missing = runInBackground({ module: 'no-such-module', run: 'anything', input: null, accept: isNumber, here }, { background: true });
    expect(missing()).toBe(42);
    expect(missing()).toBe(42);
    expect(missing.ranOn()).toBe('this thread');
    // fitRegressions of no jobs is [], which this task does not accept as a number
    const refused = runInBackground({ module: 'fit-regressions', run: 'fitRegressions', input: { campaign: null, jobs: [], level: 0.95 }, accept: isNumber, here }, { background: true });
    expect(refused()).toBe(84);
    expect(refused.ranOn()).toBe('this thread');
  });
  it('stops a worker that has not answered in time and computes on this thread instead of waiting for ever', () => {
    let calls = 0;
    const here = (): number => ++calls * 7;
    // asked for at once with no time to wait: the thread cannot have answered yet
    const late = runInBackground({ module: 'fit-regressions', run: 'fitRegressions', input: { campaign: null, jobs: [], level: 0.95 }, accept: isNumber, here }, { background: true, waitMs: 0 });
    expect(late()).toBe(7);
    expect(late()).toBe(7);
    expect(late.ranOn()).toBe('this thread');
  });
});
