/** Defaults of the demographic schema: UK census high-level ethnic groups, two sexes, three age bands. */
import type { Category } from './protocol-schema.ts';

export const DEFAULT_SEX: readonly Category[] = [
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
];

/** The UK 2021 census high-level ethnic groups (England and Wales). */
export const DEFAULT_ETHNICITY: readonly Category[] = [
  { code: 'asian', label: 'Asian' },
  { code: 'black', label: 'Black' },
  { code: 'mixed', label: 'Mixed' },
  { code: 'white', label: 'White' },
  { code: 'other', label: 'Other' },
];

export const DEFAULT_AGE_BAND: readonly Category[] = [
  { code: 'under_30', label: 'Under 30' },
  { code: '30_to_49', label: '30 to 49' },
  { code: '50_plus', label: '50 and over' },
];
