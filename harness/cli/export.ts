/** `evenhand export --for sharing`: a pseudonymised package of a run that other researchers can reanalyse. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { appendAudit, buildSharingPackage } from '../govern/index.ts';
import { sha256Bytes } from '../core/sha256-file.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { byOption } from './confirm.ts';
import { choiceOption, optionError, pathOption } from './option-values.ts';
import { outOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { run: string; for: string; out: string; 'key-out'?: string; by: string }

/** What `export --for sharing` writes: a package for reanalysis. */
export const SHARING_OUTPUT: OutputKind = { name: 'sharing', legacyNames: ['tables', 'README.md', 'results.json', 'truth.json', 'provenance.json', /^protocol\.(json|ya?ml)$/] };

/**
 * `--key-out` before any work: a new file (an earlier key is never overwritten) in an existing folder, outside the
 * package (the key must not travel with the data).
 * @throws InputError naming --key-out.
 */
function checkKeyOut(keyOut: string, out: string): void {
  const rel = path.relative(path.resolve(out), path.resolve(keyOut));
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) throw optionError('--key-out', 'a file outside the package folder (the key must not travel with the data)', JSON.stringify(keyOut));
  if (existsSync(keyOut)) throw optionError('--key-out', 'a new file (an earlier key is never overwritten)', statSync(keyOut).isDirectory() ? 'an existing folder' : 'an existing file');
  const parent = path.dirname(path.resolve(keyOut));
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw optionError('--key-out', 'a file in an existing folder', `${JSON.stringify(keyOut)} (no folder ${parent})`);
}

export const exportCommand: CommandModule<object, Args> = {
  command: 'export',
  describe: 'Export a run for sharing: contract tables with pseudonymised ids, protocol, results, provenance, README',
  builder: (y) => y
    .option('run', pathOption('--run', 'The run folder (evenhand run or simulate)'))
    .option('for', { ...choiceOption('--for', ['sharing'], 'What the export is for: sharing (with other researchers, under an agreement)'), demandOption: true })
    .option('out', outOption('the package'))
    .option('key-out', pathOption('--key-out', 'Also write the pseudonym key to this new file (outside the package), to answer later requests about shared rows; by default it is not kept', false))
    .option('by', byOption)
    .epilog('The package holds tables/<algorithm>/searches.arrow and candidates.arrow with every id of a person or pass replaced by a keyed hash under a fresh key, rows in pseudonym order; the protocol; results.json; provenance.json with per-image hashes folded together; and a README. No images, names, embeddings, galleries, track tables or footage. Before writing, a check scans every file: only contract columns, pseudonyms in id columns, and no id or name known to the run or its dataset anywhere; if anything fails it names the file and column, writes nothing and exits 2. The export is logged in the run\'s audit log.')
    .example('evenhand export --run runs/rehearsal-run --for sharing --out shared/rehearsal', ''),
  handler: async (args) => {
    const keyOut = args['key-out'];
    const target: OutputTarget = { kind: SHARING_OUTPUT, dir: args.out, option: '--out', inputs: [args.run] };
    checkOutputTarget(target);
    if (keyOut !== undefined) checkKeyOut(keyOut, args.out);
    const pkg = buildSharingPackage(args.run);
    await writeOutputFolder(target, (dir) => {
      for (const [name, content] of pkg.files) writeFileAtomic(path.join(dir, name), content);
    });
    if (keyOut !== undefined) writeFileSync(keyOut, `${Buffer.from(pkg.key).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    const entry = appendAudit(args.run, {
      by: args.by, action: 'export',
      details: { for: args.for, out: path.resolve(args.out), keyKept: keyOut !== undefined, pseudonyms: pkg.pseudonyms, files: [...pkg.files].map(([name, content]) => ({ path: name, sha256: sha256Bytes(content) })) },
    });
    if (pkg.record.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${args.out}: ${pkg.files.size} files, ${pkg.pseudonyms} ids pseudonymised${keyOut === undefined ? ' (key not kept)' : ` (key in ${keyOut})`}; audit log entry ${entry.seq}`);
  },
};
