/** progressBar: renders run progress as a redrawn bar on a terminal, or as occasional plain lines when not a TTY. */
import type { RunProgress } from './run-replay.ts';

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One progress line: frames, frames/s, segments and ETA. */
export function progressLine(p: RunProgress, width = 24): string {
  const frac = p.totalFrames > 0 ? Math.min(1, p.frames / p.totalFrames) : p.segmentsTotal > 0 ? p.segmentsDone / p.segmentsTotal : 1;
  const fps = p.elapsedMs > 0 ? (p.frames * 1000) / p.elapsedMs : 0;
  const eta = fps > 0 && p.totalFrames > 0 ? ((p.totalFrames - p.frames) / fps) * 1000 : NaN;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0).padStart(3)}%  ${p.frames}/${p.totalFrames || '?'} frames  ` +
    `${fps.toFixed(1)} frames/s  segments ${p.segmentsDone}/${p.segmentsTotal}  ETA ${duration(eta)}`;
}

/** A progress callback writing to `stream`: redrawn in place on a TTY, else a plain line at most every `everyMs`. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, everyMs = 10_000): { update: (p: RunProgress) => void; end: () => void } {
  let last = -Infinity;
  let lastLine = '';
  return {
    update(p) {
      lastLine = progressLine(p);
      const now = performance.now();
      if (stream.isTTY) {
        if (now - last < 100) return;
        stream.write(`\r${lastLine}`);
      } else {
        if (now - last < everyMs && p.segmentsDone < p.segmentsTotal) return;
        stream.write(`${lastLine}\n`);
      }
      last = now;
    },
    end() {
      if (stream.isTTY && lastLine !== '') stream.write(`\r${lastLine}\n`);
    },
  };
}
