/** `evenhand withdraw`: a volunteer's data taken out of a run and its dataset, on their request. */
import type { CommandModule } from 'yargs';
import { executeWithdrawal, planWithdrawal } from '../govern/index.ts';
import { byOption, confirm } from './confirm.ts';
import { say } from './options.ts';

interface Args { volunteer: string; run: string; yes: boolean; by: string }

export const withdrawCommand: CommandModule<object, Args> = {
  command: 'withdraw',
  describe: 'Withdraw a volunteer: remove their enrolment, passes and every derived row, recompute the analysis and report',
  builder: (y) => y
    .option('volunteer', { type: 'string', demandOption: true, describe: 'The volunteer\'s id (as in the dataset manifest)' })
    .option('run', { type: 'string', demandOption: true, describe: 'The run folder (evenhand run)' })
    .option('yes', { type: 'boolean', default: false, describe: 'Do not ask for confirmation' })
    .option('by', byOption)
    .epilog([
      'In the run folder: the volunteer\'s searches (their passes and their face searched against the filler gallery) and their candidates are removed, and so is their entry wherever it was returned as a candidate for someone else (the other candidates move up); the watchlist galleries and the track tables, searched against a gallery that held them, are deleted; results.json, exclusions.json and the report are recomputed; provenance.json and the run record count the withdrawal (a date and counts, never the id). In the dataset folder: their entry and passes leave the manifest, their enrolment images inside the folder are deleted, and a rehearsal\'s truth and private key lose their rows. Both audit logs get an entry with hashes and counts, without the id.',
      'The footage itself is not edited: the person stays in it as an unlabelled passer-by. Run the campaign again (the same evenhand run command) to replay the footage against a watchlist without them: its tables then equal those of a campaign that never had this volunteer. Exit 2 for an unknown id, a folder that is not a run or a damaged audit log (nothing is changed then).',
    ].join('\n\n'))
    .example('evenhand withdraw --volunteer v017 --run runs/rehearsal-run', ''),
  handler: async (args) => {
    const plan = planWithdrawal(args.run, args.volunteer);
    const ds = plan.dataset;
    say(`from ${args.run}: ${plan.searchesRemoved} searches and ${plan.candidatesRemoved} candidate rows; ${plan.deletions.length} gallery and track-table files`);
    if (plan.datasetMissing !== null) say(`the run's dataset manifest is not at ${plan.datasetMissing} (moved or purged): only the run folder will change; withdraw the volunteer from the dataset where it is`);
    if (ds !== null) say(`from the dataset (${ds.manifest.file}): ${ds.passesRemoved} passes, ${ds.images.length} enrolment images${ds.imagesOutside > 0 ? ` (${ds.imagesOutside} more outside the dataset folder: delete them where they are)` : ''}`);
    if (!(await confirm(`Withdraw volunteer ${args.volunteer}? This cannot be undone.`, args.yes))) {
      say('nothing changed');
      process.exitCode = 1;
      return;
    }
    const out = await executeWithdrawal(plan, args.by);
    console.log(`withdrew the volunteer from ${args.run} (withdrawal ${out.withdrawals}): ${plan.searchesRemoved} searches and ${plan.candidatesRemoved} candidates removed; results and report recomputed`);
    if (ds !== null && ds.imagesOutside > 0) say(`${ds.imagesOutside} enrolment image(s) lie outside the dataset folder and were not deleted: delete them at their source`);
    say('Run the campaign again (the same evenhand run command) to replay the footage without them.');
  },
};
