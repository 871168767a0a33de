/**
 * An external algorithm: a FaceAlgorithm whose templates (and, when it offers them, detections and searches) come
 * from an adapter program over the JSON-lines protocol (adapter-messages.ts). When the adapter offers recognition
 * only, Evenhand's own detector (faceplugin-v1's fr_detect and landmarks) finds the faces and its tracker follows them,
 * as for any algorithm. Frames reach the adapter as files of raw RGB bytes (in /dev/shm where there is one), written
 * once per frame however many faces it holds. Vector templates are L2-normalised vectors, so Evenhand's own 1:N search
 * scores them exactly as it scores an in-process algorithm's embeddings; opaque templates (the hello's `templates`)
 * stay strings that only the adapter reads, and the algorithm's `opaque` operations fuse, compare and search them.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RgbImage } from '../../footage/index.ts';
import type { AlgorithmOptions, FaceAlgorithm } from '../face-algorithm.ts';
import type { FaceDetection } from '../face-detection.ts';
import type { OpaqueTemplates } from '../opaque-templates.ts';
import { cosineMatchScore } from '../face-match-score.ts';
import { createFacepluginV1 } from '../faceplugin/faceplugin-v1.ts';
import type { InferenceTiming } from '../onnx-session.ts';
import type { Rect } from '../resample.ts';
import { decodeTemplate, encodeTemplate, type Face, type HelloReply, type ImageRef } from './adapter-messages.ts';
import { AdapterProcess, AdapterProtocolError, type AdapterSettings } from './adapter-process.ts';

/** A FaceAlgorithm run by an adapter program, with the adapter's identity and a search in its own galleries. */
export interface ExternalAlgorithm extends FaceAlgorithm {
  /** The adapter's hello (name, version, template size, what it offers). */
  readonly hello: HelloReply;
  /** The running adapter, for requests beyond the FaceAlgorithm's (tests, tools). */
  readonly adapter: AdapterProcess;
  /** Times the adapter was restarted after a crash or hang. */
  restarts(): number;
  /** What the adapter wrote on standard error (the last 64 KiB). */
  stderr(): string;
  /** Adds templates to one of the adapter's galleries (adapters offering "search"). */
  enrol(gallery: string, entries: { galleryId: string; template: Float32Array }[]): Promise<void>;
  /** The adapter's own 1:N search of one probe template: the k best, best first (adapters offering "search"). */
  search(gallery: string, template: Float32Array, k: number): Promise<{ galleryId: string; score: number }[]>;
}

/**
 * Starts the adapter and wraps it as a FaceAlgorithm called `name`.
 * @throws AdapterFailedError / AdapterProtocolError when the adapter does not start or shakes hands out of protocol.
 * @example const alg = await createExternalAlgorithm('vendor-x', { command: ['python3', 'adapter.py'], timeoutMs: 30_000, startTimeoutMs: 120_000, retries: 2 })
 */
export async function createExternalAlgorithm(name: string, settings: AdapterSettings, options: AlgorithmOptions = {}): Promise<ExternalAlgorithm> {
  const adapter = await AdapterProcess.start(settings);
  const hello = adapter.hello;
  if (hello === null) throw new AdapterProtocolError('adapter gave no hello');
  const ownDetect = hello.ops.includes('detect');
  const detector = ownDetect ? null : await createFacepluginV1({ ...options, threads: options.threads ?? 1 });
  const shm = '/dev/shm';
  const dir = mkdtempSync(path.join(existsSync(shm) ? shm : tmpdir(), 'evenhand-adapter-'));
  let last: { image: RgbImage; ref: ImageRef } | null = null;
  let frames = 0;
  const refOf = (image: RgbImage): ImageRef => {
    if (last?.image === image) return last.ref;
    const file = path.join(dir, `frame-${frames++ % 2}.rgb`);
    writeFileSync(file, image.data);
    last = { image, ref: { kind: 'file', path: file, width: image.width, height: image.height } };
    return last.ref;
  };
  const timing: InferenceTiming = { ms: 0, runs: 0 };
  const timed = async <T>(f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timing.ms += performance.now() - t0;
      timing.runs++;
    }
  };
  const face = (d: FaceDetection): Face => ({ box: d.box, score: d.score, points5: [...d.points5] });
  const opaque: OpaqueTemplates = {
    template: async (image, d) => (await timed(() => adapter.request('template', { image: refOf(image), face: face(d) }))).template,
    fuse: async (templates) => (await timed(() => adapter.request('fuse', { templates: [...templates] }))).template,
    async compare(template, others) {
      const r = await timed(() => adapter.request('compare', { template, others: [...others] }));
      if (r.scores.length !== others.length) {
        await adapter.close();
        throw new AdapterProtocolError(`adapter ${JSON.stringify(hello.name)} answered compare with ${r.scores.length} score(s) for ${others.length} template(s): ${JSON.stringify(r.scores.slice(0, 10))}`);
      }
      return r.scores;
    },
    async enrol(gallery, entries) {
      await timed(() => adapter.enrol(gallery, [...entries]));
    },
    search: async (gallery, template, k) => (await timed(() => adapter.request('search', { gallery, template, k }))).candidates,
  };
  return {
    name,
    embeddingSize: hello.templateSize,
    provider: detector?.provider ?? 'cpu',
    timing,
    hello,
    adapter,
    detectionRects: (width, height) => (detector === null ? [{ x: 0, y: 0, w: width, h: height }] : detector.detectionRects(width, height)),
    async detect(image: RgbImage, rects?: readonly Rect[]): Promise<FaceDetection[]> {
      if (detector !== null) return detector.detect(image, rects);
      const r = await timed(() => adapter.request('detect', { image: refOf(image) }));
      return r.faces.map((f) => ({ box: f.box, score: f.score, points5: Float32Array.from(f.points5) }));
    },
    ...(hello.templates === 'opaque' ? { opaque } : {}),
    async embed(image: RgbImage, d: FaceDetection): Promise<Float32Array> {
      if (hello.templates === 'opaque') throw new Error(`adapter ${JSON.stringify(hello.name)} has opaque templates: Evenhand cannot read them as vectors`);
      const r = await timed(() => adapter.request('template', { image: refOf(image), face: face(d) }));
      if (r.template === null) return new Float32Array(hello.templateSize); // no template: scores 0 against everyone
      const v = decodeTemplate(r.template);
      if (v === null || v.length !== hello.templateSize) {
        await adapter.close();
        throw new AdapterProtocolError(`adapter ${JSON.stringify(hello.name)} sent a template of ${v === null ? 'a length that is not whole float32s' : `${v.length} values`}, expected ${hello.templateSize} (its hello's templateSize): ${JSON.stringify(r.template.slice(0, 80))}`);
      }
      return v;
    },
    matchScore: cosineMatchScore,
    restarts: () => adapter.restarts,
    stderr: () => adapter.stderr(),
    async enrol(gallery, entries) {
      await timed(() => adapter.enrol(gallery, entries.map((e) => ({ galleryId: e.galleryId, template: encodeTemplate(e.template) }))));
    },
    async search(gallery, template, k) {
      return (await timed(() => adapter.request('search', { gallery, template: encodeTemplate(template), k }))).candidates;
    },
    async close() {
      await adapter.close();
      await detector?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
