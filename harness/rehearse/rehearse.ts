/**
 * The rehearsal generator: labelled face photos in, a rehearsal dataset out (synthetic walk-past videos, the
 * dataset manifest with ground-truth passes, and a summary of what was used and excluded).
 *
 *   face source (LFW folder | CSV)
 *     -> 1. map labels to the protocol's codes        (label-map.ts)
 *     -> 2. assign roles: volunteers, filler, crowd    (assign-roles.ts)
 *     -> 3. schedule passes onto cameras and lanes     (schedule-passes.ts)
 *     -> 4. render and encode each camera's video      (render-footage.ts, encode-video.ts)
 *     -> 5. write manifest.json, rehearsal-summary.json, rehearsal-truth.json, enrolment/ and filler/ images
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Campaign, RehearsalSettings } from '../campaign/index.ts';
import { InputError } from '../core/input-error.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { createRng } from '../stats/index.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { assignRoles, type RoleAssignment } from './assign-roles.ts';
import { syntheticBackground, videoBackground, type Background } from './background.ts';
import { openEncoder, VideoCodec } from './encode-video.ts';
import { checkEncoder, type FfmpegTools } from './ffmpeg.ts';
import { createLabelMapper, DEFAULT_LABEL_MAP } from './label-map.ts';
import type { Box, Stage } from './pass-box.ts';
import { readFaceSource } from './read-face-source.ts';
import { renderFootage, type SceneLighting } from './render-footage.ts';
import { schedulePasses, type CameraSchedule, type PassRequest, type ScheduledPass } from './schedule-passes.ts';
import { shuffle, uniformInt } from './shuffle.ts';
import { sharedDir } from './shared-dir.ts';
import { checkImage, loadSprite, type Sprite } from './sprite.ts';

/** File names inside a rehearsal folder. */
export const RehearsalFiles = {
  manifest: 'manifest.json',
  summary: 'rehearsal-summary.json',
  truth: 'rehearsal-truth.json',
  key: 'private/source-key.json',
} as const;

/** Random streams of one seed, one per step, so changing one step's draws leaves the others alone. */
const Stream = { roles: 1, requests: 2, schedule: 3, scene: 4 } as const;

