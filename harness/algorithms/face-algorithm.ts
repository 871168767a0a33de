/** FaceAlgorithm: the interface every candidate face-recognition pipeline implements (detect, embed, score). */
import type { RgbImage } from '../footage/index.ts';
import type { FaceDetection } from './face-detection.ts';
import type { ExecutionProvider } from './execution-provider.ts';
import type { InferenceTiming } from './onnx-session.ts';
import type { Rect } from './resample.ts';
import type { AdapterSettings } from './external/adapter-process.ts';
import type { OpaqueTemplates } from './opaque-templates.ts';

/** A running candidate algorithm: models loaded, ready to detect and embed. */
export interface FaceAlgorithm {
  /** Registry name, e.g. `faceplugin-v1`. */
  readonly name: string;
  /** Length of an embedding vector. */
  readonly embeddingSize: number;
  /** The execution provider its model sessions were opened with (creation fails rather than fall back). */
  readonly provider: ExecutionProvider;
  /** Running total of time inside its model runs (benchmarks compare it with wall time). */
  readonly timing: InferenceTiming;
  /** The source rectangles its detector runs on for a frame of this size (the whole frame first, then the tiles of its tiling). */
  detectionRects(width: number, height: number): Rect[];
  /** Faces in `image`, best score first, found by running the detector on `rects` (default: all of {@link detectionRects}). */
  detect(image: RgbImage, rects?: readonly Rect[]): Promise<FaceDetection[]>;
  /** The L2-normalised embedding of one detected face (aligned from its five points). */
  embed(image: RgbImage, face: FaceDetection): Promise<Float32Array>;
  /**
   * Present when the algorithm's templates are opaque (only it can read them): then `embed` throws, and enrolment,
   * probes and searches go through these operations instead.
   */
  readonly opaque?: OpaqueTemplates;
  /** Maps a cosine similarity of two embeddings onto this algorithm's 0..1 face-match score. */
  matchScore(cosine: number): number;
  /** Releases the model sessions. */
  close(): Promise<void>;
}

/** Options every algorithm accepts at creation. */
export interface AlgorithmOptions {
  /** ONNX Runtime intra-op threads per session (default 1: parallelism comes from workers). */
  threads?: number;
  /** Detector tiling for large frames; see each model card. */
  tiling?: Tiling;
  /** Where ONNX Runtime runs the models (default `cpu`); `cuda` fails at creation when it cannot be loaded. */
  provider?: ExecutionProvider;
  /** Model cache folder (default: $EVENHAND_MODELS or ~/.cache/evenhand/models). */
  modelsDir?: string;
  /** Run the algorithm as an adapter program over the external-process protocol (docs/black-box.md) instead of a built-in pipeline. */
  adapter?: AdapterSettings;
}

/** How a detector with a small fixed input covers a large frame. */
export type Tiling =
  | { kind: 'none' }
  /** The whole frame plus a cols x rows grid of overlapping tiles, merged by NMS. */
  | { kind: 'grid'; cols: number; rows: number; overlap: number }
  /**
   * The default: frames of more than 4x the detector input's area (e.g. 768x576 and up) get the whole-frame pass plus a grid of tiles of at most
   * about 1.5x that input, 20% overlap; smaller frames are not tiled.
   */
  | { kind: 'auto' };
