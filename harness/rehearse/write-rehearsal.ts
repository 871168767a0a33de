/** Writes a rehearsal's files: the dataset manifest, the summary for the methods section, the per-pass truth and the private key. */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RehearsalSettings } from '../campaign/index.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import type { RoleAssignment } from './assign-roles.ts';
import { VideoCodec } from './encode-video.ts';
import { DEFAULT_LABEL_MAP } from './label-map.ts';
import type { Box, Stage } from './pass-box.ts';
import type { CameraSchedule, ScheduledPass } from './schedule-passes.ts';
import type { CrowdPass } from '../campaign/manifest-schema.ts';
import { keyframes } from './keyframes.ts';

/** File names inside a rehearsal folder. */
export const RehearsalFiles = {
  manifest: 'manifest.json',
  summary: 'rehearsal-summary.json',
  truth: 'rehearsal-truth.json',
  key: 'private/source-key.json',
} as const;

/** What rehearsal-truth.json holds, stored in the file itself. */
const TRUTH_ABOUT = 'One entry per pass: list and index name the pass in manifest.json (passes or crowdPasses); the head cut-out is wholly inside the frame in every frame from firstFrame to lastFrame (frame n is at n * 1000 / fps ms of the footage; the pass in the manifest runs from firstFrame\'s time to lastFrame + 1\'s, end excluded, and its place gives the boxes of keyframes within a pixel of every frame\'s); boxes[i] = [x, y, w, h] in pixels of the head cut-out (an ellipse inscribed in the box; a face detector box is about 0.7 of its height) at frame firstFrame + i; effects: motionBlur (share of the per-frame motion smeared), gain (face brightness factor), occluder (side and share of the box covered by a flat grey patch) or null.';

/** Deployment id of deployment index `d` (d1, d2, ...). */
export const deploymentId = (d: number): string => `d${d + 1}`;
/** Camera id of camera index `c` (c1, c2, ...). */
export const cameraId = (c: number): string => `c${c + 1}`;
const msOf = (frame: number, fps: number): number => Math.round((frame * 1000) / fps);

/** One rendered camera: its schedule, video file (relative), raw-frame hash and per-pass boxes. */
export interface RenderedCamera { cam: CameraSchedule; file: string; framesSha256: string; boxes: Map<ScheduledPass, Box[]> }

/** Where and for what the rehearsal is written. */
export interface RehearsalTarget { out: string; faces: string; campaignId: string; seed: number; settings: RehearsalSettings }

/**
 * Writes manifest.json, rehearsal-summary.json, rehearsal-truth.json, private/source-key.json and the enrolment and
 * filler image copies into `o.out` (the videos are already there). Returns the pass counts.
 */
