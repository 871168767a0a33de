/** FrameSource: where a segment's frames come from (a video file's time range, or a folder of images). */
import type { Frame } from './frame.ts';
import { frameSampler } from './frame-sampler.ts';
import { imageFolderFrames, type TimestampRule } from './image-folder-frames.ts';
import { videoFrames } from './video-frames.ts';

/** A frame source, as a tagged union. */
export type FrameSource =
  | { kind: 'video'; file: string; startMs?: number; endMs?: number }
  | { kind: 'images'; dir: string; rule: TimestampRule; startMs?: number; endMs?: number };

/** The file or folder a source reads (for messages). */
export function sourcePath(source: FrameSource): string {
  switch (source.kind) {
    case 'video': return source.file;
    case 'images': return source.dir;
  }
}

/** Frames of `source`, keeping at most one every `everyMs` ms of source time (0 = all). */
export async function* openFrames(source: FrameSource, everyMs = 0): AsyncGenerator<Frame> {
  switch (source.kind) {
    case 'video':
      yield* videoFrames(source.file, { startMs: source.startMs, endMs: source.endMs, everyMs });
      return;
    case 'images': {
      const keep = frameSampler(everyMs);
      for await (const f of imageFolderFrames(source.dir, source.rule)) {
        if (source.startMs !== undefined && f.tMs < source.startMs) continue;
        if (source.endMs !== undefined && f.tMs >= source.endMs) return;
        if (keep(f.tMs)) yield f;
      }
    }
  }
}
