/**
 * Assigns the identities of a face source to rehearsal roles: enrolled volunteers (one image enrolled, the others
 * walk past), non-enrolled volunteers, filler-gallery identities and crowd identities (never enrolled). Every
 * identity that cannot be a volunteer is counted, with the reason, never dropped silently.
 */
import { InputError } from '../core/input-error.ts';
import type { Dimension } from '../campaign/index.ts';
import type { Rng } from '../stats/index.ts';
import type { FaceIdentity, FaceSource } from './face-source.ts';
import type { LabelMapper } from './label-map.ts';
import { shuffle } from './shuffle.ts';

/** Demographic codes of one person (null = unknown). */
export type Codes = Record<Dimension, string | null>;

/** A volunteer of the rehearsal, under a pseudonym. */
export interface RehearsalVolunteer {
  id: string;
  source: FaceIdentity;
  enrolled: boolean;
  /** The image enrolled on the watchlist (null when not enrolled). */
  enrolmentImage: string | null;
  /** Images used in the footage (never the enrolled one). */
  footageImages: string[];
  codes: Codes;
}

/** A filler-gallery identity: one image on the watchlist, never in the footage. */
export interface RehearsalFiller { id: string; source: FaceIdentity; image: string; codes: Codes }

/** How many identities were usable for which role, and why the others were not volunteers. */
export interface RoleCounts {
  identities: number;
  images: number;
  requiredLabels: Dimension[];
  /** Identities missing at least one required label (after mapping): crowd or filler only. */
  missingLabels: { identities: number; byDimension: Record<string, number> };
  /** Raw labels with no mapping to a protocol code, by dimension and raw value (counted as missing). */
  unmappedLabels: Record<string, Record<string, number>>;
  /** Labelled identities with a single image: cannot be enrolled volunteers (enrolment + footage). */
  labelledWithOneImage: number;
  /** Identities eligible to be enrolled volunteers (required labels, >= 2 images). */
  eligibleVolunteers: number;
  used: { volunteers: number; nonEnrolledVolunteers: number; filler: number; crowdPool: number };
}

/** The outcome of role assignment. */
export interface RoleAssignment {
  volunteers: RehearsalVolunteer[];
  fillers: RehearsalFiller[];
  crowd: FaceIdentity[];
  counts: RoleCounts;
}

/** How many of each role to draw. */
export interface RoleRequest {
  volunteers: number;
  nonEnrolledVolunteers: number;
  fillerGallerySize: number;
  /** Crowd passes to stage: at least one crowd identity is needed when > 0. */
  crowdPasses: number;
  requireLabels: readonly Dimension[];
}

const DIMS: readonly Dimension[] = ['sex', 'ethnicity', 'ageBand'];

/**
 * Draws the roles from `source` with `rng` (identities sorted by name first, so the draw depends only on the seed).
 * @throws InputError naming the source when it has too few eligible identities for a role, saying how many exist.
 * @example assignRoles(source, mapper, { volunteers: 60, ... }, createRng(7, 1))
 */