export function writeRehearsal(o: RehearsalTarget, roles: RoleAssignment, rendered: readonly RenderedCamera[], stage: Stage, backgroundText: string, format: string): { passes: number; crowdPasses: number } {
  const s = o.settings;
  const ext = (f: string): string => path.extname(f).toLowerCase() || '.jpg';
  mkdirSync(path.join(o.out, 'enrolment'), { recursive: true });
  mkdirSync(path.join(o.out, 'filler'), { recursive: true });
  const volunteers = roles.volunteers.map((v) => {
    const images: string[] = [];
    if (v.enrolmentImage !== null) {
      const rel = `enrolment/${v.id}${ext(v.enrolmentImage)}`;
      copyFileSync(v.enrolmentImage, path.join(o.out, rel));
      images.push(rel);
    }
    return { id: v.id, sex: v.codes.sex, ethnicity: v.codes.ethnicity, ageBand: v.codes.ageBand, enrolled: v.enrolled, enrolmentImages: images };
  });
  const fillers = roles.fillers.map((f) => {
    const rel = `filler/${f.id}${ext(f.image)}`;
    copyFileSync(f.image, path.join(o.out, rel));
    return { id: f.id, image: rel, sex: f.codes.sex, ethnicity: f.codes.ethnicity, ageBand: f.codes.ageBand };
  });

  const deployments = Array.from({ length: s.deployments }, (_, d) => {
    const cams = rendered.filter((r) => r.cam.deployment === d);
    return {
      id: deploymentId(d),
      site: `Rehearsal site ${d + 1} (synthetic footage)`,
      startedAt: new Date(Date.UTC(2000, 0, 1 + d, 10, 0, 0)).toISOString(),
      durationMs: Math.max(...cams.map((r) => msOf(r.cam.frames, s.fps))),
      cameras: cams.map((r) => ({ id: cameraId(r.cam.camera), description: `Synthetic walk-past camera, ${s.width}x${s.height} at ${s.fps} fps`, width: s.width, height: s.height })),
      overlappingViews: s.overlappingViews
        ? Array.from({ length: Math.floor(cams.length / 2) }, (_, k) => [cameraId(2 * k), cameraId(2 * k + 1)])
        : [],
    };
  });
  const footage = rendered.map((r) => ({
    file: r.file, deployment: deploymentId(r.cam.deployment), camera: cameraId(r.cam.camera), startMs: 0, fps: s.fps,
    durationMs: msOf(r.cam.frames, s.fps),
  }));
  const passes: (CrowdPass & { volunteer: string })[] = [];
  const crowdPasses: CrowdPass[] = [];
  const rel = (f: string): string => path.relative(path.resolve(o.faces, format === 'lfw' ? '.' : '..'), f);
  const truth: unknown[] = [];
  const key: unknown[] = [];
  const heights: number[] = [];
  for (const r of rendered) {
    for (const p of r.cam.passes) {
      const boxes = r.boxes.get(p) ?? [];
      const place = { kind: 'boxes' as const, boxes: keyframes(boxes, 1).map((i) => {
        const b = boxes[i] as Box;
        return { tMs: msOf(p.firstFrame + i, s.fps), x: round(b.x, 1), y: round(b.y, 1), w: round(b.w, 1), h: round(b.h, 1) };
      }) };
      const where = { deployment: deploymentId(p.deployment), camera: cameraId(p.camera), tStartMs: msOf(p.firstFrame, s.fps), tEndMs: msOf(p.lastFrame + 1, s.fps), place };
      boxes.forEach((b) => heights.push(b.h));
      const ref = p.walker.kind === 'volunteer'
        ? { list: 'passes', index: passes.push({ volunteer: p.walker.volunteer, ...where }) - 1, volunteer: p.walker.volunteer }
        : { list: 'crowdPasses', index: crowdPasses.push(where) - 1 };
      truth.push({
        ...ref, footage: r.file, lane: p.lane, firstFrame: p.firstFrame, lastFrame: p.lastFrame,
        effects: { motionBlur: round(p.effects.blur, 3), gain: round(p.effects.gain, 3), occluder: p.effects.occluder === null ? null : { side: p.effects.occluder.side, fraction: round(p.effects.occluder.fraction, 3) } },
        boxes: boxes.map((b) => [round(b.x, 2), round(b.y, 2), round(b.w, 2), round(b.h, 2)]),
      });
      key.push({ ...ref, image: rel(p.image) });
    }
  }
  const manifest = {
    id: `rehearsal-${o.campaignId}-seed-${o.seed}`,
    description: `Synthetic rehearsal footage for campaign ${o.campaignId} (seed ${o.seed}), made by evenhand rehearse ${TOOL_VERSION} from labelled face photos; not recorded from people at a deployment.`,
    deployments,
    footage,
    volunteers,
    passes,
    fillerGallery: { description: 'Filler identities from the same face source, never in the footage', entries: fillers },
    crowdPasses,
    crowdEstimates: rendered.map((r) => ({
      deployment: deploymentId(r.cam.deployment), camera: cameraId(r.cam.camera),
      count: r.cam.passes.filter((p) => p.walker.kind === 'crowd').length, method: 'exact count of synthetic crowd passes',
    })),
  };
  writeFileAtomic(path.join(o.out, RehearsalFiles.manifest), `${JSON.stringify(manifest, null, 1)}\n`);

  const c = roles.counts;
  const summary = {
    synthetic: true,
    generator: `evenhand rehearse ${TOOL_VERSION}`,
    protocol: o.campaignId,
    seed: o.seed,
    faceSource: { format, identities: c.identities, images: c.images },
    labels: {
      required: c.requiredLabels,
      mapping: { builtIn: DEFAULT_LABEL_MAP, override: s.labelMap ?? null, ageBands: s.ageBands ?? 'default (under 30, 30 to 49, 50 and over)' },
      missingRequiredLabel: c.missingLabels,
      unmapped: c.unmappedLabels,
      labelledWithOneImage: c.labelledWithOneImage,
      eligibleVolunteers: c.eligibleVolunteers,
    },
    roles: { ...c.used, crowdIdentitiesInFootage: Math.min(s.crowdPasses, c.used.crowdPool) },
    excluded: {
      fromVolunteers: {
        missingRequiredLabel: c.missingLabels.identities,
        labelledWithOneImage: c.labelledWithOneImage,
        note: 'Identities excluded from volunteers were still eligible as crowd or filler identities.',
      },
      unusedIdentities: c.identities - c.used.volunteers - c.used.nonEnrolledVolunteers - c.used.filler - c.used.crowdPool,
    },
    passes: {
      volunteer: passes.length,
      crowd: crowdPasses.length,
      perVolunteer: s.passesPerVolunteer,
      withMotionBlur: rendered.reduce((n, r) => n + r.cam.passes.filter((p) => p.effects.blur > 0).length, 0),
      withOccluder: rendered.reduce((n, r) => n + r.cam.passes.filter((p) => p.effects.occluder !== null).length, 0),
      headHeightPx: { min: round(Math.min(...heights), 1), max: round(Math.max(...heights), 1) },
    },
    video: {
      codec: s.codec, encoder: VideoCodec[s.codec], width: s.width, height: s.height, fps: s.fps, lanes: stage.lanes,
      background: backgroundText,
      files: rendered.map((r) => ({ file: r.file, frames: r.cam.frames, durationMs: msOf(r.cam.frames, s.fps), framesSha256: r.framesSha256 })),
    },
    settings: s,
    methods: methodsText(c, s, passes.length, crowdPasses.length, format),
  };
  writeFileAtomic(path.join(o.out, RehearsalFiles.summary), `${JSON.stringify(summary, null, 1)}\n`);
  writeFileAtomic(path.join(o.out, RehearsalFiles.truth), `${JSON.stringify({ synthetic: true, seed: o.seed, about: TRUTH_ABOUT, stage, passes: truth })}\n`);
  const sourceKey = {
    note: 'PRIVATE: links pseudonyms to the face source. Never publish.',
    volunteers: roles.volunteers.map((v) => ({ id: v.id, identity: v.source.identity, enrolmentImage: v.enrolmentImage === null ? null : rel(v.enrolmentImage) })),
    fillers: roles.fillers.map((f) => ({ id: f.id, identity: f.source.identity })),
    passes: key,
  };
  writeFileAtomic(path.join(o.out, RehearsalFiles.key), `${JSON.stringify(sourceKey)}\n`);
  return { passes: passes.length, crowdPasses: crowdPasses.length };
}

