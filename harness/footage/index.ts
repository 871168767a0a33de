/** Footage: frame sources (video files through ffmpeg, folders of images), the RGB raster and shared test data. */
export type { RgbImage } from './rgb-image.ts';
export { loadImage } from './load-image.ts';
export { sharedDir, sharedFile, type SharedFile } from './shared-data.ts';
