import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from './schema-files.ts';

describe('published JSON Schemas', () => {
  it('match the zod schemas that validate the files, and docs/bad-input.md the bounds (run npm run schema after a change)', () => {
    for (const { file, text } of schemaFiles()) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });
});
