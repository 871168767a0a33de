import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { ensureModel, fetchModels, modelPath } from './index.ts';

describe('ensureModel', () => {
  it('rejects a cached file with the wrong hash, naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-models-test-'));
    const file = modelPath('fr_landmark', dir);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'not a model');
    const err = await ensureModel('fr_landmark', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain(file);
    expect((err as InputError).message).toContain('evenhand models fetch');
  });

  it('says what to run when the registry cannot be reached and the cache is empty', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-models-test-'));
    const saved = { registry: process.env['npm_config_registry'], retries: process.env['npm_config_fetch_retries'] };
    process.env['npm_config_registry'] = 'http://127.0.0.1:9/';
    process.env['npm_config_fetch_retries'] = '0';
    try {
      const err = await fetchModels(['fr_landmark'], { dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain('npx evenhand models fetch');
      expect((err as Error).message).toContain('faceplugin-face-recognition-js@0.0.1');
    } finally {
      for (const [key, value] of [['npm_config_registry', saved.registry], ['npm_config_fetch_retries', saved.retries]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
