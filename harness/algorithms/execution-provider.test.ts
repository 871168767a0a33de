import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { parseProviders } from '../cli/options.ts';
import { InputError } from '../core/input-error.ts';
import { sharedFile } from '../footage/index.ts';
import { checkProvider, createAlgorithm } from './index.ts';

const cudaHere = (() => {
  try {
    return ort.listSupportedBackends().some((b) => b.name === 'cuda') && spawnSync('nvidia-smi', { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();
const vtest = sharedFile('footage/vtest.avi');

describe('execution providers', () => {
  it('parses --provider for the run or per algorithm, refusing unknown providers and algorithms', () => {
    const algs = ['faceplugin-v1', 'blazeface+faceplugin'];
    expect(parseProviders(undefined, algs)).toEqual({ 'faceplugin-v1': 'cpu', 'blazeface+faceplugin': 'cpu' });
    expect(parseProviders(['cuda'], algs)).toEqual({ 'faceplugin-v1': 'cuda', 'blazeface+faceplugin': 'cuda' });
    // a per-algorithm value wins over the run's, whatever the order given
    expect(parseProviders(['blazeface+faceplugin=cpu', 'cuda'], algs)).toEqual({ 'faceplugin-v1': 'cuda', 'blazeface+faceplugin': 'cpu' });
    expect(() => parseProviders(['tensorrt'], algs)).toThrow(/--provider: expected cpu or cuda, or ALGORITHM=PROVIDER with ALGORITHM one of faceplugin-v1, blazeface\+faceplugin, got "tensorrt"/);
    expect(() => parseProviders(['arcface=cuda'], algs)).toThrow(InputError);
  });

  it('runs on the CPU and says so', async () => {
    await checkProvider('cpu');
    const alg = await createAlgorithm('faceplugin-v1', { provider: 'cpu' });
    expect(alg.provider).toBe('cpu');
    await alg.close();
  });

  it.skipIf(cudaHere)('refuses CUDA where onnxruntime-node cannot load it, with a message saying what is needed', async () => {
    const err = await checkProvider('cuda').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^--provider: cuda: expected onnxruntime-node with its CUDA execution provider and libraries on a machine with an NVIDIA GPU .*docs\/replay\.md#gpu.*, or --provider cpu, got /);
    await expect(createAlgorithm('faceplugin-v1', { provider: 'cuda' })).rejects.toThrow(InputError);
  });

  it.skipIf(cudaHere || !vtest.present)('replay --provider cuda without CUDA: exit code 2, the message, nothing written', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'evenhand-cuda-')), 'out');
    const r = spawnSync(process.execPath, [path.resolve('bin/evenhand.js'), 'replay', '--video', vtest.path, '--out', out, '--provider', 'cuda'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--provider: cuda: expected onnxruntime-node with its CUDA execution provider');
    expect(existsSync(out)).toBe(false);
  });
});
