/** Demographic dimensions: the fixed vocabulary of ways searches are grouped, with their table columns and labels. */

/** Each dimension with its column in the searches table and its label for people. */
export const Dimension = {
  sex: { column: 'sex', label: 'Sex' },
  ethnicity: { column: 'ethnicity', label: 'Ethnicity' },
  ageBand: { column: 'age_band', label: 'Age band' },
} as const;
export type Dimension = keyof typeof Dimension;

/** Dimensions in the order reports show them. */
export const DIMENSIONS: readonly Dimension[] = ['sex', 'ethnicity', 'ageBand'];

/** True when `name` is a demographic dimension. */
export function isDimension(name: string): name is Dimension {
  return Object.hasOwn(Dimension, name);
}
