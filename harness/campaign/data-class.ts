/**
 * Classes of data a study holds, from the footage to the published report: the unit of retention (what falls due
 * for review or deletion, and what the protocol may keep past the retention period).
 */

/** Each class with where it lives (the dataset folder or a run folder) and a plain description. */
export const DataClass = {
  footage: { folder: 'dataset', label: 'Footage', description: 'Recorded deployment footage (video files or frame folders)' },
  'enrolment-images': { folder: 'dataset', label: 'Enrolment images', description: "Volunteers' images enrolled on the watchlist" },
  'filler-images': { folder: 'dataset', label: 'Filler images', description: 'Images of the filler (reference) gallery' },
  'ground-truth': { folder: 'dataset', label: 'Ground truth', description: 'The dataset manifest and rehearsal truth: who passed which camera when, with their demographics' },
  galleries: { folder: 'run', label: 'Galleries', description: 'Enrolled galleries: face embeddings of volunteers and filler images' },
  'probe-images': { folder: 'run', label: 'Probe images', description: "Face images of volunteers and of the public, one per search, exported for a vendor's offline run (evenhand export-probes)" },
  'track-tables': { folder: 'run', label: 'Track tables', description: 'Replay outputs: the tracks and candidates of each footage segment' },
  'search-tables': { folder: 'run', label: 'Search-level tables', description: 'searches.arrow and candidates.arrow: one row per pass, with pseudonymous ids and demographics' },
  'aggregate-results': { folder: 'run', label: 'Aggregate results', description: 'results.json, counts, exclusions, provenance and the protocol: rates by group, no row per person' },
  reports: { folder: 'run', label: 'Reports', description: 'The rendered report pages and their downloads' },
} as const;
export type DataClass = keyof typeof DataClass;

/** Every class, from the rawest data to the most aggregated. */
export const DATA_CLASSES = ['footage', 'enrolment-images', 'filler-images', 'ground-truth', 'galleries', 'probe-images', 'track-tables', 'search-tables', 'aggregate-results', 'reports'] as const satisfies readonly DataClass[];

/** True when `name` is a data class. */
export function isDataClass(name: string): name is DataClass {
  return Object.hasOwn(DataClass, name);
}