/** Inputs of a rehearsal. */
export interface RehearseOptions {
  /** LFW-layout folder, face CSV, or folder holding faces.csv. */
  faces: string;
  campaign: Campaign;
  settings: RehearsalSettings;
  seed: number;
  /** Folder to fill (must exist; normally the temporary folder of writeDirAtomic). */
  out: string;
  tools: FfmpegTools;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

/** What a rehearsal wrote, in brief. */
export interface RehearsalResult {
  manifestFile: string;
  volunteers: number;
  passes: number;
  crowdPasses: number;
  footage: { file: string; frames: number; framesSha256: string }[];
  frames: number;
}

const MARGIN = 8;

/** What rehearsal-truth.json holds, stored in the file itself. */
const TRUTH_ABOUT = 'One entry per pass: list and index name the pass in manifest.json (passes or crowdPasses); the head cut-out is wholly inside the frame in every frame from firstFrame to lastFrame (frame n is at n * 1000 / fps ms of the footage); boxes[i] = [x, y, w, h] in pixels of the head cut-out (an ellipse inscribed in the box; a face detector box is about 0.7 of its height) at frame firstFrame + i; effects: motionBlur (share of the per-frame motion smeared), gain (face brightness factor), occluder (side and share of the box covered by a flat grey patch) or null.';

/**
 * Generates a rehearsal dataset into `o.out`. Same inputs and seed -> identical manifest, truth and raw frames.
 * @throws InputError for bad input (unreadable faces or images, too few eligible identities, sizes that do not
 * fit the frame); Error when ffmpeg is missing or fails.
 * @example await rehearse({ faces: '../shared/datasets/lfw-dev', campaign, settings, seed: 1, out: dir, tools })
 */
export async function rehearse(o: RehearseOptions): Promise<RehearsalResult> {
  const s = o.settings;
  const log = o.log ?? ((): void => undefined);
  checkSettings(s);
  checkEncoder(o.tools, VideoCodec[s.codec]);
  const source = readFaceSource(o.faces);
  const mapper = createLabelMapper(o.campaign, s.labelMap, s.ageBands);
  const crop = s.crop ?? source.defaultCrop;

  // 2. roles
  const roles = assignRoles(source, mapper, {
    volunteers: s.volunteers, nonEnrolledVolunteers: s.nonEnrolledVolunteers, fillerGallerySize: s.fillerGallerySize,
    crowdPasses: s.crowdPasses, requireLabels: s.requireLabels,
  }, createRng(o.seed, Stream.roles));
  log(`faces: ${roles.counts.identities} identities; ${roles.counts.eligibleVolunteers} eligible volunteers; ${roles.counts.missingLabels.identities} lack a required label (crowd/filler only)`);

  // 3. schedule
  const requests = passRequests(roles, s, createRng(o.seed, Stream.requests));
  const aspectGuess = (crop.w / crop.h);
  const lanes = s.lanes ?? Math.max(1, Math.floor(s.width / ((s.faceHeightPx.max * aspectGuess * 1.05) / 0.92)));
  const stage: Stage = { width: s.width, height: s.height, lanes, margin: MARGIN };
  const schedule = schedulePasses(requests, { ...s, lanes }, createRng(o.seed, Stream.schedule));
  const totalFrames = schedule.reduce((n, c) => n + c.frames, 0);
  log(`scheduled ${requests.length} passes on ${schedule.length} cameras, ${lanes} lanes each: ${totalFrames} frames at ${s.fps} fps`);

  // 4. render
  for (const v of roles.volunteers) if (v.enrolmentImage !== null) await checkImage(v.enrolmentImage);
  for (const f of roles.fillers) await checkImage(f.image);
  const sprites = await loadSprites([...new Set(requests.map((r) => r.image))], crop, s.faceHeightPx.max);
  const background = chooseBackground(s, o.tools);
  const sceneRng = createRng(o.seed, Stream.scene);
  mkdirSync(path.join(o.out, 'footage'), { recursive: true });
  const rendered: { cam: CameraSchedule; file: string; framesSha256: string; boxes: Map<ScheduledPass, Box[]> }[] = [];
  for (const cam of schedule) {
    const file = `footage/${deploymentId(cam.deployment)}-${cameraId(cam.camera)}.mp4`;
    const skip = uniformInt(sceneRng, 0, 700);
    const lighting: SceneLighting = { amplitude: s.effects.lighting / 2, phase: sceneRng.next(), periodFrames: s.fps * 20 };
    const encoder = openEncoder(o.tools, path.join(o.out, file), { width: s.width, height: s.height, fps: s.fps, codec: s.codec, crf: s.crf });
    const r = await renderFootage(cam, sprites, stage, background, skip, lighting, encoder);
    log(`wrote ${file}: ${r.frames} frames, ${cam.passes.length} passes`);
    rendered.push({ cam, file, framesSha256: r.framesSha256, boxes: r.boxes });
  }

  // 5. files
  const written = writeOutputs(o, roles, rendered, stage, background.description, source.format);
  return {
    manifestFile: path.join(o.out, RehearsalFiles.manifest),
    volunteers: roles.volunteers.length,
    passes: written.passes,
    crowdPasses: written.crowdPasses,
    footage: rendered.map((r) => ({ file: r.file, frames: r.cam.frames, framesSha256: r.framesSha256 })),
    frames: totalFrames,
  };
}

/** Settings that the schema cannot check alone. @throws InputError naming the rehearsal field. */
function checkSettings(s: RehearsalSettings): void {
  const problems = [];
  if (s.faceHeightPx.max > s.height - 2 * MARGIN) problems.push({ path: 'rehearsal.faceHeightPx.max', expected: `a height that fits the frame (<= ${s.height - 2 * MARGIN} px at height ${s.height})`, got: String(s.faceHeightPx.max) });
  if (Math.round((s.passDurationMs.min * s.fps) / 1000) < 1) problems.push({ path: 'rehearsal.passDurationMs.min', expected: `at least one frame (>= ${Math.ceil(1000 / s.fps)} ms at ${s.fps} fps)`, got: String(s.passDurationMs.min) });
  if (problems.length > 0) throw new InputError('rehearsal settings', problems);
}

/** One request per volunteer pass (cycling through their footage images) and per crowd pass. */
function passRequests(roles: RoleAssignment, s: RehearsalSettings, rng: ReturnType<typeof createRng>): PassRequest[] {
  const requests: PassRequest[] = [];
  for (const v of roles.volunteers) {
    for (let j = 0; j < s.passesPerVolunteer; j++) {
      requests.push({ walker: { kind: 'volunteer', volunteer: v.id }, image: v.footageImages[j % v.footageImages.length] as string });
    }
  }
  const crowd = shuffle(roles.crowd, rng);
  for (let j = 0; j < s.crowdPasses; j++) {
    const person = crowd[j % crowd.length];
    if (person === undefined) break;
    requests.push({ walker: { kind: 'crowd' }, image: person.images[Math.floor(rng.next() * person.images.length)] as string });
  }
  return requests;
}

async function loadSprites(images: string[], crop: RehearsalSettings['crop'] & object, maxHeight: number): Promise<Map<string, Sprite>> {
  const sprites = new Map<string, Sprite>();
  const batch = 8;
  for (let i = 0; i < images.length; i += batch) {
    const part = images.slice(i, i + batch);
    const loaded = await Promise.all(part.map((f) => loadSprite(f, crop, maxHeight)));
    part.forEach((f, k) => sprites.set(f, loaded[k] as Sprite));
  }
  return sprites;
}

function chooseBackground(s: RehearsalSettings, tools: FfmpegTools): Background {
  if (s.background === 'none') return syntheticBackground(s.width, s.height);
  const file = s.background ?? path.join(sharedDir(), 'footage', 'vtest.avi');
  if (!existsSync(file)) {
    if (s.background === undefined) return syntheticBackground(s.width, s.height);
    throw new InputError(file, [{ path: '', expected: 'a background video file (or "none")', got: 'nothing there' }]);
  }
  return videoBackground(tools, file, s.width, s.height);
}

const deploymentId = (d: number): string => `d${d + 1}`;
const cameraId = (c: number): string => `c${c + 1}`;
const msOf = (frame: number, fps: number): number => Math.round((frame * 1000) / fps);

function writeOutputs(o: RehearseOptions, roles: RoleAssignment, rendered: { cam: CameraSchedule; file: string; framesSha256: string; boxes: Map<ScheduledPass, Box[]> }[], stage: Stage, backgroundText: string, format: string): { passes: number; crowdPasses: number } {
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
      cameras: cams.map((r) => ({ id: cameraId(r.cam.camera), description: `Synthetic walk-past camera, ${s.width}x${s.height} at ${s.fps} fps` })),
    };
  });
  const footage = rendered.map((r) => ({
    file: r.file, deployment: deploymentId(r.cam.deployment), camera: cameraId(r.cam.camera), startMs: 0, fps: s.fps,
    durationMs: msOf(r.cam.frames, s.fps),
  }));
  const passes: { volunteer: string; deployment: string; camera: string; tStartMs: number; tEndMs: number }[] = [];
  const crowdPasses: { deployment: string; camera: string; tStartMs: number; tEndMs: number }[] = [];
  const rel = (f: string): string => path.relative(path.resolve(o.faces, format === 'lfw' ? '.' : '..'), f);
  const truth: unknown[] = [];
  const key: unknown[] = [];
  const heights: number[] = [];
  for (const r of rendered) {
    for (const p of r.cam.passes) {
      const where = { deployment: deploymentId(p.deployment), camera: cameraId(p.camera), tStartMs: msOf(p.firstFrame, s.fps), tEndMs: msOf(p.lastFrame, s.fps) };
      const boxes = r.boxes.get(p) ?? [];
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
    id: `rehearsal-${o.campaign.id}-seed-${o.seed}`,
    description: `Synthetic rehearsal footage for campaign ${o.campaign.id} (seed ${o.seed}), made by evenhand rehearse ${TOOL_VERSION} from labelled face photos; not recorded from people at a deployment.`,
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
    protocol: o.campaign.id,
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

