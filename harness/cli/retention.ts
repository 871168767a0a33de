/** `evenhand retention`: what is due for review or deletion (status), a review that keeps data longer, purge, and the audit log's check. */
import type { Argv, CommandModule } from 'yargs';
import { DataClass } from '../campaign/data-class.ts';
import { executePurge, planPurge, recordReview, retentionStatus, RetentionState, verifyAuditLog, type FolderStatus } from '../govern/index.ts';
import { InputError } from '../core/input-error.ts';
import { byOption, bytes, confirm } from './confirm.ts';
import { say } from './options.ts';

const today = (): string => new Date().toISOString().slice(0, 10);

const statusCommand: CommandModule<object, { dirs: string[]; on?: string; json: boolean }> = {
  command: 'status <dirs..>',
  describe: 'List what is within its retention period, due for review or deletion, or kept, by class of data',
  builder: (y) => y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run folders, dataset folders (with manifest.json) or manifest files' })
    .option('on', { type: 'string', describe: 'As of this day (YYYY-MM-DD; default today): what will be due then' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the status as JSON' })
    .epilog('States: within period; due for review or due for deletion (the period has ended: purge deletes these); kept (past the period, as the protocol allows); not personal data (simulations). A review recorded with evenhand retention review extends the period.')
    .example('evenhand retention status runs/rehearsal-run runs/rehearsal', 'a run folder and its dataset folder')
    .example('evenhand retention status runs/rehearsal-run --on 2030-01-01 --json', 'what will be due then, as JSON'),
  handler: (args) => {
    const on = args.on ?? today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(on))) throw new InputError('command line', [{ path: '--on', expected: 'a date as YYYY-MM-DD', got: JSON.stringify(on) }]);
    const all = args.dirs.map((d) => retentionStatus(d, on));
    if (args.json) {
      console.log(JSON.stringify(all.map((s) => ({ dir: s.inventory.dir, kind: s.inventory.kind, retention: s.inventory.retention, dueOn: s.dueOn, review: s.review, classes: s.classes, unclassified: s.unclassified, outside: s.inventory.outside, audit: s.audit })), null, 2));
      return;
    }
    for (const s of all) console.log(statusText(s, on));
  },
};

/** The status of one folder, for people. */
function statusText(s: FolderStatus, on: string): string {
  const r = s.inventory.retention;
  const head = r === null
    ? s.inventory.kind === 'dataset' ? 'no manifest left (purged, or not a dataset)' : 'simulated data: nobody\'s personal data, no retention period'
    : `collected ${r.collectedOn}; kept ${r.periodMonths} months, then ${r.afterPeriod}; ${s.dueOn !== null && on >= s.dueOn ? 'due since' : 'due on'} ${s.dueOn ?? ''}${s.review === null ? '' : ` (review of ${s.review.on}: kept until ${s.review.until}, ${s.review.reason})`}`;
  const lines = [`${s.inventory.dir} (${s.inventory.kind}): ${head}`];
  const pad = (x: string, n: number): string => x.padEnd(n);
  lines.push(`  ${pad('class', 20)}${pad('files', 8)}${pad('size', 10)}state`);
  for (const c of s.classes) lines.push(`  ${pad(DataClass[c.class].label, 20)}${pad(String(c.files), 8)}${pad(bytes(c.bytes), 10)}${c.state.replace(/-/g, ' ')}`);
  if (s.classes.length === 0) lines.push('  (no data left)');
  if (s.due.length > 0) lines.push(`  purge would delete ${s.due.length} files (${bytes(s.due.reduce((a, f) => a + f.bytes, 0))}): ${RetentionState[s.classes.find((c) => c.state.startsWith('due'))?.state ?? 'due-for-review']}`);
  if (s.unclassified.length > 0) lines.push(`  not made by evenhand, left alone by purge: ${s.unclassified.join(', ')}`);
  if (s.inventory.outside.length > 0) lines.push(`  named by the manifest but outside the folder (delete them where they are): ${s.inventory.outside.join(', ')}`);
  lines.push(`  audit log: ${s.audit.entries} entries, head ${s.audit.head}${s.audit.lastPurge === null ? '' : `; last purge ${s.audit.lastPurge}`}`);
  return lines.join('\n');
}

