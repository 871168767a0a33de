/**
 * OpaqueTemplates: the template operations of an algorithm whose templates only it can read (a vendor SDK's encrypted
 * or proprietary templates, through an adapter declaring `templates: "opaque"`). Evenhand then never averages,
 * compares or searches them itself: it asks the algorithm to fuse a track's shots into one template, to compare the
 * pieces of a track, and to search its own enrolled galleries (docs/black-box.md, section 4).
 */
import type { RgbImage } from '../footage/index.ts';
import type { FaceDetection } from './face-detection.ts';

/** A gallery entry of opaque templates. */
export interface OpaqueEntry {
  galleryId: string;
  /** The template as the algorithm wrote it (base64). */
  template: string;
}

/** Template operations done by the algorithm itself; scores are on the 0..1 face-match scale. */
export interface OpaqueTemplates {
  /** The template of one face, or null when the algorithm can make none. */
  template(image: RgbImage, face: FaceDetection): Promise<string | null>;
  /** One template of one person from several of theirs. */
  fuse(templates: readonly string[]): Promise<string>;
  /** Scores of `template` against each of `others`, in their order. */
  compare(template: string, others: readonly string[]): Promise<number[]>;
  /** Enrols entries into the algorithm's gallery `gallery` (kept by it, and enrolled again if it restarts). */
  enrol(gallery: string, entries: readonly OpaqueEntry[]): Promise<void>;
  /** 1:N search of one template in `gallery`: at most k candidates, best first. */
  search(gallery: string, template: string, k: number): Promise<{ galleryId: string; score: number }[]>;
}
