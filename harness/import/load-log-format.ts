/** Loads a log format: a built-in name (evenhand-csv, evenhand-jsonl) or a format file (YAML or JSON), checked. */
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError, type InputProblem } from '../core/input-error.ts';
import { BUILTIN_FORMATS, isBuiltinFormat } from './alert-row-schema.ts';
import { LogFormatSchema, type LogFormat } from './log-format-schema.ts';
import { isKnownZone } from './log-time.ts';
import { scaleProblems } from './score-scale.ts';

/**
 * The format named by `spec`.
 * @throws InputError naming the format file (or --format) and each bad field: an unknown time zone, a scale out of
 * order, a CSV-only field in a JSON format.
 * @example loadLogFormat('datasets/examples/alert-logs/vendor-a-csv.yaml').name
 */
export function loadLogFormat(spec: string): LogFormat {
  if (isBuiltinFormat(spec)) return BUILTIN_FORMATS[spec];
  if (!/\.(ya?ml|json)$/i.test(spec)) {
    throw new InputError('--format', [{ path: '', expected: `a built-in format (${Object.keys(BUILTIN_FORMATS).join(', ')}) or a format file (.yaml, .yml or .json)`, got: JSON.stringify(spec) }]);
  }
  const format = parseWithSchema(LogFormatSchema, readStructuredFile(spec), spec);
  const problems: InputProblem[] = [];
  if (!isKnownZone(format.time.zone)) problems.push({ path: 'time.zone', expected: 'an IANA time zone such as "Europe/London"', got: JSON.stringify(format.time.zone) });
  for (const p of scaleProblems(format.score.scale)) problems.push({ path: 'score.scale', expected: p });
  if (format.file !== 'csv' && format.fields.rank !== undefined) problems.push({ path: 'fields.rank', expected: 'a rank column only in CSV formats (JSON rows carry a candidate list)' });
  if (format.file === 'csv' && format.fields.candidates !== undefined) problems.push({ path: 'fields.candidates', expected: 'a candidate list only in JSON formats (CSV rows sharing an alert id form one)' });
  if (problems.length > 0) throw new InputError(spec, problems);
  return format;
}
