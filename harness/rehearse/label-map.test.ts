import { describe, expect, it } from 'vitest';
import { DEFAULT_AGE_BAND, DEFAULT_ETHNICITY, DEFAULT_SEX } from '../campaign/defaults.ts';
import { createLabelMapper } from './label-map.ts';

const campaign = { dimensions: { sex: [...DEFAULT_SEX], ethnicity: [...DEFAULT_ETHNICITY], ageBand: [...DEFAULT_AGE_BAND] } };
const raw = (sex: string | null, ethnicity: string | null, age: string | null = null) => ({ sex, ethnicity, age });

describe('createLabelMapper', () => {
  it('maps LFW labels to the default census codes', () => {
    const m = createLabelMapper(campaign);
    const eth = (e: string) => m.map('ethnicity', raw('F', e));
    expect(m.map('sex', raw('F', null))).toEqual({ kind: 'mapped', code: 'female' });
    expect(m.map('sex', raw('M', null))).toEqual({ kind: 'mapped', code: 'male' });
    expect(eth('white')).toEqual({ kind: 'mapped', code: 'white' });
    expect(eth('black')).toEqual({ kind: 'mapped', code: 'black' });
    expect(eth('east_asian')).toEqual({ kind: 'mapped', code: 'asian' });
    expect(eth('south_asian')).toEqual({ kind: 'mapped', code: 'asian' });
    expect(eth('mixed_or_multiple')).toEqual({ kind: 'mapped', code: 'mixed' });
    expect(eth('latino')).toEqual({ kind: 'mapped', code: 'other' });
    expect(eth('other')).toEqual({ kind: 'mapped', code: 'other' });
  });

  it('says missing for an empty label and unmapped for an unknown one', () => {
    const m = createLabelMapper(campaign);
    expect(m.map('ethnicity', raw('F', null))).toEqual({ kind: 'missing' });
    expect(m.map('ethnicity', raw('F', 'martian'))).toEqual({ kind: 'unmapped', raw: 'martian' });
    expect(m.map('ageBand', raw('F', null, null))).toEqual({ kind: 'missing' });
  });

  it('bands numeric ages and passes band codes through', () => {
    const m = createLabelMapper(campaign);
    expect(m.map('ageBand', raw(null, null, '29'))).toEqual({ kind: 'mapped', code: 'under_30' });
    expect(m.map('ageBand', raw(null, null, '30'))).toEqual({ kind: 'mapped', code: '30_to_49' });
    expect(m.map('ageBand', raw(null, null, '71'))).toEqual({ kind: 'mapped', code: '50_plus' });
    expect(m.map('ageBand', raw(null, null, '50_plus'))).toEqual({ kind: 'mapped', code: '50_plus' });
  });

  it('lets a protocol override the map, and rejects codes the protocol lacks', () => {
    const m = createLabelMapper(campaign, { ethnicity: { latino: 'mixed' } });
    expect(m.map('ethnicity', raw('F', 'latino'))).toEqual({ kind: 'mapped', code: 'mixed' });
    expect(() => createLabelMapper(campaign, { ethnicity: { latino: 'hispanic' } })).toThrow(/"hispanic" is not a ethnicity code/);
    expect(() => createLabelMapper(campaign, undefined, [{ code: 'young', minYears: 0, maxYears: 20 }])).toThrow(/"young" is not an age band code/);
  });

  it('does not apply a built-in mapping onto a code the protocol renamed', () => {
    const custom = { ...campaign, dimensions: { ...campaign.dimensions, ethnicity: [{ code: 'east_asian', label: 'East Asian' }, { code: 'white', label: 'White' }] } };
    const m = createLabelMapper(custom);
    expect(m.map('ethnicity', raw('F', 'east_asian'))).toEqual({ kind: 'mapped', code: 'east_asian' });
    expect(m.map('ethnicity', raw('F', 'black'))).toEqual({ kind: 'unmapped', raw: 'black' });
  });
});
