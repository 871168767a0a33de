/**
 * The version of results.json this Evenhand writes and reads, in a module of its own: `analyse` writes it without
 * building the results schema (some 200 zod schemas), which only the readers of results.json need.
 */
export const RESULTS_SCHEMA_VERSION = 3;
