/** Loads a dataset manifest and checks it against itself (ids, references, times) and the campaign's categories. */
import path from 'node:path';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import type { Campaign } from './campaign.ts';
import { placeProblems } from './check-places.ts';
import { DIMENSIONS, type Dimension } from './dimension.ts';
import { checkManifestPaths } from './manifest-paths.ts';
import { ManifestSchema, type ManifestParsed } from './manifest-schema.ts';
import { parseWithSchema, readStructuredFile } from './read-structured-file.ts';

/** A validated manifest and the folder its relative paths start from. */
export interface Manifest extends ManifestParsed {
  /** Absolute folder of the manifest file. */
  root: string;
}

/** How far loadManifest checks the files a manifest names. */
export interface ManifestFileOptions {
  /** Folders besides the manifest's own that its paths may lie in (`--allow-root`). */
  allowRoots?: readonly string[];
  /** False to check only that paths stay inside the allowed folders, not that the files exist (documentation examples). */
  filesMustExist?: boolean;
}

/**
 * Loads the manifest at `file`; demographic codes are checked against `dimensions` (the campaign's), and every path
 * against the path rule (inside the manifest's folder or an allowed root; existing and readable).
 * @throws InputError naming the file and each path: duplicate ids, unknown references (a pass whose volunteer does
 * not exist), codes outside the demographic schema, passes that end before they start, one volunteer in two places
 * at once (unless the cameras' views overlap), passes outside their footage, overlapping views naming unknown
 * cameras, zones or boxes outside the camera's frame, boxes out of time order, paths outside the dataset or missing.
 */
export function loadManifest(file: string, dimensions: Campaign['dimensions'], options: ManifestFileOptions = {}): Manifest {
  const m = parseWithSchema(ManifestSchema, readStructuredFile(file), file);
  const root = path.dirname(path.resolve(file));
  const problems = [...checkManifest(m, dimensions), ...checkManifestPaths(m, { base: root, allowed: options.allowRoots ?? [] }, options.filesMustExist ?? true)];
  if (problems.length > 0) throw new InputError(file, problems);
  return { ...m, root };
}

/** Every cross-reference problem of a parsed manifest (empty when it is sound). */
export function checkManifest(m: ManifestParsed, dimensions: Campaign['dimensions']): InputProblem[] {
  const problems: InputProblem[] = [];
  const dup = (ids: string[], where: (i: number) => string): void => {
    const seen = new Set<string>();
    ids.forEach((v, i) => {
      if (seen.has(v)) problems.push({ path: where(i), expected: 'an id not used before', got: show(v) });
      seen.add(v);
    });
  };
  dup(m.deployments.map((d) => d.id), (i) => `deployments[${i}].id`);
  m.deployments.forEach((d, di) => dup(d.cameras.map((c) => c.id), (i) => `deployments[${di}].cameras[${i}].id`));
  dup(m.volunteers.map((v) => v.id), (i) => `volunteers[${i}].id`);
  dup(m.footage.map((f) => f.file), (i) => `footage[${i}].file`);
  dup(m.fillerGallery.entries.map((e) => e.id), (i) => `fillerGallery.entries[${i}].id`);

  const cameras = new Map(m.deployments.map((d) => [d.id, new Set(d.cameras.map((c) => c.id))]));
  const checkPlace = (where: string, deployment: string, camera: string | undefined): void => {
    const cams = cameras.get(deployment);
    if (cams === undefined) {
      problems.push({ path: `${where}.deployment`, expected: `a deployment id (${[...cameras.keys()].join(', ')})`, got: show(deployment) });
    } else if (camera !== undefined && !cams.has(camera)) {
      problems.push({ path: `${where}.camera`, expected: `a camera of deployment ${deployment} (${[...cams].join(', ')})`, got: show(camera) });
    }
  };
  m.footage.forEach((f, i) => checkPlace(`footage[${i}]`, f.deployment, f.camera));
  m.crowdEstimates.forEach((c, i) => checkPlace(`crowdEstimates[${i}]`, c.deployment, c.camera));
  m.crowdPasses.forEach((c, i) => {
    checkPlace(`crowdPasses[${i}]`, c.deployment, c.camera);
    if (c.tEndMs <= c.tStartMs) problems.push({ path: `crowdPasses[${i}].tEndMs`, expected: `a time after tStartMs (${c.tStartMs})`, got: String(c.tEndMs) });
  });

  const checkCode = (where: string, dim: Dimension, code: string | null): void => {
    if (code === null) return;
    const allowed = dimensions[dim].map((c) => c.code);
    if (!allowed.includes(code)) problems.push({ path: where, expected: `one of ${allowed.join(', ')} or null`, got: show(code) });
  };
  m.volunteers.forEach((v, i) => DIMENSIONS.forEach((dim) => checkCode(`volunteers[${i}].${dim}`, dim, v[dim])));
  m.fillerGallery.entries.forEach((e, i) => DIMENSIONS.forEach((dim) => checkCode(`fillerGallery.entries[${i}].${dim}`, dim, e[dim])));
  m.volunteers.forEach((v, i) => {
    if (v.enrolled && v.enrolmentImages.length === 0) {
      problems.push({ path: `volunteers[${i}].enrolmentImages`, expected: 'at least one image for an enrolled volunteer', got: '[]' });
    }
  });

  const volunteers = new Set(m.volunteers.map((v) => v.id));
  const durations = new Map(m.deployments.map((d) => [d.id, d.durationMs]));
  m.passes.forEach((p, i) => {
    const where = `passes[${i}]`;
    if (!volunteers.has(p.volunteer)) problems.push({ path: `${where}.volunteer`, expected: 'the id of a volunteer in volunteers[]', got: show(p.volunteer) });
    checkPlace(where, p.deployment, p.camera);
    if (p.tEndMs <= p.tStartMs) problems.push({ path: `${where}.tEndMs`, expected: `a time after tStartMs (${p.tStartMs})`, got: String(p.tEndMs) });
    const length = durations.get(p.deployment);
    if (length !== undefined && p.tEndMs > length) problems.push({ path: `${where}.tEndMs`, expected: `a time within the deployment (<= ${length} ms)`, got: String(p.tEndMs) });
    const clips = m.footage.filter((f) => f.deployment === p.deployment && f.camera === p.camera);
    if (clips.length > 0 && !clips.some((f) => f.startMs <= p.tStartMs && (f.durationMs === undefined || p.tEndMs <= f.startMs + f.durationMs))) {
      problems.push({ path: where, expected: `a pass inside footage of ${p.deployment}/${p.camera}`, got: `${p.tStartMs}-${p.tEndMs} ms` });
    }
  });
  dup(m.probes.map((p) => p.id), (i) => `probes[${i}].id`);
  m.probes.forEach((p, i) => {
    if (!volunteers.has(p.volunteer)) problems.push({ path: `probes[${i}].volunteer`, expected: 'the id of a volunteer in volunteers[]', got: show(p.volunteer) });
    checkPlace(`probes[${i}]`, p.deployment, p.camera);
  });
  problems.push(...placeProblems(m));
  problems.push(...findImpossibleOverlaps(m.passes, m.deployments));
  return problems;
}

