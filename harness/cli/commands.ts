/**
 * The list of `evenhand` commands: one file per command in this folder, registered here in the order `--help` shows.
 * Each is loaded only when needed: running one command imports that command's module alone (so `evenhand analyse`
 * does not load the face models' runtime or the chart renderer); `--help` and unknown commands load them all.
 */
import type { CommandModule } from 'yargs';

/** A command of the CLI: the words that select it and how to load its module. */
export interface CommandEntry {
  /** The command word and its aliases, as typed. */
  names: readonly string[];
  load: () => Promise<CommandModule<object, never>>;
}

/** Widens a command's argument type for the list (yargs checks each command's own types where it is defined). */
const entry = <A>(names: readonly string[], load: () => Promise<CommandModule<object, A>>): CommandEntry =>
  ({ names, load: async () => (await load()) as unknown as CommandModule<object, never> });

/** Every command of the CLI, in the order `--help` lists them. Add a new command's module here. */
export const commands: readonly CommandEntry[] = [
  entry(['demo'], async () => (await import('./demo.ts')).demoCommand),
  entry(['validate'], async () => (await import('./validate.ts')).validateCommand),
  entry(['plan'], async () => (await import('./plan.ts')).planCommand),
  entry(['simulate'], async () => (await import('./simulate.ts')).simulateCommand),
  entry(['rehearse'], async () => (await import('./rehearse.ts')).rehearseCommand),
  entry(['models'], async () => (await import('./models.ts')).modelsCommand),
  entry(['verify-lfw'], async () => (await import('./verify-lfw.ts')).verifyLfwCommand),
  entry(['replay'], async () => (await import('./replay.ts')).replayCommand),
  entry(['run'], async () => (await import('./run.ts')).runCommand),
  entry(['combine'], async () => (await import('./combine.ts')).combineCommand),
  entry(['merge'], async () => (await import('./merge.ts')).mergeCommand),
  entry(['worker'], async () => (await import('./worker.ts')).workerCommand),
  entry(['import-alerts'], async () => (await import('./import-alerts.ts')).importAlertsCommand),
  entry(['export-probes'], async () => (await import('./export-probes.ts')).exportProbesCommand),
  entry(['import-candidates'], async () => (await import('./import-candidates.ts')).importCandidatesCommand),
  entry(['analyse', 'analyze'], async () => (await import('./analyse.ts')).analyseCommand),
  entry(['report'], async () => (await import('./report.ts')).reportCommand),
  entry(['thresholds'], async () => (await import('./thresholds.ts')).thresholdsCommand),
  entry(['retention'], async () => (await import('./retention.ts')).retentionCommand),
  entry(['withdraw'], async () => (await import('./withdraw.ts')).withdrawCommand),
  entry(['export'], async () => (await import('./export.ts')).exportCommand),
];

/**
 * The modules to register for `argv`: only the named command's when the first word names one, else every command
 * (for `--help`, and so that a misspelt command gets yargs' suggestion).
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule<object, never>[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = commands.find((c) => first !== undefined && c.names.includes(first));
  return Promise.all((named === undefined ? commands : [named]).map((c) => c.load()));
}
