/** The JSON Schema files published from the zod schemas, with their text (shared by the writer and its test). */
import { z } from 'zod';
import { ProtocolSchema } from '../harness/campaign/protocol-schema.ts';
import { ManifestSchema } from '../harness/campaign/manifest-schema.ts';
import { ResultsSchema } from '../harness/analyse/results-schema.ts';
import { SiteAnalysisSchema } from '../harness/combine/site-analysis-schema.ts';
import { RunRecordSchema } from '../harness/store/run-record.ts';

/** Each published schema's path (from the repository root) and its JSON text. */
export function schemaFiles(): { file: string; text: string }[] {
  const make = (schema: z.ZodType, title: string, io: 'input' | 'output'): string =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }) }, null, 2)}\n`;
  return [
    { file: 'protocols/protocol.schema.json', text: make(ProtocolSchema, 'Evenhand campaign protocol', 'input') },
    { file: 'datasets/manifest.schema.json', text: make(ManifestSchema, 'Evenhand dataset manifest', 'input') },
    { file: 'reports/results.schema.json', text: make(ResultsSchema, 'Evenhand results.json', 'output') },
    { file: 'reports/sites.schema.json', text: make(SiteAnalysisSchema, 'Evenhand sites.json (a combined study)', 'output') },
    { file: 'reports/run-record.schema.json', text: make(RunRecordSchema, 'Evenhand run record (evenhand-run.json)', 'output') },
  ];
}
