/** The list of `evenhand` commands: one file per command in this folder, registered here in the order `--help` shows. */
import type { CommandModule } from 'yargs';
import { analyseCommand } from './analyse.ts';
import { combineCommand } from './combine.ts';
import { exportCommand } from './export.ts';
import { retentionCommand } from './retention.ts';
import { withdrawCommand } from './withdraw.ts';
import { demoCommand } from './demo.ts';
import { importAlertsCommand } from './import-alerts.ts';
import { importCandidatesCommand } from './import-candidates.ts';
import { exportProbesCommand } from './export-probes.ts';
import { mergeCommand } from './merge.ts';
import { modelsCommand } from './models.ts';
import { planCommand } from './plan.ts';
import { rehearseCommand } from './rehearse.ts';
import { replayCommand } from './replay.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { simulateCommand } from './simulate.ts';
import { thresholdsCommand } from './thresholds.ts';
import { validateCommand } from './validate.ts';
import { workerCommand } from './worker.ts';
import { verifyLfwCommand } from './verify-lfw.ts';

/** Every command of the CLI, in the order `--help` lists them. Add a new command's module here. */
export const commands: readonly CommandModule<object, never>[] = [
  demoCommand,
  validateCommand,
  planCommand,
  simulateCommand,
  rehearseCommand,
  modelsCommand,
  verifyLfwCommand,
  replayCommand,
  runCommand,
  combineCommand,
  mergeCommand,
  workerCommand,
  importAlertsCommand,
  exportProbesCommand,
  importCandidatesCommand,
  analyseCommand,
  reportCommand,
  thresholdsCommand,
  retentionCommand,
  withdrawCommand,
  exportCommand,
] as unknown as CommandModule<object, never>[];
