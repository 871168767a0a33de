/**
 * Demographic groups of an analysis: everyone, each category of each dimension, and each sex × ethnicity
 * intersection. A search belongs to at most one group per level; unknown demographics belong only to "overall".
 */
import type { Campaign } from '../campaign/campaign.ts';
import { DIMENSIONS, Dimension } from '../campaign/dimension.ts';

/** Levels of grouping, in report order. */
export const GroupLevel = {
  overall: 'Everyone',
  sex: Dimension.sex.label,
  ethnicity: Dimension.ethnicity.label,
  ageBand: Dimension.ageBand.label,
  'sex+ethnicity': 'Sex and ethnicity',
} as const;
export type GroupLevel = keyof typeof GroupLevel;

/** One group: `id` is stable (`overall`, `sex:female`, `sex+ethnicity:female+black`). */
export interface Group {
  id: string;
  level: GroupLevel;
  label: string;
  /** Category codes that define the group. */
  codes: Partial<Record<Dimension, string>>;
}

/** The layout of groups for a campaign, with offsets to find a search's groups by arithmetic. */
export interface GroupLayout {
  groups: Group[];
  /** Offset of each single-dimension level's first group. */
  offset: Record<Dimension, number>;
  /** Offset of the first sex+ethnicity group; index = offset + sex * nEthnicity + ethnicity. */
  intersectionOffset: number;
  nEthnicity: number;
}

/** Builds the groups of `campaign` in report order. */
export function buildGroups(campaign: Campaign): GroupLayout {
  const groups: Group[] = [{ id: 'overall', level: 'overall', label: 'Everyone', codes: {} }];
  const offset = {} as Record<Dimension, number>;
  for (const dim of DIMENSIONS) {
    offset[dim] = groups.length;
    for (const c of campaign.dimensions[dim]) groups.push({ id: `${dim}:${c.code}`, level: dim, label: c.label, codes: { [dim]: c.code } });
  }
  const intersectionOffset = groups.length;
  for (const s of campaign.dimensions.sex) {
    for (const e of campaign.dimensions.ethnicity) {
      groups.push({ id: `sex+ethnicity:${s.code}+${e.code}`, level: 'sex+ethnicity', label: `${s.label}, ${e.label}`, codes: { sex: s.code, ethnicity: e.code } });
    }
  }
  return { groups, offset, intersectionOffset, nEthnicity: campaign.dimensions.ethnicity.length };
}

/**
 * Writes into `out` the group indexes of a search with category indexes sex, ethnicity, ageBand (-1 = unknown);
 * returns how many were written (1 to 5).
 */
export function groupsOfSearch(layout: GroupLayout, sex: number, ethnicity: number, ageBand: number, out: Int32Array): number {
  let k = 0;
  out[k++] = 0;
  if (sex >= 0) out[k++] = layout.offset.sex + sex;
  if (ethnicity >= 0) out[k++] = layout.offset.ethnicity + ethnicity;
  if (ageBand >= 0) out[k++] = layout.offset.ageBand + ageBand;
  if (sex >= 0 && ethnicity >= 0) out[k++] = layout.intersectionOffset + sex * layout.nEthnicity + ethnicity;
  return k;
}
