/** Footage: frame sources (video files through ffmpeg, folders of images), the RGB raster and shared test data. */
export type { RgbImage } from './rgb-image.ts';
export { loadImage } from './load-image.ts';
export { sharedDir, sharedFile, type SharedFile } from './shared-data.ts';
export type { Frame } from './frame.ts';
export { ffmpegPath, ffprobePath } from './ffmpeg-paths.ts';
export { probeVideo, type VideoInfo } from './probe-video.ts';
export { videoFrames, type VideoRange } from './video-frames.ts';
export { imageFolderFrames, type TimestampRule } from './image-folder-frames.ts';
export { openFrames, sourcePath, type FrameSource } from './frame-source.ts';
export { frameSampler } from './frame-sampler.ts';
