/** Model files: the pinned catalogue, the cache folder outside the repository, fetching and verification. */
export { ModelFile, type ModelFileSpec, type ModelId, modelIds, isModelId } from './model-catalog.ts';
export { modelsDir, modelPath } from './models-dir.ts';
export { fetchModels, type FetchModelsOptions } from './fetch-models.ts';
export { ensureModel } from './ensure-model.ts';
export { sha256File } from '../core/sha256-file.ts';
