/**
 * The inputs of `evenhand replay`, read and checked before any work: the segment list (`--segments`), the enrolment
 * CSV (`--enrol`), and segments cut from `--video` files. Every path a list names obeys the path rule (inside the
 * list's folder or an `--allow-root` folder; existing and readable).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FrameRectSchema } from '../campaign/manifest-schema.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { unreadable } from '../core/messages.ts';
import { resolveInside } from '../core/path-rule.ts';
import { zodBound } from '../core/zod-bound.ts';
import { probeVideo } from '../footage/index.ts';
import { isSegmentId, type Segment } from '../replay/index.ts';

const time = zodBound(Bounds.durationMs).optional();
const SegmentListSchema = z.array(z.strictObject({
  id: z.string().refine(isSegmentId, 'a segment id of letters, digits, ".", "_" and "-"'),
  camera: z.string().nullable().optional(),
  deployment: z.string().nullable().optional(),
  zone: FrameRectSchema.nullable().optional(),
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('video'), file: z.string().min(1), startMs: time, endMs: time }),
    z.strictObject({
      kind: z.literal('images'), dir: z.string().min(1), startMs: time, endMs: time,
      rule: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('fps'), fps: z.number().gt(0).max(1000) }), z.strictObject({ kind: z.literal('filename-ms') })]),
    }),
  ]),
})).min(1);

/**
 * Reads the segment list `file`; relative paths start at its folder.
 * @throws InputError naming the file and each path: not JSON, not the schema, a duplicate id, a path outside the
 * allowed folders or missing.
 */
export function readSegmentList(file: string, allowRoots: readonly string[]): Segment[] {
  const list = parseWithSchema(SegmentListSchema, readStructuredFile(file), file);
  const roots = { base: path.dirname(path.resolve(file)), allowed: allowRoots };
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const segments = list.map((s, i): Segment => {
    if (seen.has(s.id)) problems.push({ path: `[${i}].id`, expected: 'an id not used before', got: show(s.id) });
    seen.add(s.id);
    const p = s.source.kind === 'video' ? s.source.file : s.source.dir;
    const check = resolveInside(p, roots, s.source.kind === 'video' ? 'file' : 'file-or-folder');
    if (!check.ok) problems.push({ path: `[${i}].source.${s.source.kind === 'video' ? 'file' : 'dir'}`, expected: check.expected, got: check.got });
    const resolved = check.ok ? check.file : p;
    const source = s.source.kind === 'video' ? { ...s.source, file: resolved } : { ...s.source, dir: resolved };
    return { id: s.id, source, camera: s.camera ?? null, deployment: s.deployment ?? null, zone: s.zone ?? null };
  });
  if (problems.length > 0) throw new InputError(file, problems);
  return segments;
}

/**
 * Reads the enrolment CSV `file` (header `image_path,gallery_id`; a path may hold commas, the id may not).
 * @throws InputError naming the file and the line: a missing header, a malformed line, no rows, an image outside the
 * allowed folders or missing.
 */
export function readEnrolmentList(file: string, allowRoots: readonly string[]): { imagePath: string; galleryId: string }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [unreadable(err, 'a readable CSV with columns image_path,gallery_id')]);
  }
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'image_path,gallery_id') throw new InputError(file, [{ path: 'line 1', expected: 'the header image_path,gallery_id', got: show(lines[0] ?? '') }]);
  const roots = { base: path.dirname(path.resolve(file)), allowed: allowRoots };
  const problems: InputProblem[] = [];
  const entries: { imagePath: string; galleryId: string }[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 2}`;
    const cut = line.lastIndexOf(',');
    if (cut <= 0 || cut === line.length - 1) {
      problems.push({ path: where, expected: 'image_path,gallery_id', got: show(line) });
      return;
    }
    const check = resolveInside(line.slice(0, cut), roots, 'file');
    if (!check.ok) problems.push({ path: `${where}: image_path`, expected: check.expected, got: check.got });
    else entries.push({ imagePath: check.file, galleryId: line.slice(cut + 1) });
  });
  if (problems.length === 0 && entries.length === 0) problems.push({ path: '', expected: 'at least one image after the header', got: 'none' });
  if (problems.length > 0) throw new InputError(file, problems.slice(0, 20));
  return entries;
}

/** Segments of `--segment-s` seconds cut from each `--video` file (probed with ffprobe). @throws InputError naming an unreadable video. */
export async function videoSegments(files: readonly string[], segmentMs: number, place: { camera?: string; deployment?: string }): Promise<Segment[]> {
  const out: Segment[] = [];
  for (const file of files) {
    const info = await probeVideo(file);
    const base = path.basename(file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
    const n = Number.isFinite(info.durationMs) ? Math.max(1, Math.ceil(info.durationMs / segmentMs)) : 1;
    for (let i = 0; i < n; i++) {
      out.push({
        id: `${base}.${String(i).padStart(4, '0')}`,
        source: { kind: 'video', file: path.resolve(file), startMs: i * segmentMs, endMs: n === 1 && !Number.isFinite(info.durationMs) ? undefined : (i + 1) * segmentMs },
        camera: place.camera ?? null,
        deployment: place.deployment ?? null,
      });
    }
  }
  return out;
}