/** Sentences for a report's methods section (counts only, no identities). */
function methodsText(c: RoleAssignment['counts'], s: RehearsalSettings, passes: number, crowd: number, format: string): string[] {
  return [
    `Rehearsal footage was synthesised from a labelled face collection (${format === 'lfw' ? 'Labeled Faces in the Wild layout' : 'CSV'}: ${c.identities} identities, ${c.images} images).`,
    `${c.used.volunteers} enrolled volunteers (one image enrolled, others in the footage) made ${s.passesPerVolunteer} passes each${c.used.nonEnrolledVolunteers > 0 ? `; ${c.used.nonEnrolledVolunteers} labelled volunteers were never enrolled` : ''}; ${passes} volunteer passes and ${crowd} crowd passes in all.`,
    `Volunteers needed ${c.requiredLabels.join(' and ') || 'no'} labels and at least two images: ${c.missingLabels.identities} identities lacked a required label (${Object.entries(c.missingLabels.byDimension).map(([k, v]) => `${k}: ${v}`).join(', ')}) and ${c.labelledWithOneImage} labelled identities had one image; ${c.eligibleVolunteers} were eligible.`,
    `Excluded identities could still appear as crowd (${Math.min(s.crowdPasses, c.used.crowdPool)} identities in the footage, drawn from ${c.used.crowdPool}) or filler (${c.used.filler} identities); crowd identities are never enrolled.`,
  ];
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

