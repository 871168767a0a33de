/**
 * checkManifestPaths: every path a manifest names (footage, enrolment images, filler images) obeys the path rule
 * (core/path-rule.ts): inside the manifest's folder or an allowed root, existing and readable.
 */
import type { InputProblem } from '../core/input-error.ts';
import { resolveInside, type PathKind, type PathRoots } from '../core/path-rule.ts';
import type { ManifestParsed } from './manifest-schema.ts';

/** At most this many path problems are listed (a wrong dataset folder would list every image). */
const MAX_PROBLEMS = 20;

/**
 * The path problems of manifest `m` whose relative paths start at `roots.base`; with `mustExist` false, only
 * containment is checked for files that do not exist (the documentation example names files it does not ship).
 * @example checkManifestPaths(m, { base: 'datasets/x', allowed: [] }) // [] when every file is there
 */
export function checkManifestPaths(m: ManifestParsed, roots: PathRoots, mustExist = true): InputProblem[] {
  const paths: { where: string; p: string; kind: PathKind }[] = [
    ...m.footage.map((f, i) => ({ where: `footage[${i}].file`, p: f.file, kind: 'file-or-folder' as const })),
    ...m.volunteers.flatMap((v, i) => v.enrolmentImages.map((img, j) => ({ where: `volunteers[${i}].enrolmentImages[${j}]`, p: img, kind: 'file' as const }))),
    ...m.fillerGallery.entries.map((e, i) => ({ where: `fillerGallery.entries[${i}].image`, p: e.image, kind: 'file' as const })),
    ...m.probes.map((pr, i) => ({ where: `probes[${i}].image`, p: pr.image, kind: 'file' as const })),
  ];
  const problems: InputProblem[] = [];
  let more = 0;
  for (const { where, p, kind } of paths) {
    const check = resolveInside(p, roots, kind, mustExist);
    if (check.ok) continue;
    if (problems.length < MAX_PROBLEMS) problems.push({ path: where, expected: check.expected, got: check.got });
    else more++;
  }
  if (more > 0) problems.push({ path: '', expected: `at most ${MAX_PROBLEMS} path problems listed`, got: `${more} more` });
  return problems;
}
