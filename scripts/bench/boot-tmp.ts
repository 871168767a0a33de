import { loadProtocol } from '../../harness/campaign/load-protocol.ts';
import { readSearches } from '../../harness/store/read-searches.ts';
import { buildGroups } from '../../harness/metrics/groups.ts';
import { populationClusters } from '../../harness/analyse/population-clusters.ts';
import { clusterBootstrap } from '../../harness/stats/cluster-bootstrap.ts';
import { createHash } from 'node:crypto';
const c = loadProtocol('protocols/npl-2023-lfr.json');
const s = readSearches(process.argv[2]!, c);
const layout = buildGroups(c);
const cl = populationClusters(s, layout, c.thresholds, c.analysis.rank, { kind: 'mated' }, 'subject');
const memberOf = new Map<string, number>(); const m: number[][] = Array.from({ length: cl.trials.length }, () => []);
cl.groups.forEach((g, gi) => g.forEach((x) => m[x]!.push(gi)));
for (const x of m) memberOf.set(x.join(','), 1);
console.log('leaves', memberOf.size);
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  const b = clusterBootstrap(cl, 2000, 2023);
  const u = process.cpuUsage(c0);
  console.log('cpu ms', (u.user + u.system) / 1000, createHash('sha256').update(new Uint8Array(b.values.buffer)).digest('hex').slice(0, 16));
}