export function assignRoles(source: FaceSource, mapper: LabelMapper, request: RoleRequest, rng: Rng): RoleAssignment {
  const sorted = [...source.identities].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  const byDimension: Record<string, number> = Object.fromEntries(request.requireLabels.map((d) => [d, 0]));
  const unmapped: Record<string, Record<string, number>> = {};
  const codesOf = new Map<FaceIdentity, Codes>();
  const labelled: FaceIdentity[] = [];
  let missing = 0;
  for (const person of sorted) {
    const codes: Codes = { sex: null, ethnicity: null, ageBand: null };
    let complete = true;
    for (const dim of DIMS) {
      const m = mapper.map(dim, person.labels);
      if (m.kind === 'mapped') codes[dim] = m.code;
      else if (m.kind === 'unmapped') {
        const perDim = (unmapped[dim] ??= {});
        perDim[m.raw] = (perDim[m.raw] ?? 0) + 1;
      }
      if (m.kind !== 'mapped' && request.requireLabels.includes(dim)) {
        complete = false;
        byDimension[dim] = (byDimension[dim] ?? 0) + 1;
      }
    }
    codesOf.set(person, codes);
    if (complete) labelled.push(person);
    else missing++;
  }
  const eligible = labelled.filter((p) => p.images.length >= 2);
  const need = request.requireLabels.length > 0 ? `${request.requireLabels.join(' and ')} labels` : 'no labels required';
  if (request.volunteers > eligible.length) {
    throw new InputError(source.location, [{
      path: 'volunteers',
      expected: `at most ${eligible.length} volunteers: ${eligible.length} of ${sorted.length} identities have >= 2 images and ${need} (${missing} lack a required label, ${labelled.length - eligible.length} labelled ones have one image)`,
      got: String(request.volunteers),
    }]);
  }
  const pickedVolunteers = shuffle(eligible, rng).slice(0, request.volunteers);
  const taken = new Set<FaceIdentity>(pickedVolunteers);
  const restLabelled = shuffle(labelled.filter((p) => !taken.has(p)), rng);
  if (request.nonEnrolledVolunteers > restLabelled.length) {
    throw new InputError(source.location, [{
      path: 'nonEnrolledVolunteers',
      expected: `at most ${restLabelled.length} non-enrolled volunteers (labelled identities left after ${request.volunteers} enrolled ones)`,
      got: String(request.nonEnrolledVolunteers),
    }]);
  }
  const pickedNonEnrolled = restLabelled.slice(0, request.nonEnrolledVolunteers);
  pickedNonEnrolled.forEach((p) => taken.add(p));
  const rest = shuffle(sorted.filter((p) => !taken.has(p)), rng);
  const crowdNeeded = request.crowdPasses > 0 ? 1 : 0;
  if (request.fillerGallerySize + crowdNeeded > rest.length) {
    throw new InputError(source.location, [{
      path: 'fillerGallerySize',
      expected: `at most ${Math.max(0, rest.length - crowdNeeded)} filler identities (${rest.length} identities left after the volunteers${crowdNeeded > 0 ? ', one kept for the crowd' : ''})`,
      got: String(request.fillerGallerySize),
    }]);
  }
  const fillerIds = rest.slice(0, request.fillerGallerySize);
  const crowd = rest.slice(request.fillerGallerySize);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const w = (n: number): number => Math.max(3, String(n).length);

  const volunteers: RehearsalVolunteer[] = [];
  pickedVolunteers.forEach((p, i) => {
    const order = shuffle(p.images, rng);
    volunteers.push({
      id: `v${pad(i + 1, w(request.volunteers + request.nonEnrolledVolunteers))}`,
      source: p, enrolled: true, enrolmentImage: order[0] as string, footageImages: order.slice(1),
      codes: codesOf.get(p) as Codes,
    });
  });
  pickedNonEnrolled.forEach((p, i) => {
    volunteers.push({
      id: `v${pad(request.volunteers + i + 1, w(request.volunteers + request.nonEnrolledVolunteers))}`,
      source: p, enrolled: false, enrolmentImage: null, footageImages: shuffle(p.images, rng),
      codes: codesOf.get(p) as Codes,
    });
  });
  const fillers = fillerIds.map((p, i) => ({
    id: `f${pad(i + 1, w(request.fillerGallerySize))}`,
    source: p,
    image: p.images[Math.floor(rng.next() * p.images.length)] as string,
    codes: codesOf.get(p) as Codes,
  }));
  return {
    volunteers, fillers, crowd,
    counts: {
      identities: sorted.length,
      images: sorted.reduce((s, p) => s + p.images.length, 0),
      requiredLabels: [...request.requireLabels],
      missingLabels: { identities: missing, byDimension },
      unmappedLabels: unmapped,
      labelledWithOneImage: labelled.length - eligible.length,
      eligibleVolunteers: eligible.length,
      used: { volunteers: pickedVolunteers.length, nonEnrolledVolunteers: pickedNonEnrolled.length, filler: fillers.length, crowdPool: crowd.length },
    },
  };
}
