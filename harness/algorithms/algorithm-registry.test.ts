import { describe, expect, it } from 'vitest';
import { algorithms } from './index.ts';

describe('algorithm registry', () => {
  it('names the available algorithms when asked for an unknown one', () => {
    expect(() => algorithms.get('nope')).toThrow(`Unknown algorithm 'nope'. Available: ${algorithms.names().join(', ')}`);
    expect(algorithms.names()).toContain('faceplugin-v1');
  });
  it('refuses a duplicate registration', () => {
    const spec = algorithms.get('faceplugin-v1');
    expect(() => algorithms.register(spec)).toThrow("Algorithm 'faceplugin-v1' is already registered.");
  });
});
