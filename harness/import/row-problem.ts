/** RowProblem: a log row that could not be used, named by its line and field (the file is named once, by the caller). */

/** One unusable row: its line (1-based; a JSON array's row index), the field, what was expected and what was found. */
export interface RowProblem {
  line: number;
  /** The log's column or path ('' for the row as a whole). */
  field: string;
  expected: string;
  got?: string;
}

/** `FILE: line N: field F: expected X, got Y`, the form every bad row is reported in. */
export function describeRowProblem(file: string, p: RowProblem): string {
  const field = p.field === '' ? '' : ` field ${JSON.stringify(p.field)}:`;
  return `${file}: line ${p.line}:${field} expected ${p.expected}${p.got === undefined ? '' : `, got ${p.got}`}`;
}
