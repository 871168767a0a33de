/**
 * Reads a system's face-count log (faces or tracks it detected, by time and camera) into faces per deployment, the
 * raw material of a crowd count when the manifest has no estimate. Rows that cannot be read are problems, as in an
 * alert log.
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import { InputError } from '../core/input-error.ts';
import type { LogFormat } from './log-format-schema.ts';
import { readLogRows } from './log-rows.ts';
import { describeTimeFormat, readLogTime } from './log-time.ts';
import type { RowProblem } from './row-problem.ts';

/**
 * Faces counted per deployment in `file`, read with the format's `faceCounts` columns and time format.
 * @throws InputError when the format has no `faceCounts` section, or the file cannot be read.
 */
export function readFaceCounts(file: string, format: LogFormat, manifest: Manifest, formatFile: string): { faces: Map<string, number>; problems: RowProblem[]; rows: number } {
  const spec = format.faceCounts;
  if (spec === undefined) throw new InputError(formatFile, [{ path: 'faceCounts', expected: 'the columns of the face-count log (time, camera, count) to read --face-counts with' }]);
  const { rows, problems } = readLogRows(file, { file: spec.file, delimiter: format.csv.delimiter });
  const faces = new Map<string, number>();
  const deployments = manifest.deployments.map((d) => ({ id: d.id, startMs: Date.parse(d.startedAt), durationMs: d.durationMs, cameras: new Set(d.cameras.map((c) => c.id)) }));
  for (const row of rows) {
    const time = readLogTime(row.get(spec.time), format.time);
    if (time === null) { problems.push({ line: row.line, field: spec.time, expected: describeTimeFormat(format.time) }); continue; }
    const raw = spec.count === undefined ? 1 : Number(row.get(spec.count));
    if (!Number.isInteger(raw) || raw < 0) { problems.push({ line: row.line, field: spec.count ?? '', expected: 'a count: a whole number >= 0', got: JSON.stringify(row.get(spec.count ?? '')) }); continue; }
    const cameraName = row.get(spec.camera);
    const camera = typeof cameraName === 'string' ? format.cameras[cameraName] ?? cameraName : null;
    const d = time.kind === 'deployment'
      ? deployments.find((x) => x.id === format.deployment) ?? (deployments.length === 1 ? deployments[0] : undefined)
      : deployments.find((x) => time.epochMs >= x.startMs && time.epochMs < x.startMs + x.durationMs);
    if (d === undefined || camera === null || !d.cameras.has(camera)) continue; // outside the deployments or at an unknown camera: not counted
    faces.set(d.id, (faces.get(d.id) ?? 0) + raw);
  }
  return { faces, problems, rows: rows.length + problems.length };
}
