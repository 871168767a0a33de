/** The tool's version, read once from package.json, for provenance. */
import { readFileSync } from 'node:fs';

/** Evenhand's version (package.json). */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
