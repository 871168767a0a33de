/** Option definitions shared by several commands, so each is described (and checked) once. */
import type { Options } from 'yargs';
// the files themselves, not their folders' index: `analyse` and the other commands that run no model or queue start
// without loading ONNX Runtime or BullMQ
import { ExecutionProvider, isExecutionProvider } from '../algorithms/execution-provider-name.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { DEFAULT_AGE_BAND, DEFAULT_ETHNICITY, DEFAULT_SEX } from '../campaign/defaults.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { parseRedisUrl } from '../queue/redis-url.ts';
import { parseShard, type ShardSpec } from '../shard/shard-spec.ts';
import { boundedOption, optionError, parsedOption, pathOption, pathsOption, textOption, type CheckedOption } from './option-values.ts';

export const protocolOption: Options = pathOption('--protocol', 'Campaign protocol file (JSON or YAML), e.g. protocols/npl-2023-lfr.json');

export const outOption = (what: string): CheckedOption<string> & { demandOption: true } =>
  pathOption('--out', `Output folder for ${what}; written whole or not at all. An existing folder is replaced only when it is an earlier output of this command (never a folder holding this command's inputs)`);

/** `--allow-root DIR` (repeatable): more folders a manifest's (or list's) paths may lie in, besides its own folder. */
export const allowRootOption: CheckedOption<string[]> & { default: string[] } = {
  ...pathsOption('--allow-root', "A folder the dataset's files may also lie in, besides the manifest's own folder (repeat for several); every other path is refused", 'a folder'),
  default: [],
};

/** Writes a progress or status line to stderr (results go to files; stdout stays for summaries). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The banner every output of simulated data carries. */
export const SIMULATED_BANNER = 'SIMULATED DATA: these searches were drawn from a score model, not recorded from people.';

const PROVIDERS = Object.keys(ExecutionProvider).join(' or ');

/**
 * `--provider`: where ONNX Runtime runs the models, for every algorithm (`cuda`) or one (`faceplugin-v1=cuda`). The
 * provider of each value is checked as it is parsed; the algorithm, against the run's, by parseProviders.
 */
export const providerOption: CheckedOption<string[]> = {
  ...pathsOption('--provider', `Execution provider for the models: ${PROVIDERS} for every algorithm, or ALGORITHM=PROVIDER for one (repeatable); default cpu. cuda needs onnxruntime-node with its CUDA libraries (docs/replay.md#gpu)`),
  coerce: (values: unknown) => (Array.isArray(values) ? values : [values]).map((v: unknown) => {
    const text = typeof v === 'string' ? v : '';
    if (!isExecutionProvider(text.slice(text.lastIndexOf('=') + 1)) || text.startsWith('=')) throw optionError('--provider', `${PROVIDERS}, or ALGORITHM=PROVIDER`, show(v));
    return text;
  }),
};

/**
 * Parses `--provider` values into a provider per algorithm of `algorithms` (default cpu).
 * @throws InputError naming --provider for an unknown provider or an algorithm the run does not replay.
 * @example parseProviders(['cuda', 'blazeface+faceplugin=cpu'], ['faceplugin-v1', 'blazeface+faceplugin'])
 */
export function parseProviders(values: readonly string[] | undefined, algorithms: readonly string[]): Record<string, ExecutionProvider> {
  const out: Record<string, ExecutionProvider> = Object.fromEntries(algorithms.map((a) => [a, 'cpu' as const]));
  const expected = `${PROVIDERS}, or ALGORITHM=PROVIDER with ALGORITHM one of ${algorithms.join(', ')}`;
  for (const v of [...(values ?? [])].sort((a, b) => Number(a.includes('=')) - Number(b.includes('=')))) {
    const cut = v.lastIndexOf('=');
    const name = cut < 0 ? null : v.slice(0, cut);
    const provider = cut < 0 ? v : v.slice(cut + 1);
    if (!isExecutionProvider(provider) || (name !== null && !algorithms.includes(name))) throw new InputError('--provider', [{ path: '', expected, got: JSON.stringify(v) }]);
    for (const a of name === null ? algorithms : [name]) out[a] = provider;
  }
  return out;
}

/** A Redis URL option (`--queue`, `--redis`), checked as it is parsed (scheme, host, port, database). */
export const redisUrlOption = (option: string, describe: string, required: boolean): CheckedOption<string> =>
  parsedOption(option, describe, (t) => parseRedisUrl(t, option), required);

/** The name of a BullMQ queue: letters, digits, `.`, `_` and `-` (a colon would split Redis keys). */
export const queueNameOption = (describe: string): CheckedOption<string> & { default: string } =>
  textOption('--queue-name', describe, { default: 'evenhand-replay', pattern: /^[A-Za-z0-9._-]{1,100}$/, expected: 'a queue name of 1 to 100 letters, digits, ".", "_" and "-"' });

/** `--queue URL`, `--queue-name` and `--attempts`: replay on `evenhand worker` processes through a BullMQ queue on Redis. */
export const queueOptions = {
  queue: redisUrlOption('--queue', 'Redis URL of a BullMQ queue (e.g. redis://10.0.0.5:6379): submit the segments as jobs to `evenhand worker` processes on any machines sharing the output folder, instead of replaying here', false),
  'queue-name': queueNameOption('Name of the queue (workers take jobs from the queue of this name)'),
  attempts: boundedOption('--attempts', Bounds.queueAttempts, 'With --queue: tries per segment before it counts as failed (retries back off 5 s, 10 s, 20 s, ...)', 3),
} as const satisfies Record<string, Options>;

/** `--full-detect-every K`: every detector tile on one processed frame in K, only the tiles that overlap a known face between. */
export const fullDetectEveryOption = boundedOption('--full-detect-every', Bounds.fullDetectEvery,
  'Run every detector tile on one processed frame in K; between those, the detector runs only on the tiles that overlap a face of the frame before (a newcomer is found up to K-1 frames late). 1 = every tile on every frame', 1);

/** `--shard i/n`: shard i of n of the footage segments, checked as it is parsed (`4/3`, `0/0` are refused). */
export const shardOption = (describe: string): CheckedOption<ShardSpec> => parsedOption('--shard', describe, (t) => parseShard(t, '--shard'), false);

/**
 * A yargs check: `--queue` and `--shard` are two ways to spread one run, so one command takes one of them.
 * @throws InputError naming --queue when both are given.
 */
export function queueOrShard(a: { queue?: unknown; shard?: unknown }): true {
  if (a.queue !== undefined && a.shard !== undefined) throw optionError('--queue', 'either --queue or --shard (a queue spreads the segments itself)', 'both');
  return true;
}

/**
 * The demographic categories a manifest is read with: those of `protocol` when given, else the built-in ones.
 * @throws InputError for a bad protocol.
 */
export function manifestDimensions(protocol: string | undefined): Campaign['dimensions'] {
  return protocol === undefined ? { sex: [...DEFAULT_SEX], ethnicity: [...DEFAULT_ETHNICITY], ageBand: [...DEFAULT_AGE_BAND] } : loadProtocol(protocol).dimensions;
}
