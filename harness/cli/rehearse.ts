/** `evenhand rehearse`: synthetic walk-past footage and a dataset manifest from labelled face photos. */
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { ffmpegTools, rehearse, rehearseStills, resolveRehearsalSettings, RehearsalFiles } from '../rehearse/index.ts';
import { UseCaseSchema, type UseCase } from '../campaign/index.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError } from '../core/input-error.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { boundedOption, choiceOption, numberOption, pathOption } from './option-values.ts';
import { outOption, protocolOption, say } from './options.ts';

interface Args {
  faces: string; protocol: string; seed: number; out: string; 'use-case'?: UseCase;
  volunteers?: number; 'non-enrolled'?: number; passes?: number; crowd?: number; filler?: number;
  deployments?: number; cameras?: number; width?: number; height?: number; fps?: number; lanes?: number; 'overlapping-views'?: boolean;
  'face-min'?: number; 'face-max'?: number; 'pass-min-ms'?: number; 'pass-max-ms'?: number;
  'motion-blur'?: number; lighting?: number; occlusion?: number; background?: string; codec?: 'h264' | 'mpeg4';
}

/** What `rehearse` writes: a dataset folder (manifest, footage, images, summaries). */
export const REHEARSAL_OUTPUT: OutputKind = { name: 'rehearsal', legacyNames: ['manifest.json', 'rehearsal-summary.json', 'rehearsal-truth.json', 'private', 'footage', 'enrolment', 'filler'] };

/** Paths of the rehearsal settings -> the option that overrides them, so a bad override is named by its option. */
const OVERRIDE_OPTION: Record<string, keyof Args> = {
  volunteers: 'volunteers', nonEnrolledVolunteers: 'non-enrolled', passesPerVolunteer: 'passes', crowdPasses: 'crowd',
  fillerGallerySize: 'filler', deployments: 'deployments', cameras: 'cameras', width: 'width', height: 'height', fps: 'fps',
  lanes: 'lanes', 'faceHeightPx.min': 'face-min', 'faceHeightPx.max': 'face-max', faceHeightPx: 'face-min',
  'passDurationMs.min': 'pass-min-ms', 'passDurationMs.max': 'pass-max-ms', passDurationMs: 'pass-min-ms',
  'effects.motionBlur': 'motion-blur', 'effects.lighting': 'lighting', 'effects.occlusion': 'occlusion',
};

