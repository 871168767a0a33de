/** Option definitions shared by several commands, so each is described once. */
import type { Options } from 'yargs';
import { ExecutionProvider, isExecutionProvider } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { DEFAULT_AGE_BAND, DEFAULT_ETHNICITY, DEFAULT_SEX } from '../campaign/defaults.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';

export const protocolOption: Options = {
  type: 'string',
  demandOption: true,
  describe: 'Campaign protocol file (JSON or YAML), e.g. protocols/npl-2023-lfr.json',
};

export const outOption = (what: string): Options => ({
  type: 'string',
  demandOption: true,
  describe: `Output folder for ${what}; written whole or not at all (an existing folder is replaced)`,
});

/** Writes a progress or status line to stderr (results go to files; stdout stays for summaries). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The banner every output of simulated data carries. */
export const SIMULATED_BANNER = 'SIMULATED DATA: these searches were drawn from a score model, not recorded from people.';

/** `--provider`: where ONNX Runtime runs the models, for every algorithm (`cuda`) or one (`faceplugin-v1=cuda`). */
export const providerOption = {
  type: 'string',
  array: true,
  describe: `Execution provider for the models: ${Object.keys(ExecutionProvider).join(' or ')} for every algorithm, or ALGORITHM=PROVIDER for one (repeatable); default cpu. cuda needs onnxruntime-node with its CUDA libraries (docs/replay.md#gpu)`,
} as const satisfies Options;

/**
 * Parses `--provider` values into a provider per algorithm of `algorithms` (default cpu).
 * @throws InputError naming --provider for an unknown provider or an algorithm the run does not replay.
 * @example parseProviders(['cuda', 'blazeface+faceplugin=cpu'], ['faceplugin-v1', 'blazeface+faceplugin'])
 */
export function parseProviders(values: readonly string[] | undefined, algorithms: readonly string[]): Record<string, ExecutionProvider> {
  const out: Record<string, ExecutionProvider> = Object.fromEntries(algorithms.map((a) => [a, 'cpu' as const]));
  const expected = `${Object.keys(ExecutionProvider).join(' or ')}, or ALGORITHM=PROVIDER with ALGORITHM one of ${algorithms.join(', ')}`;
  for (const v of [...(values ?? [])].sort((a, b) => Number(a.includes('=')) - Number(b.includes('=')))) {
    const cut = v.lastIndexOf('=');
    const name = cut < 0 ? null : v.slice(0, cut);
    const provider = cut < 0 ? v : v.slice(cut + 1);
    if (!isExecutionProvider(provider) || (name !== null && !algorithms.includes(name))) throw new InputError('--provider', [{ path: '', expected, got: JSON.stringify(v) }]);
    for (const a of name === null ? algorithms : [name]) out[a] = provider;
  }
  return out;
}

/** `--queue URL`, `--queue-name` and `--attempts`: replay on `evenhand worker` processes through a BullMQ queue on Redis. */
export const queueOptions = {
  queue: { type: 'string', describe: 'Redis URL of a BullMQ queue (e.g. redis://10.0.0.5:6379): submit the segments as jobs to `evenhand worker` processes on any machines sharing the output folder, instead of replaying here' },
  'queue-name': { type: 'string', default: 'evenhand-replay', describe: 'Name of the queue (workers take jobs from the queue of this name)' },
  attempts: { type: 'number', default: 3, describe: 'With --queue: tries per segment before it counts as failed (retries back off 5 s, 10 s, 20 s, ...)' },
} as const satisfies Record<string, Options>;

/** `--full-detect-every K`: every detector tile on one processed frame in K, only a window around each known face between. */
export const fullDetectEveryOption = {
  type: 'number',
  default: 1,
  describe: 'Run every detector tile on one processed frame in K; between those, the detector runs only on a window around each face of the frame before (a newcomer is found up to K-1 frames late). 1 = every tile on every frame',
} as const satisfies Options;

/** @throws InputError naming --full-detect-every unless `k` is a whole number >= 1. */
export function checkFullDetectEvery(k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new InputError('--full-detect-every', [{ path: '', expected: 'a whole number >= 1', got: String(k) }]);
}

/**
 * The demographic categories a manifest is read with: those of `protocol` when given, else the built-in ones.
 * @throws InputError for a bad protocol.
 */
export function manifestDimensions(protocol: string | undefined): Campaign['dimensions'] {
  return protocol === undefined ? { sex: [...DEFAULT_SEX], ethnicity: [...DEFAULT_ETHNICITY], ageBand: [...DEFAULT_AGE_BAND] } : loadProtocol(protocol).dimensions;
}
