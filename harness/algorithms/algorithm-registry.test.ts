import { describe, expect, it } from 'vitest';
import { algorithms } from './index.ts';

describe('algorithm registry', () => {
  it('names the available algorithms when asked for an unknown one', () => {
    expect(() => algorithms.get('nope')).toThrow(`Unknown algorithm 'nope'. Available: ${algorithms.names().join(', ')}`);
    expect(algorithms.names()).toContain('faceplugin-v1');
  });
  it('declares the model files each algorithm loads', () => {
    expect(algorithms.get('faceplugin-v1').models).toEqual(['fr_detect', 'fr_landmark', 'fr_feature']);
    expect(algorithms.get('blazeface+faceplugin').models).toEqual(['blazeface_front_128', 'fr_landmark', 'fr_feature']);
  });
  it('refuses a duplicate registration', () => {
    const spec = algorithms.get('faceplugin-v1');
    expect(() => algorithms.register(spec)).toThrow("Algorithm 'faceplugin-v1' is already registered.");
  });
});
