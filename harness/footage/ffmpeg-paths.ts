/** ffmpegPath / ffprobePath: the ffmpeg and ffprobe binaries that `npm ci` installs (no system install needed). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Path of the ffmpeg binary: $EVENHAND_FFMPEG, else the one from @ffmpeg-installer/ffmpeg. */
export function ffmpegPath(): string {
  return process.env['EVENHAND_FFMPEG'] ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** Path of the ffprobe binary: $EVENHAND_FFPROBE, else the one from @ffprobe-installer/ffprobe. */
export function ffprobePath(): string {
  return process.env['EVENHAND_FFPROBE'] ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}
