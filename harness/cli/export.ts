/** `evenhand export --for sharing`: a pseudonymised package of a run that other researchers can reanalyse. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/input-error.ts';
import { appendAudit, buildSharingPackage } from '../govern/index.ts';
import { sha256Bytes } from '../core/sha256-file.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import { byOption } from './confirm.ts';
import { outOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { run: string; for: string; out: string; 'key-out'?: string; by: string }

export const exportCommand: CommandModule<object, Args> = {
  command: 'export',
  describe: 'Export a run for sharing: contract tables with pseudonymised ids, protocol, results, provenance, README',
  builder: (y) => y
    .option('run', { type: 'string', demandOption: true, describe: 'The run folder (evenhand run or simulate)' })
    .option('for', { type: 'string', choices: ['sharing'], demandOption: true, describe: 'What the export is for: sharing (with other researchers, under an agreement)' })
    .option('out', outOption('the package'))
    .option('key-out', { type: 'string', describe: 'Also write the pseudonym key here (outside the package), to answer later requests about shared rows; by default it is not kept' })
    .option('by', byOption)
    .epilog('The package holds tables/<algorithm>/searches.arrow and candidates.arrow with every id of a person or pass replaced by a keyed hash under a fresh key, rows in pseudonym order; the protocol; results.json; provenance.json with per-image hashes folded together; and a README. No images, names, embeddings, galleries, track tables or footage. Before writing, a check scans every file: only contract columns, pseudonyms in id columns, and no id or name known to the run or its dataset anywhere; if anything fails it names the file and column, writes nothing and exits 2. The export is logged in the run\'s audit log.')
    .example('evenhand export --run runs/rehearsal-run --for sharing --out shared/rehearsal', '') as never,
  handler: async (args) => {
    const keyOut = args['key-out'];
    if (keyOut !== undefined) {
      const rel = path.relative(path.resolve(args.out), path.resolve(keyOut));
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) throw new InputError('command line', [{ path: '--key-out', expected: 'a file outside the package folder (the key must not travel with the data)', got: keyOut }]);
    }
    const pkg = buildSharingPackage(args.run);
    await writeDirAtomic(args.out, (dir) => {
      for (const [name, content] of pkg.files) writeFileAtomic(path.join(dir, name), content);
    });
    if (keyOut !== undefined) writeFileSync(keyOut, `${Buffer.from(pkg.key).toString('hex')}\n`, { mode: 0o600 });
    const entry = appendAudit(args.run, {
      by: args.by, action: 'export',
      details: { for: args.for, out: path.resolve(args.out), keyKept: keyOut !== undefined, pseudonyms: pkg.pseudonyms, files: [...pkg.files].map(([name, content]) => ({ path: name, sha256: sha256Bytes(content) })) },
    });
    if (pkg.record.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${args.out}: ${pkg.files.size} files, ${pkg.pseudonyms} ids pseudonymised${keyOut === undefined ? ' (key not kept)' : ` (key in ${keyOut})`}; audit log entry ${entry.seq}`);
  },
};
