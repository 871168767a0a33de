/**
 * ReplayJob: one footage segment to replay, as a BullMQ job's data. It carries the Evenhand version and the model
 * hashes it was made with, so a worker of another version (or with other models) refuses it rather than mixing
 * results, and everything a worker needs (algorithm, options, galleries and output folders on the shared folder).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TOOL_VERSION } from '../core/version.ts';
import { ModelFile, modelIds } from '../models/index.ts';
import type { Segment, WorkerSetup } from '../replay/index.ts';

/** Version of the job format (a change that old workers cannot read bumps it). */
export const JOB_FORMAT = 'evenhand-job/1';

/** What made a job (or runs a worker): Evenhand's version and the catalogue's model hashes. */
export interface JobMaker {
  version: string;
  models: Record<string, string>;
}

/** This process's {@link JobMaker}. */
export function thisMaker(): JobMaker {
  return { version: TOOL_VERSION, models: Object.fromEntries(modelIds.map((id) => [id, ModelFile[id].sha256])) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const ReplayJobSchema = z.object({
  format: z.string(),
  maker: z.object({ version: z.string(), models: z.record(z.string(), z.string()) }),
  run: z.string().describe('The submission: a digest of its setup, shared by its jobs'),
  setup: z.custom<WorkerSetup>((v) => isRecord(v) && typeof v['algorithm'] === 'string' && Array.isArray(v['outputs']), 'a replay setup'),
  segment: z.custom<Segment>((v) => isRecord(v) && typeof v['id'] === 'string' && isRecord(v['source']), 'a footage segment'),
});
export type ReplayJob = z.output<typeof ReplayJobSchema>;

/** What a worker returns for a job (its counts and times), or `skipped` when an earlier attempt had finished it. */
export interface ReplayJobResult {
  skipped: boolean;
  frames: number;
  tracks: number;
  embeddings: number;
  inferenceMs: number;
  phasesMs: Record<string, number>;
  worker: string;
}

/** The digest naming a submission: the same setup (algorithm, options, galleries, output folders) gives the same id. */
export function runId(setup: WorkerSetup): string {
  return createHash('sha256').update(JSON.stringify(setup)).digest('hex').slice(0, 16);
}

/** The job id of `segmentId` in submission `run` (resubmitting the same run finds the same jobs). */
export function jobId(run: string, segmentId: string): string {
  return `${run}.${segmentId}`;
}

/**
 * Why `maker` (a job's) cannot be run by a worker of `mine`, in words, or null when they match.
 * @example refusal({ version: '0.1.0', models: {...} }, thisMaker())
 */
export function refusal(maker: JobMaker, mine: JobMaker): string | null {
  if (maker.version !== mine.version) return `made by Evenhand ${maker.version}; this worker runs Evenhand ${mine.version}`;
  for (const id of new Set([...Object.keys(maker.models), ...Object.keys(mine.models)])) {
    if (maker.models[id] !== mine.models[id]) return `made with model ${id} sha256 ${maker.models[id] ?? 'none'}; this worker has ${mine.models[id] ?? 'none'}`;
  }
  return null;
}
