/** The list of `evenhand` commands: one file per command in this folder, registered here in the order `--help` shows. */
import type { CommandModule } from 'yargs';
import { analyseCommand } from './analyse.ts';
import { demoCommand } from './demo.ts';
import { planCommand } from './plan.ts';
import { reportCommand } from './report.ts';
import { simulateCommand } from './simulate.ts';
import { validateCommand } from './validate.ts';

/** Every command of the CLI. Add a new command's module here. */
export const commands: readonly CommandModule<object, never>[] = [
  demoCommand,
  validateCommand,
  simulateCommand,
  analyseCommand,
  reportCommand,
  planCommand,
] as unknown as CommandModule<object, never>[];
