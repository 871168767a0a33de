/**
 * Maps a face source's raw labels to the protocol's category codes. The built-in map covers LFW and plain codes:
 *
 *   sex:       F -> female, M -> male
 *   ethnicity: white -> white, black -> black, east_asian -> asian, south_asian -> asian,
 *              mixed_or_multiple -> mixed, latino -> other, other -> other
 *
 * (latino -> other follows the UK 2021 census, where Latin American is written in under "Any other ethnic group").
 * A raw value equal to one of the protocol's codes maps to itself. A protocol's `rehearsal.labelMap` is merged over
 * the built-in map; a raw value with no mapping is "unmapped" and counts as a missing label.
 */
import type { Campaign, Dimension } from '../campaign/index.ts';
import type { RawLabels } from './face-source.ts';

/** Raw label -> category code, per dimension. */
export type LabelMap = Record<Dimension, Record<string, string>>;

/** The built-in map (LFW's codes, and common spellings). */
export const DEFAULT_LABEL_MAP: LabelMap = {
  sex: { F: 'female', M: 'male', f: 'female', m: 'male' },
  ethnicity: {
    white: 'white', black: 'black', east_asian: 'asian', south_asian: 'asian',
    mixed_or_multiple: 'mixed', latino: 'other', other: 'other',
  },
  ageBand: {},
};

/** An age band by years, inclusive bounds. */
export interface AgeBandRule { code: string; minYears: number; maxYears: number }

/** Default bands for numeric ages, matching the default age band codes. */
export const DEFAULT_AGE_BANDS: readonly AgeBandRule[] = [
  { code: 'under_30', minYears: 0, maxYears: 29.999 },
  { code: '30_to_49', minYears: 30, maxYears: 49.999 },
  { code: '50_plus', minYears: 50, maxYears: 200 },
];

/** The outcome of mapping one raw label. */
export type MappedLabel =
  | { kind: 'mapped'; code: string }
  | { kind: 'missing' }
  | { kind: 'unmapped'; raw: string };

/** Mapping context: the merged map, the protocol's codes and the age rules. */
export interface LabelMapper {
  map(dim: Dimension, labels: RawLabels): MappedLabel;
}

/**
 * Builds a mapper from the campaign's categories and an optional override map merged over DEFAULT_LABEL_MAP.
 * @throws RangeError when the override (or an age rule) names a code that is not one of the campaign's categories.
 * @example createLabelMapper(campaign).map('ethnicity', { sex: 'F', ethnicity: 'east_asian', age: null }) // asian
 */
export function createLabelMapper(campaign: Pick<Campaign, 'dimensions'>, override?: Partial<Record<Dimension, Record<string, string> | undefined>>, ageBands?: readonly AgeBandRule[]): LabelMapper {
  const codes = {
    sex: new Set(campaign.dimensions.sex.map((c) => c.code)),
    ethnicity: new Set(campaign.dimensions.ethnicity.map((c) => c.code)),
    ageBand: new Set(campaign.dimensions.ageBand.map((c) => c.code)),
  };
  const merged: LabelMap = {
    sex: { ...DEFAULT_LABEL_MAP.sex, ...(override?.sex ?? {}) },
    ethnicity: { ...DEFAULT_LABEL_MAP.ethnicity, ...(override?.ethnicity ?? {}) },
    ageBand: { ...DEFAULT_LABEL_MAP.ageBand, ...(override?.ageBand ?? {}) },
  };
  for (const dim of ['sex', 'ethnicity', 'ageBand'] as const) {
    for (const [raw, code] of Object.entries(override?.[dim] ?? {})) {
      if (!codes[dim].has(code)) throw new RangeError(`labelMap.${dim}.${raw}: ${JSON.stringify(code)} is not a ${dim} code of the protocol (${[...codes[dim]].join(', ')})`);
    }
  }
  const userBands = ageBands !== undefined;
  const bands = ageBands ?? DEFAULT_AGE_BANDS;
  if (userBands) {
    for (const b of bands) {
      if (!codes.ageBand.has(b.code)) throw new RangeError(`ageBands: ${JSON.stringify(b.code)} is not an age band code of the protocol (${[...codes.ageBand].join(', ')})`);
    }
  }
  return {
    map(dim, labels) {
      const raw = dim === 'ageBand' ? labels.age : labels[dim];
      if (raw === null) return { kind: 'missing' };
      const direct = merged[dim][raw];
      // The built-in map may point at a default code the protocol renamed: then it does not apply.
      if (direct !== undefined && codes[dim].has(direct)) return { kind: 'mapped', code: direct };
      if (codes[dim].has(raw)) return { kind: 'mapped', code: raw };
      if (dim === 'ageBand' && /^\d+(\.\d+)?$/.test(raw)) {
        const years = Number(raw);
        const band = bands.find((b) => years >= b.minYears && years <= b.maxYears);
        if (band !== undefined && codes.ageBand.has(band.code)) return { kind: 'mapped', code: band.code };
      }
      return { kind: 'unmapped', raw };
    },
  };
}
