import { createAlgorithm } from './harness/algorithms/index.ts';
import { replaySegment } from './harness/replay/index.ts';
const alg = await createAlgorithm('faceplugin-v1');
const t0 = performance.now();
const r = await replaySegment({ id: 'x', source: { kind: 'video', file: '../shared/footage/vtest.avi', endMs: 30000 } }, alg, null, {});
console.log((performance.now() - t0).toFixed(0), 'ms', JSON.stringify(r.stats ?? Object.keys(r)));
await alg.close();
