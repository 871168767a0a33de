/** The list of `evenhand` commands: one file per command in this folder, registered here in the order `--help` shows. */
import type { CommandModule } from 'yargs';
import { modelsCommand } from './models.ts';
import { replayCommand } from './replay.ts';
import { verifyLfwCommand } from './verify-lfw.ts';

/** Every command of the CLI. Add a new command's module here. */
export const commands: readonly CommandModule<object, never>[] = [
  modelsCommand as unknown as CommandModule<object, never>,
  replayCommand as unknown as CommandModule<object, never>,
  verifyLfwCommand as unknown as CommandModule<object, never>,
];
