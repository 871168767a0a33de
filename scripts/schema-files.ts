/**
 * The JSON Schema files published from the zod schemas, and docs/bad-input.md with its bounds table from
 * harness/core/bounds.ts, with their text (shared by the writer and its test).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { boundsTable } from '../harness/core/bounds.ts';
import { ProtocolSchema } from '../harness/campaign/protocol-schema.ts';
import { ManifestSchema } from '../harness/campaign/manifest-schema.ts';
import { ResultsSchema } from '../harness/analyse/results-schema.ts';
import { AlertRowSchema, LogFormatSchema } from '../harness/import/index.ts';
import { ADAPTER_MESSAGE_SCHEMAS } from '../harness/algorithms/external/index.ts';
import { SiteAnalysisSchema } from '../harness/combine/site-analysis-schema.ts';
import { RunRecordSchema } from '../harness/store/run-record.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** docs/bad-input.md with the table between its `bounds:start` and `bounds:end` markers generated from the bounds. */
function boundsDoc(): string {
  const doc = readFileSync(path.join(root, 'docs/bad-input.md'), 'utf8');
  return doc.replace(/(<!-- bounds:start -->\n)[\s\S]*?(<!-- bounds:end -->)/, `$1${boundsTable()}\n$2`);
}

/** Each published schema's path (from the repository root) and its text; docs/bad-input.md's bounds table too. */
export function schemaFiles(): { file: string; text: string }[] {
  const make = (schema: z.ZodType, title: string, io: 'input' | 'output'): string =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }) }, null, 2)}\n`;
  return [
    { file: 'protocols/protocol.schema.json', text: make(ProtocolSchema, 'Evenhand campaign protocol', 'input') },
    { file: 'datasets/manifest.schema.json', text: make(ManifestSchema, 'Evenhand dataset manifest', 'input') },
    { file: 'reports/results.schema.json', text: make(ResultsSchema, 'Evenhand results.json', 'output') },
    { file: 'datasets/alert-log.schema.json', text: make(AlertRowSchema, 'Evenhand alert log: one alert (a JSON line of evenhand-jsonl, a row of evenhand-csv)', 'input') },
    { file: 'datasets/alert-log-format.schema.json', text: make(LogFormatSchema, 'Evenhand alert log format: a vendor log\'s columns, times, cameras and score scale', 'input') },
    ...Object.entries(ADAPTER_MESSAGE_SCHEMAS).map(([name, schema]) => ({
      file: `docs/adapter-protocol/${name}.schema.json`,
      text: make(schema, `Evenhand adapter protocol 1: ${name.replace('.', ' ')} (one JSON object on one line)`, name.endsWith('.request') ? 'output' : 'input'),
    })),
    { file: 'reports/sites.schema.json', text: make(SiteAnalysisSchema, 'Evenhand sites.json (a combined study)', 'output') },
    { file: 'reports/run-record.schema.json', text: make(RunRecordSchema, 'Evenhand run record (evenhand-run.json)', 'output') },
    { file: 'docs/bad-input.md', text: boundsDoc() },
  ];
}
