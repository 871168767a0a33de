/**
 * The crowd's count: how many members of the public passed, the denominator of FPIR among passers-by when the
 * public's passes are not known one by one (a live deployment). From the manifest's crowd estimates (a count made by
 * some method: manual counting, a tracker), or from the system's own face-count log (faces it detected, less the
 * volunteers' passes, who are counted there too). Neither is a census: the results say so.
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import { InputError } from '../core/input-error.ts';

/** Where the crowd's count came from. */
export const CrowdCountSource = {
  'crowd-passes': 'Every crowd pass is in the manifest (a rehearsal): a census',
  'crowd-estimates': 'The manifest\'s crowd estimates: a count made by the method named, not a census',
  'face-count-log': 'The system\'s face-count log, less the volunteers\' passes: faces detected, not people (a person seen twice counts twice, a face not detected not at all)',
} as const;
export type CrowdCountSource = keyof typeof CrowdCountSource;

/** The crowd's count by deployment, and how it was made. */
export interface CrowdCount {
  source: CrowdCountSource;
  byDeployment: Record<string, number>;
  /** The methods the estimates name, or the face-count log's file name. */
  methods: string[];
}

/** Faces counted in a face-count log, by deployment. */
export type FaceCounts = ReadonlyMap<string, number>;

/**
 * The crowd's count for `manifest`: its crowd passes when it has them, else the face-count log when given, else its
 * crowd estimates (a deployment's own estimate, or the sum of its cameras').
 * @throws InputError naming `file` when a deployment with crowd alerts has no count at all.
 */
export function crowdCount(manifest: Manifest, faceCounts: FaceCounts | null, needed: ReadonlySet<string>, file: string): CrowdCount {
  if (manifest.crowdPasses.length > 0) {
    const byDeployment: Record<string, number> = {};
    for (const p of manifest.crowdPasses) byDeployment[p.deployment] = (byDeployment[p.deployment] ?? 0) + 1;
    return { source: 'crowd-passes', byDeployment, methods: [] };
  }
  const byDeployment: Record<string, number> = {};
  let source: CrowdCountSource;
  const methods = new Set<string>();
  if (faceCounts !== null) {
    source = 'face-count-log';
    for (const d of manifest.deployments) {
      const faces = faceCounts.get(d.id);
      if (faces === undefined) continue;
      byDeployment[d.id] = Math.max(0, faces - manifest.passes.filter((p) => p.deployment === d.id).length);
    }
  } else {
    source = 'crowd-estimates';
    for (const d of manifest.deployments) {
      const mine = manifest.crowdEstimates.filter((e) => e.deployment === d.id);
      const whole = mine.find((e) => e.camera === undefined);
      const total = whole?.count ?? (mine.length > 0 ? mine.reduce((s, e) => s + e.count, 0) : undefined);
      if (total === undefined) continue;
      byDeployment[d.id] = total;
      for (const e of whole === undefined ? mine : [whole]) if (e.method !== undefined) methods.add(e.method);
    }
  }
  const missing = [...needed].filter((d) => byDeployment[d] === undefined).sort();
  if (missing.length > 0) {
    throw new InputError(file, missing.map((d) => ({
      path: source === 'face-count-log' ? `face counts of deployment ${d}` : `crowdEstimates (deployment ${d})`,
      expected: 'how many members of the public passed (a crowd estimate in the manifest, or --face-counts): FPIR among passers-by needs it',
      got: 'none',
    })));
  }
  return { source, byDeployment, methods: [...methods].sort() };
}
