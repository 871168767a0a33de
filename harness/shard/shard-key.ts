/** The provenance key shared by every shard of one run, and the hashes of the footage a shard read. */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../core/sha256-file.ts';
import { sourcePath, type FrameSource } from '../footage/index.ts';
import { ModelFile, modelIds } from '../models/index.ts';
import type { Segment } from '../replay/index.ts';
import { toolIdentity } from '../store/tool-identity.ts';

/** The ids of `segments`, in plan order. */
export function planIds(segments: readonly Segment[]): string[] {
  return segments.map((s) => s.id);
}

/** sha256 of the plan: each segment's id, place, stretch of footage and zone of interest (file names without folders, so mount points may differ). */
function planDigest(segments: readonly Segment[]): string {
  // a zone of interest changes the tables; it joins a segment's row only when given, so plans without zones keep their digests
  const rows = segments.map((s) => [s.id, s.deployment ?? null, s.camera ?? null, s.source.kind, path.basename(sourcePath(s.source)), s.source.startMs ?? null, s.source.endMs ?? null, ...(s.zone == null ? [] : [s.zone])]);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/**
 * The key every shard of a run must share: the tool (version, git commit, native addon, packages), the model
 * catalogue's hashes, the plan's digest, and `parts` (settings, input and gallery hashes) from the command.
 */
export function shardKey(segments: readonly Segment[], parts: Record<string, unknown>): Record<string, unknown> {
  const { tool, nativeAddon, packages } = toolIdentity();
  // the working tree's state is recorded in provenance, not keyed: editing an unrelated file must not orphan shards
  return { tool: { name: tool.name, version: tool.version, gitCommit: tool.gitCommit }, nativeAddon, packages, models: Object.fromEntries(modelIds.map((id) => [id, ModelFile[id].sha256])), plan: planDigest(segments), ...parts };
}

async function sourceDigest(source: FrameSource): Promise<string> {
  if (source.kind === 'video') return sha256File(source.file);
  const h = createHash('sha256');
  for (const name of readdirSync(source.dir).sort()) h.update(`${name}\0${await sha256File(path.join(source.dir, name))}\0`);
  return h.digest('hex');
}

/** sha256 of each distinct footage file (or image folder) that `segments` read, by path relative to `base`. */
export async function footageHashes(segments: readonly Segment[], base: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of segments) {
    const key = path.relative(base, sourcePath(s.source)) || path.basename(sourcePath(s.source));
    if (!(key in out)) out[key] = await sourceDigest(s.source).catch(() => 'unreadable');
  }
  return out;
}