/**
 * One volunteer cannot pass two different cameras at overlapping times, unless the deployment declares the two
 * cameras' views as overlapping (then each camera's pass is its own search).
 */
function findImpossibleOverlaps(passes: ManifestParsed['passes'], deployments: ManifestParsed['deployments']): InputProblem[] {
  const problems: InputProblem[] = [];
  const viewGroup = new Map<string, number>();
  deployments.forEach((d) => d.overlappingViews.forEach((group, g) => group.forEach((cam) => viewGroup.set(`${d.id}\u0000${cam}`, g))));
  const together = (deployment: string, a: string, b: string): boolean => {
    const ga = viewGroup.get(`${deployment}\u0000${a}`);
    return ga !== undefined && ga === viewGroup.get(`${deployment}\u0000${b}`);
  };
  const byVolunteer = new Map<string, number[]>();
  passes.forEach((p, i) => {
    const key = `${p.volunteer}\u0000${p.deployment}`;
    const list = byVolunteer.get(key) ?? [];
    list.push(i);
    byVolunteer.set(key, list);
  });
  for (const indexes of byVolunteer.values()) {
    const sorted = [...indexes].sort((a, b) => (passes[a]?.tStartMs ?? 0) - (passes[b]?.tStartMs ?? 0) || a - b);
    for (let j = 1; j < sorted.length; j++) {
      const cur = passes[sorted[j] as number];
      if (cur === undefined) continue;
      // the first earlier pass still going on at another camera whose view does not overlap this one's
      const clash = sorted.slice(0, j).find((k) => {
        const prev = passes[k];
        return prev !== undefined && cur.tStartMs < prev.tEndMs && cur.camera !== prev.camera && !together(cur.deployment, cur.camera, prev.camera);
      });
      const prev = clash === undefined ? undefined : passes[clash];
      if (prev !== undefined) {
        problems.push({
          path: `passes[${sorted[j]}]`,
          expected: `volunteer ${cur.volunteer} in one place at a time (overlaps passes[${clash}] at camera ${prev.camera}, whose view does not overlap camera ${cur.camera}'s)`,
          got: `camera ${cur.camera} at ${cur.tStartMs}-${cur.tEndMs} ms`,
        });
      }
    }
  }
  return problems;
}