const purgeCommand: CommandModule<object, { dir: string; yes: boolean; by: string }> = {
  command: 'purge <dir>',
  describe: 'Delete what is due, keeping what the protocol allows past the period; log it in the audit log',
  builder: (y) => y
    .positional('dir', { type: 'string', demandOption: true, describe: 'A run folder or a dataset folder' })
    .option('yes', { type: 'boolean', default: false, describe: 'Do not ask for confirmation' })
    .option('by', byOption)
    .example('evenhand retention purge runs/rehearsal-run', 'asks, then deletes galleries, track and search tables; keeps results and report')
    .epilog('Deletes every file of a class whose retention period has ended (due for review or for deletion), except the classes the protocol keeps (by default the aggregate results and the reports) and the folder\'s records (run record, audit log). Before deleting, it appends to audit-log.jsonl what will be deleted (each file\'s path, class and sha256), when and by whom. It never follows a symbolic link: a link is removed, what it points to is not. Files not made by evenhand are left alone. Asks for confirmation unless --yes (no answer, no deletion: exit 1).'),
  handler: async (args) => {
    const plan = planPurge(args.dir, today());
    if (plan.files.length === 0) {
      console.log(`${args.dir}: nothing is due${plan.status.dueOn === null ? '' : ` (due on ${plan.status.dueOn})`}; nothing deleted`);
      return;
    }
    for (const c of plan.status.classes.filter((x) => x.state.startsWith('due'))) say(`  ${DataClass[c.class].label}: ${c.files} files, ${bytes(c.bytes)}`);
    const kept = plan.status.classes.filter((x) => x.state === 'kept').map((x) => DataClass[x.class].label.toLowerCase());
    if (!(await confirm(`Delete ${plan.files.length} files (${bytes(plan.bytes)}) from ${args.dir}${kept.length > 0 ? `, keeping ${kept.join(' and ')}` : ''}? This cannot be undone.`, args.yes))) {
      say('nothing deleted');
      process.exitCode = 1;
      return;
    }
    const out = executePurge(plan, args.by);
    console.log(`deleted ${out.deleted} files (${bytes(out.bytes)}) from ${args.dir}${out.links > 0 ? ` (${out.links} links removed; what they point to was not touched)` : ''}; audit log entry ${out.entry.seq}, head ${out.entry.hash}`);
    if (out.refused.length > 0) say(`left alone, outside the folder: ${out.refused.join(', ')}`);
  },
};

const reviewCommand: CommandModule<object, { dir: string; until: string; reason: string; by: string }> = {
  command: 'review <dir>',
  describe: 'Record a review that keeps a folder\'s data until a later date, with the reason',
  builder: (y) => y
    .positional('dir', { type: 'string', demandOption: true, describe: 'A run folder or a dataset folder' })
    .option('until', { type: 'string', demandOption: true, describe: 'Keep the data until this day (YYYY-MM-DD)' })
    .option('reason', { type: 'string', demandOption: true, describe: 'Why they are still needed (purpose, legal basis)' })
    .option('by', byOption)
    .example('evenhand retention review runs/rehearsal-run --until 2030-06-30 --reason "complaint under investigation"', ''),
  handler: (args) => {
    const e = recordReview(args.dir, { until: args.until, reason: args.reason, by: args.by });
    console.log(`${args.dir}: kept until ${args.until}; audit log entry ${e.seq}, head ${e.hash}`);
  },
};

const verifyCommand: CommandModule<object, { dirs: string[]; head?: string }> = {
  command: 'verify <dirs..>',
  describe: 'Check that a folder\'s audit log has no gap and no edited entry',
  builder: (y) => y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Run or dataset folders' })
    .option('head', { type: 'string', describe: 'A head hash recorded earlier (printed by purge, review and verify): also detects entries cut from the end' })
    .example('evenhand retention verify runs/rehearsal-run runs/rehearsal', '')
    .epilog('Each entry holds the hash of the one before and its own: a removed, reordered or edited entry breaks the chain. Exit 2 names the line and what broke.'),
  handler: (args) => {
    for (const d of args.dirs) {
      const v = verifyAuditLog(d, args.head);
      console.log(`${d}: audit log intact, ${v.entries} entries, head ${v.head}`);
    }
  },
};

export const retentionCommand: CommandModule<object, object> = {
  command: 'retention <command>',
  describe: 'Retention and review: status by class of data, review, purge, audit-log check',
  builder: (y: Argv) => y
    .command(statusCommand)
    .command(reviewCommand)
    .command(purgeCommand)
    .command(verifyCommand)
    .demandCommand(1, 'Name a retention command: status, review, purge or verify.')
    .epilog('The protocol sets the policy (retention.periodMonths, default 36: three years; afterPeriod: review or delete; keep: classes allowed past the period, default aggregate-results and reports); a dataset manifest records when its data were collected (retention.collectedOn, default the end of the last deployment) and may record its own period. See docs/governance.md.'),
  handler: () => undefined,
};
