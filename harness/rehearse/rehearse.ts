/**
 * The rehearsal generator: labelled face photos in, a rehearsal dataset out (synthetic walk-past videos, the
 * dataset manifest with ground-truth passes, and a summary of what was used and excluded).
 *
 *   face source (LFW folder | CSV)
 *     -> 1. map labels to the protocol's codes        (label-map.ts)
 *     -> 2. assign roles: volunteers, filler, crowd    (assign-roles.ts)
 *     -> 3. schedule passes onto cameras and lanes     (schedule-passes.ts; pairs of overlapping views: mirror-view.ts)
 *     -> 4. render and encode each camera's video      (render-footage.ts, encode-video.ts)
 *     -> 5. write manifest.json, rehearsal-summary.json, rehearsal-truth.json, enrolment/ and filler/ images
 *                                                      (write-rehearsal.ts)
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Campaign, RehearsalSettings } from '../campaign/index.ts';
import { InputError } from '../core/input-error.ts';
import { createRng } from '../stats/index.ts';
import { assignRoles, type RoleAssignment } from './assign-roles.ts';
import { syntheticBackground, videoBackground, type Background } from './background.ts';
import { openEncoder, VideoCodec } from './encode-video.ts';
import { checkEncoder, type FfmpegTools } from './ffmpeg.ts';
import { createLabelMapper } from './label-map.ts';
import type { Stage } from './pass-box.ts';
import { readFaceSource } from './read-face-source.ts';
import { renderFootage, type SceneLighting } from './render-footage.ts';
import { mirrorSprite, overlappingPair } from './mirror-view.ts';
import { schedulePasses, type PassRequest } from './schedule-passes.ts';
import { shuffle, uniformInt } from './shuffle.ts';
import { sharedDir } from '../footage/index.ts';
import { checkImage, loadSprite, type Sprite } from './sprite.ts';
import { cameraId, deploymentId, RehearsalFiles, writeRehearsal, type RenderedCamera } from './write-rehearsal.ts';

/** Random streams of one seed, one per step, so changing one step's draws leaves the others alone. */
const Stream = { roles: 1, requests: 2, schedule: 3, scene: 4, groupLighting: 5 } as const;

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
  const requests = passRequests(roles, s, createRng(o.seed, Stream.requests), createRng(o.seed, Stream.groupLighting));
  const aspectGuess = (crop.w / crop.h);
  const lanes = s.lanes ?? Math.max(1, Math.floor(s.width / ((s.faceHeightPx.max * aspectGuess * 1.05) / 0.92)));
  const stage: Stage = { width: s.width, height: s.height, lanes, margin: MARGIN };
  // With overlapping views each scene is filmed by a pair of cameras, the second mirrored (mirror-view.ts).
  const views = s.overlappingViews ? 2 : 1;
  const scenes = schedulePasses(requests, { ...s, cameras: s.cameras / views, lanes }, createRng(o.seed, Stream.schedule));
  const schedule = views === 1 ? scenes : scenes.flatMap((scene) => overlappingPair(scene, lanes));
  const totalFrames = schedule.reduce((n, c) => n + c.frames, 0);
  log(`scheduled ${requests.length} passes on ${schedule.length} cameras, ${lanes} lanes each: ${totalFrames} frames at ${s.fps} fps`);

  // 4. render
  for (const v of roles.volunteers) if (v.enrolmentImage !== null) await checkImage(v.enrolmentImage);
  for (const f of roles.fillers) await checkImage(f.image);
  const sprites = await loadSprites([...new Set(requests.map((r) => r.image))], crop, s.faceHeightPx.max);
  const mirrored = views === 1 ? sprites : new Map([...sprites].map(([image, sprite]) => [image, mirrorSprite(sprite)]));
  const background = chooseBackground(s, o.tools);
  const sceneRng = createRng(o.seed, Stream.scene);
  mkdirSync(path.join(o.out, 'footage'), { recursive: true });
  const rendered: RenderedCamera[] = [];
  for (const cam of schedule) {
    const file = `footage/${deploymentId(cam.deployment)}-${cameraId(cam.camera)}.mp4`;
    const skip = uniformInt(sceneRng, 0, 700);
    const lighting: SceneLighting = { amplitude: s.effects.lighting / 2, phase: sceneRng.next(), periodFrames: s.fps * 20 };
    const encoder = openEncoder(o.tools, path.join(o.out, file), { width: s.width, height: s.height, fps: s.fps, codec: s.codec, crf: s.crf });
    const r = await renderFootage(cam, cam.camera % views === 1 ? mirrored : sprites, stage, background, skip, lighting, encoder);
    log(`wrote ${file}: ${r.frames} frames, ${cam.passes.length} passes`);
    rendered.push({ cam, file, framesSha256: r.framesSha256, boxes: r.boxes });
  }

  // 5. files
  const written = writeRehearsal({ out: o.out, faces: o.faces, campaignId: o.campaign.id, seed: o.seed, settings: s }, roles, rendered, stage, background.description, source.format);
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
  if (s.overlappingViews && s.cameras % 2 !== 0) problems.push({ path: 'rehearsal.cameras', expected: 'an even number of cameras per deployment with overlappingViews (they film in pairs)', got: String(s.cameras) });
  if (Math.round((s.passDurationMs.min * s.fps) / 1000) < 1) problems.push({ path: 'rehearsal.passDurationMs.min', expected: `at least one frame (>= ${Math.ceil(1000 / s.fps)} ms at ${s.fps} fps)`, got: String(s.passDurationMs.min) });
  if (problems.length > 0) throw new InputError('rehearsal settings', problems);
}

/** One request per volunteer pass (cycling through their footage images) and per crowd pass. */
function passRequests(roles: RoleAssignment, s: RehearsalSettings, rng: ReturnType<typeof createRng>, lightingRng: ReturnType<typeof createRng>): PassRequest[] {
  const requests: PassRequest[] = [];
  const rules = s.effects.groupLighting ?? [];
  for (const v of roles.volunteers) {
    for (let j = 0; j < s.passesPerVolunteer; j++) {
      const request: PassRequest = { walker: { kind: 'volunteer', volunteer: v.id }, image: v.footageImages[j % v.footageImages.length] as string };
      // group lighting draws from its own stream, so rehearsals without it are unchanged
      const gain = rules.reduce((g, r) => (v.codes[r.dimension] === r.code && lightingRng.next() < r.share ? g * r.gain : g), 1);
      requests.push(gain === 1 ? request : { ...request, gain });
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
