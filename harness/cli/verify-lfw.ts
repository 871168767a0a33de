/**
 * `evenhand verify-lfw`: 10-fold verification accuracy, TAR at FAR 1e-3, AUC, detection failures, and FNMR at FMR
 * 1e-2 and 1e-3 overall and by sex with Clopper-Pearson intervals, on LFW-style pairs.
 */
import type { Argv, CommandModule } from 'yargs';
import { createAlgorithm, readLfwDataset, verifyLfw, type CountedRate, type FnmrAtFmr, type VerificationMetrics } from '../algorithms/index.ts';

interface VerifyArgs { data: string; algorithm: string; json: boolean; limit?: number; threads: number }

function line(name: string, m: VerificationMetrics): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  return `${name.padEnd(8)} pairs ${String(m.pairs).padStart(5)} (${m.mated} mated)  accuracy ${pct(m.accuracy.mean)} ± ${pct(m.accuracy.sd)}  ` +
    `TAR@FAR=${m.tarAtFar.far} ${pct(m.tarAtFar.tar)} (threshold ${m.tarAtFar.threshold.toFixed(3)})  AUC ${m.auc.toFixed(4)}` +
    (m.atThreshold ? `  at the overall threshold: TAR ${pct(m.atThreshold.tar)} FAR ${pct(m.atThreshold.far)}` : '');
}

function counted(r: CountedRate): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  return `${r.estimate === null ? 'n/a' : pct(r.estimate)} [${pct(r.lower)}, ${pct(r.upper)}] (${r.k}/${r.n})`;
}

function fnmrLines(f: FnmrAtFmr): string[] {
  const head = `FNMR at FMR ${f.targetFmr} (threshold ${f.threshold.toFixed(3)}, set on all ${f.overall.fmr.n} non-mated pairs; ${Math.round(100 * f.level)}% Clopper-Pearson):`;
  return [head, `  overall   FNMR ${counted(f.overall.fnmr)}  FMR ${counted(f.overall.fmr)}`,
    ...Object.entries(f.byGroup).map(([g, r]) => `  sex ${g.padEnd(5)} FNMR ${counted(r.fnmr)}  FMR ${counted(r.fmr)} (same-sex non-mated pairs)`)];
}

/** The `verify-lfw` command module. */
export const verifyLfwCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify-lfw',
  describe: 'Verification accuracy of an algorithm on LFW-style pairs (images/<id>/<id>_NNNN.jpg, pairs.tsv, subjects.csv), and FNMR at fixed FMR by sex',
  builder: (y: Argv) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'Dataset folder, e.g. ../shared/datasets/lfw-dev' })
      .option('algorithm', { type: 'string', default: 'faceplugin-v1', describe: 'Registered algorithm name' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the full result as JSON' })
      .option('limit', { type: 'number', describe: 'Use only the first N mated and first N non-mated pairs' })
      .option('threads', { type: 'number', default: 2, describe: 'ONNX Runtime threads per model' })
      .epilog('Prints 10-fold accuracy, TAR at FAR 1e-3 and AUC overall and by sex, then the false non-match rate at a fixed false match rate (1e-2 and 1e-3): one threshold per FMR set on all non-mated pairs, each sex\'s FNMR (its mated pairs) and FMR (its same-sex non-mated pairs) read at that threshold with Clopper-Pearson 95% intervals, as NIST reports demographic differentials (NISTIR 8280). --json prints everything.'),
  handler: async (args) => {
    const data = await readLfwDataset(args.data);
    const limit = args.limit;
    const pairs = limit === undefined ? data.pairs : [...data.pairs.filter((p) => p.mated).slice(0, limit), ...data.pairs.filter((p) => !p.mated).slice(0, limit)];
    const algorithm = await createAlgorithm(args.algorithm, { threads: args.threads });
    const tty = process.stderr.isTTY;
    let last = 0;
    const result = await verifyLfw(algorithm, data, {
      pairs,
      onProgress: (done, total) => {
        if (tty) process.stderr.write(`\rembedding images ${done}/${total}`);
        else if (done === total || done - last >= 500) { last = done; process.stderr.write(`embedding images ${done}/${total}\n`); }
      },
    });
    if (tty) process.stderr.write('\n');
    await algorithm.close();
    if (args.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(`${result.algorithm} on ${args.data}: ${result.images} images, ${result.detectionFailures.count} detection failures (scored as non-matches)`);
    console.log(line('overall', result.overall));
    for (const [sex, m] of Object.entries(result.bySex)) console.log(line(`sex ${sex}`, m));
    for (const f of result.fnmrAtFmr) for (const l of fnmrLines(f)) console.log(l);
  },
};