export const rehearseCommand: CommandModule<object, Args> = {
  command: 'rehearse',
  describe: 'Make synthetic walk-past footage and a dataset manifest from labelled face photos, to rehearse a campaign',
  builder: (y) => y
    .option('faces', { ...pathOption('--faces', ''), describe: 'Labelled faces: an LFW-layout folder (subjects.csv, images/), a CSV of image,identity,sex,ethnicity,age, or a folder with faces.csv' })
    .option('protocol', protocolOption)
    .option('seed', boundedOption('--seed', Bounds.seed, 'Random seed: the same faces, protocol and seed give an identical manifest and identical frames', 1))
    .option('out', outOption('the rehearsal dataset (manifest.json, footage/, enrolment/, filler/, rehearsal-summary.json)'))
    .option('use-case', choiceOption('--use-case', UseCaseSchema.options, 'lfr: walk-past footage; rfr or oifr: reference (custody) photos and probe photos degraded as CCTV stills are (low resolution, blur, JPEG, tilt, off-centre crop; rehearsal.stillProbes). Default: the protocol\'s useCase'))
    .option('volunteers', boundedOption('--volunteers', Bounds.rehearsalVolunteers, 'Enrolled volunteers (rehearsal.volunteers)'))
    .option('non-enrolled', boundedOption('--non-enrolled', Bounds.rehearsalVolunteers, 'Labelled volunteers never enrolled (rehearsal.nonEnrolledVolunteers)'))
    .option('passes', boundedOption('--passes', Bounds.rehearsalPasses, 'Passes per volunteer; probes per volunteer for rfr/oifr (rehearsal.passesPerVolunteer)'))
    .option('crowd', boundedOption('--crowd', Bounds.rehearsalCrowd, 'Crowd passes (rehearsal.crowdPasses)'))
    .option('filler', boundedOption('--filler', Bounds.rehearsalFiller, 'Filler-gallery identities; for rfr/oifr, identities in the reference set that are never probed (rehearsal.fillerGallerySize)'))
    .option('deployments', numberOption('--deployments', 'Deployments (rehearsal.deployments)'))
    .option('cameras', numberOption('--cameras', 'Cameras per deployment, one video each (rehearsal.cameras)'))
    .option('width', numberOption('--width', 'Frame width, px (rehearsal.width)'))
    .option('height', numberOption('--height', 'Frame height, px (rehearsal.height)'))
    .option('fps', numberOption('--fps', 'Frames per second (rehearsal.fps)'))
    .option('lanes', numberOption('--lanes', 'People in view at once per camera (rehearsal.lanes; default: as many as fit)'))
    .option('overlapping-views', { type: 'boolean', describe: 'Cameras film in pairs whose views overlap, the second mirrored: every walker seen by both at once (rehearsal.overlappingViews; cameras must be even)' })
    .option('face-min', numberOption('--face-min', 'Head height when farthest, px (rehearsal.faceHeightPx.min)'))
    .option('face-max', numberOption('--face-max', 'Head height when nearest, px (rehearsal.faceHeightPx.max)'))
    .option('pass-min-ms', numberOption('--pass-min-ms', 'Shortest pass, ms (rehearsal.passDurationMs.min)'))
    .option('pass-max-ms', numberOption('--pass-max-ms', 'Longest pass, ms (rehearsal.passDurationMs.max)'))
    .option('motion-blur', numberOption('--motion-blur', 'Share of passes with motion blur, 0..1'))
    .option('lighting', numberOption('--lighting', 'Lighting change amplitude, 0..0.8'))
    .option('occlusion', numberOption('--occlusion', 'Share of passes with a partial occluder, 0..1'))
    .option('background', { type: 'string', describe: 'Background video, or "none" (default ../shared/footage/vtest.avi when present)' })
    .option('codec', { choices: ['h264', 'mpeg4'] as const, describe: 'Video codec in the .mp4 files (h264 needs ffmpeg with libx264)' })
    .epilog('Each camera is one H.264 MP4; heads enter small and far, grow as they approach, and keep their aspect ratio; several people are in view at once, one per lane. The manifest gives each pass\'s place (the head box at keyframes, within a pixel of every frame) and its span [tStartMs, tEndMs), end excluded. Identities missing a required label (default: sex and ethnicity) are never volunteers but may be crowd or filler; rehearsal-summary.json counts every exclusion. LFW labels map as F/M -> female/male, east_asian/south_asian -> asian, mixed_or_multiple -> mixed, latino -> other (protocol rehearsal.labelMap overrides). Needs ffmpeg and ffprobe (EVENHAND_FFMPEG, EVENHAND_FFPROBE override). SYNTHETIC FOOTAGE: rehearsal only, not evidence about any deployment.')
    .example('evenhand rehearse --faces ../shared/datasets/lfw-dev --protocol protocols/rehearsal-ci.json --seed 1 --out runs/rehearsal', 'CI-size rehearsal: 60 volunteers x 3 passes, 500 crowd passes')
    .example('evenhand rehearse --faces ../shared/datasets/lfw-dev --protocol protocols/rfr-ci.json --use-case rfr --seed 1 --out runs/rfr', 'RFR rehearsal: 70 reference photos, 80 degraded probes (docs/use-cases.md)') as never,
  handler: async (args) => {
    const target: OutputTarget = { kind: REHEARSAL_OUTPUT, dir: args.out, option: '--out', inputs: [args.faces, args.protocol, ...(args.background === undefined || args.background === 'none' ? [] : [args.background])] };
    checkOutputTarget(target);
    const campaign = loadProtocol(args.protocol);
    const settings = overridesNamed(args, () => resolveRehearsalSettings(campaign, {
      volunteers: args.volunteers, nonEnrolledVolunteers: args['non-enrolled'], passesPerVolunteer: args.passes,
      crowdPasses: args.crowd, fillerGallerySize: args.filler, deployments: args.deployments, cameras: args.cameras,
      width: args.width, height: args.height, fps: args.fps, lanes: args.lanes, overlappingViews: args['overlapping-views'], faceMinPx: args['face-min'],
      faceMaxPx: args['face-max'], passMinMs: args['pass-min-ms'], passMaxMs: args['pass-max-ms'],
      motionBlur: args['motion-blur'], lighting: args.lighting, occlusion: args.occlusion, background: args.background,
      codec: args.codec,
    }));
    const started = Date.now();
    const useCase = args['use-case'] ?? campaign.useCase;
    if (useCase !== 'lfr') {
      let stills: Awaited<ReturnType<typeof rehearseStills>> | undefined;
      await writeOutputFolder(target, async (dir) => {
        stills = await rehearseStills({ faces: args.faces, campaign, settings, seed: args.seed, out: dir, log: say });
      });
      if (stills === undefined) return;
      say('SYNTHETIC STILLS: made from face photos for rehearsal, not taken by any camera.');
      console.log(`wrote ${args.out}/${RehearsalFiles.manifest}: ${stills.references} reference images, ${stills.probes} probes (${stills.matedProbes} of people in the reference set) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    let result: Awaited<ReturnType<typeof rehearse>> | undefined;
    await writeOutputFolder(target, async (dir) => {
      result = await rehearse({ faces: args.faces, campaign, settings, seed: args.seed, out: dir, tools: ffmpegTools(), log: say });
    });
    const seconds = (Date.now() - started) / 1000;
    if (result === undefined) return;
    say('SYNTHETIC FOOTAGE: made from face photos for rehearsal, not recorded at a deployment.');
    console.log(`wrote ${args.out}/${RehearsalFiles.manifest}: ${result.volunteers} volunteers, ${result.passes} volunteer passes, ${result.crowdPasses} crowd passes, ${result.footage.length} videos, ${result.frames} frames in ${seconds.toFixed(1)} s`);
  },
};

/** Runs `resolve`; a problem with a setting the command line overrode is reported against that option. */
function overridesNamed<T>(args: Args, resolve: () => T): T {
  try {
    return resolve();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(err.file, err.problems.map((p) => {
      const option = OVERRIDE_OPTION[p.path];
      return option !== undefined && args[option] !== undefined ? { ...p, file: `--${option}`, path: '' } : p;
    }));
  }
}
