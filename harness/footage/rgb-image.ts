/** RgbImage: an 8-bit interleaved RGB raster, the pixel form every stage passes around. */

/** Interleaved RGB pixels, row-major, 3 bytes a pixel, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** Length width * height * 3. */
  readonly data: Uint8Array;
}
