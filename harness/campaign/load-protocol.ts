/** Loads a campaign protocol file: parse, validate against the schema, fill defaults, check cross-field rules. */
import { normaliseProtocol, type Campaign } from './campaign.ts';
import { ProtocolSchema } from './protocol-schema.ts';
import { parseWithSchema, readStructuredFile } from './read-structured-file.ts';

/**
 * Loads and normalises the protocol at `file` (JSON or YAML).
 * @throws InputError naming the file, the path inside it and what was expected.
 * @example const campaign = loadProtocol('protocols/npl-2023-lfr.json')
 */
export function loadProtocol(file: string): Campaign {
  return normaliseProtocol(parseWithSchema(ProtocolSchema, readStructuredFile(file), file), file);
}
