/**
 * csvField: one CSV cell (RFC 4180), guarded against spreadsheet formula injection: a text cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading apostrophe, so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it as a formula (the OWASP "CSV injection" advice). Numbers are
 * written as numbers, negative ones included; only text is guarded.
 */

/** A value of a CSV cell: text, a number, a boolean, or null for an empty cell. */
export type CsvValue = string | number | boolean | null;

/** First characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The cell for `value`: empty for null, numbers and booleans as written by String(), text guarded and quoted when
 * it holds a comma, quote or line break.
 * @example csvField('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without its line break) from the values of a row. @example csvRow(['a', 1, null]) // 'a,1,' */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}
