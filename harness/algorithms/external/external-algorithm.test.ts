/**
 * The external-process adapter: the reference adapter (faceplugin-v1 behind the protocol) gives the same faces,
 * templates and scores as the in-process algorithm; a misbehaving adapter is restarted and its request retried after a
 * crash or a hang, stopped with a quote of what it sent when it answers out of protocol, and its stderr is kept.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage, sharedFile, type RgbImage } from '../../footage/index.ts';
import { cosine, cosineMatchScore, createAlgorithm, type FaceAlgorithm } from '../index.ts';
import { AdapterFailedError, AdapterProtocolError, AdapterRefusedError, createExternalAlgorithm, encodeTemplate, type AdapterSettings, type ExternalAlgorithm } from './index.ts';

const astronaut = sharedFile('faces/astronaut.png');
const lfw = sharedFile('datasets/lfw-dev');
const reference = (detect: boolean): AdapterSettings => ({ command: [process.execPath, 'bin/evenhand-faceplugin-adapter.js', ...(detect ? ['--detect'] : [])], timeoutMs: 30_000, startTimeoutMs: 60_000, retries: 1 });

describe.skipIf(!astronaut.present || !lfw.present)('the reference adapter against faceplugin-v1 in process', () => {
  let inProcess: FaceAlgorithm;
  let external: ExternalAlgorithm;
  let images: RgbImage[];
  beforeAll(async () => {
    inProcess = await createAlgorithm('faceplugin-v1');
    external = await createExternalAlgorithm('faceplugin-v1-adapter', reference(false));
    const lfwImages = path.join(lfw.path, readdirSync(lfw.path).find((d) => existsSync(path.join(lfw.path, d, 'Angela_Bassett'))) ?? 'images');
    const files = [astronaut.path, ...['Angela_Bassett/Angela_Bassett_0001.jpg', 'Angela_Bassett/Angela_Bassett_0005.jpg', 'Amber_Tamblyn/Amber_Tamblyn_0001.jpg'].map((f) => path.join(lfwImages, f))];
    images = await Promise.all(files.filter((f) => existsSync(f)).map((f) => loadImage(f)));
  }, 120_000);
  afterAll(async () => {
    await inProcess.close();
    await external.close();
  });

  it('shakes hands with its name, version and template size, and offers recognition only', () => {
    expect(external.hello).toMatchObject({ protocol: 1, templateSize: 512, ops: ['template', 'search'] });
    expect(external.hello.name).toMatch(/faceplugin-v1/);
  });

  it('gives the same faces, the same templates bit for bit, and the same search scores', async () => {
    expect(images.length).toBeGreaterThanOrEqual(3);
    const templates: Float32Array[] = [];
    for (const image of images) {
      const faces = await inProcess.detect(image);
      expect(await external.detect(image)).toEqual(faces);
      const face = faces[0];
      if (face === undefined) continue;
      const [a, b] = [await inProcess.embed(image, face), await external.embed(image, face)];
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
      templates.push(a);
    }
    await external.enrol('g', templates.map((t, i) => ({ galleryId: `e${i}`, template: t })));
    for (const probe of templates) {
      const expected = templates.map((t, i) => ({ galleryId: `e${i}`, score: cosineMatchScore(cosine(probe, t)) })).sort((x, y) => y.score - x.score).slice(0, 2);
      expect(await external.search('g', probe, 2)).toEqual(expected);
    }
  }, 60_000);

  it('takes an image inline (raw bytes in base64) as well as in a file', async () => {
    const image = images[0];
    const face = image === undefined ? undefined : (await inProcess.detect(image))[0];
    if (image === undefined || face === undefined) throw new Error('no face in the first image');
    const reply = await external.adapter.request('template', { image: { kind: 'bytes', rgb: Buffer.from(image.data).toString('base64'), width: image.width, height: image.height }, face: { box: face.box, score: face.score, points5: [...face.points5] } });
    expect(reply.template).toBe(encodeTemplate(await inProcess.embed(image, face)));
  }, 60_000);

  it('with --detect, the adapter\'s own detections equal the in-process ones', async () => {
    const detecting = await createExternalAlgorithm('faceplugin-v1-adapter', reference(true));
    try {
      expect(detecting.hello.ops).toContain('detect');
      for (const image of images.slice(0, 2)) expect(await detecting.detect(image)).toEqual(await inProcess.detect(image));
    } finally {
      await detecting.close();
    }
  }, 60_000);
});

describe('a misbehaving adapter', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-adapter-test-'));
  const image: RgbImage = { width: 4, height: 4, data: new Uint8Array(48) };
  const face = { box: { x1: 0, y1: 0, x2: 4, y2: 4 }, score: 1, points5: new Float32Array(10) };
  const start = (mode: string, over: Partial<AdapterSettings> = {}): Promise<ExternalAlgorithm> =>
    createExternalAlgorithm(`bad-${mode}`, { command: [process.execPath, 'harness/algorithms/external/fixtures/misbehaving-adapter.js', mode, path.join(dir, `${mode}.done`)], timeoutMs: 2000, startTimeoutMs: 10_000, retries: 1, ...over });
  const withAdapter = async (mode: string, f: (a: ExternalAlgorithm) => Promise<void>, over: Partial<AdapterSettings> = {}): Promise<void> => {
    const a = await start(mode, over);
    try { await f(a); } finally { await a.close(); }
  };

  it('is restarted after a crash and the request retried; its stderr is kept', () => withAdapter('crash-once', async (a) => {
    expect([...(await a.embed(image, face))]).toEqual([1, 0, 0, 0]);
    expect(a.restarts()).toBe(1);
    expect(a.stderr()).toMatch(/crashing on purpose[\s\S]*misbehaving adapter \(crash-once\) started/);
  }), 60_000);

  it('is restarted after it hangs past the timeout', () => withAdapter('hang-once', async (a) => {
    expect([...(await a.embed(image, face))]).toEqual([1, 0, 0, 0]);
    expect(a.restarts()).toBe(1);
    expect(a.stderr()).toMatch(/hanging on purpose/);
  }, { timeoutMs: 500 }), 60_000);

  it('fails after its retries, quoting its stderr', () => withAdapter('always-crash', async (a) => {
    const err = await a.embed(image, face).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterFailedError);
    expect(String(err)).toMatch(/exited \(code 4\) on "template" \(2 tries\).*crashing again/s);
  }), 60_000);

  it('is stopped when it answers out of protocol, with what it sent quoted', async () => {
    await withAdapter('garbage', async (a) => {
      await expect(a.embed(image, face)).rejects.toThrow(new AdapterProtocolError('adapter "' + `${process.execPath} harness/algorithms/external/fixtures/misbehaving-adapter.js garbage ${path.join(dir, 'garbage.done')}` + '" (misbehaving 0) answered out of protocol and was stopped: expected one JSON object per line in reply to "template" (id 1), got "this is not json"'));
    });
    await withAdapter('wrong-shape', async (a) => {
      const err = await a.embed(image, face).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterProtocolError);
      expect(String(err)).toMatch(/expected a "template" reply with id 1 \(docs\/adapter-protocol\/template\.reply\.schema\.json\).*got "\{\\"id\\":1,\\"ok\\":true,\\"templ\\"/);
    });
  }, 60_000);

  it('an error reply is its refusal: reported, not retried', () => withAdapter('refuse', async (a) => {
    await expect(a.embed(image, face)).rejects.toThrow(AdapterRefusedError);
    expect(a.restarts()).toBe(0);
  }), 60_000);

  it('a program that does not exist fails at the start, named', async () => {
    await expect(createExternalAlgorithm('nothing', { command: ['/nonexistent/adapter'], timeoutMs: 1000, startTimeoutMs: 1000, retries: 0 })).rejects.toThrow(/adapter "\/nonexistent\/adapter" exited .* on "hello".*could not start: spawn \/nonexistent\/adapter ENOENT/s);
  });
});
