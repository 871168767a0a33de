/** A face source: labelled identities, each with its image files, as read by one of the adapters (LFW, CSV). */

/** Raw labels as the source writes them, before mapping to the protocol's codes (null = not given). */
export interface RawLabels {
  sex: string | null;
  ethnicity: string | null;
  /** An age band code or a number of years, as text. */
  age: string | null;
}

/** One identity of a face source. */
export interface FaceIdentity {
  /** The source's name for the identity (kept out of public outputs). */
  identity: string;
  /** Absolute paths of its images, in a stable order. */
  images: string[];
  labels: RawLabels;
}

/** Every identity of a face source and where it came from. */
export interface FaceSource {
  format: 'lfw' | 'csv';
  /** The file or folder read. */
  location: string;
  identities: FaceIdentity[];
  /** Default head crop for this format (fractions of the image). */
  defaultCrop: { x: number; y: number; w: number; h: number };
}
