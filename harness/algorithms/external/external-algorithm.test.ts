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
import { cosine, cosineMatchScore, createAlgorithm, fuseVectors, type FaceAlgorithm } from '../index.ts';
import { AdapterFailedError, AdapterProtocolError, AdapterRefusedError, createExternalAlgorithm, decodeTemplate, encodeTemplate, type AdapterSettings, type ExternalAlgorithm } from './index.ts';

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

  it('with --opaque, keeps its templates to itself, and its fuse, compare and search give Evenhand\'s probes and scores; a crash re-enrols its gallery before the retry', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-opaque-'));
    const marker = path.join(dir, 'crashed');
    const opaque = await createExternalAlgorithm('faceplugin-v1-opaque', {
      ...reference(false), command: [process.execPath, 'harness/algorithms/external/fixtures/crash-once.js', marker, 'search', '2', '--', process.execPath, 'bin/evenhand-faceplugin-adapter.js', '--opaque'],
    });
    try {
      expect(opaque.hello).toMatchObject({ templates: 'opaque', ops: ['template', 'search', 'compare', 'fuse'] });
      const ops = opaque.opaque;
      if (ops === undefined) throw new Error('no opaque operations');
      await expect(opaque.embed(images[0] ?? { width: 1, height: 1, data: new Uint8Array(3) }, { box: { x1: 0, y1: 0, x2: 1, y2: 1 }, score: 1, points5: new Float32Array(10) })).rejects.toThrow(/opaque templates/);
      const vectors: Float32Array[] = [];
      const sealed: string[] = [];
      for (const image of images) {
        const face = (await inProcess.detect(image))[0];
        if (face === undefined) continue;
        const [v, t] = [await inProcess.embed(image, face), await ops.template(image, face)];
        if (t === null) throw new Error('no template');
        expect(decodeTemplate(t)?.length).not.toBe(512); // not the vector, nor any 512-float vector
        expect(t).not.toContain(encodeTemplate(v).slice(0, 40));
        vectors.push(v);
        sealed.push(t);
      }
      // one face, one template: the same face templated again gives the same bytes
      const again = images[0] === undefined ? null : await ops.template(images[0], (await inProcess.detect(images[0]))[0] ?? { box: { x1: 0, y1: 0, x2: 1, y2: 1 }, score: 1, points5: new Float32Array(10) });
      expect(again).toBe(sealed[0]);
      const [v0, v1, v2] = vectors;
      const [s0, s1, s2] = sealed;
      if (v0 === undefined || v1 === undefined || v2 === undefined || s0 === undefined || s1 === undefined || s2 === undefined) throw new Error('fewer than 3 faces');
      expect(await ops.compare(s0, [s1, s2])).toEqual([cosineMatchScore(cosine(v0, v1)), cosineMatchScore(cosine(v0, v2))]);
      // a fused probe scores as Evenhand's own mean probe does
      const fused = await ops.fuse([s1, s2]);
      const mean = fuseVectors([v1, v2], 512);
      expect(await ops.compare(fused, [s0])).toEqual([cosineMatchScore(cosine(mean, v0))]);
      await ops.enrol('g', sealed.map((template, i) => ({ galleryId: `e${i}`, template })));
      const expected = (probe: Float32Array) => vectors.map((t, i) => ({ galleryId: `e${i}`, score: cosineMatchScore(cosine(probe, t)) })).sort((x, y) => y.score - x.score).slice(0, 2);
      expect(await ops.search('g', s0, 2)).toEqual(expected(v0));
      // the second search crashes the process: it is started again, its gallery enrolled again, and the search retried
      expect(await ops.search('g', fused, 2)).toEqual(expected(mean));
      expect(opaque.restarts()).toBe(1);
      expect(opaque.stderr()).toMatch(/crashing on purpose at search 2[\s\S]*reference adapter ready/);
    } finally {
      await opaque.close();
    }
  }, 120_000);

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

  it('is stopped at its hello when it declares opaque templates it cannot search, compare or fuse', async () => {
    await expect(start('opaque-lacking')).rejects.toThrow(/answered out of protocol and was stopped: expected a hello with opaque templates whose ops include "search", "compare", "fuse" \(missing search, compare, fuse\), got .*\\"templates\\":\\"opaque\\"/);
  });

  it('an error reply is its refusal: reported, not retried', () => withAdapter('refuse', async (a) => {
    await expect(a.embed(image, face)).rejects.toThrow(AdapterRefusedError);
    expect(a.restarts()).toBe(0);
  }), 60_000);

  it('a program that does not exist fails at the start, named', async () => {
    await expect(createExternalAlgorithm('nothing', { command: ['/nonexistent/adapter'], timeoutMs: 1000, startTimeoutMs: 1000, retries: 0 })).rejects.toThrow(/adapter "\/nonexistent\/adapter" exited .* on "hello".*could not start: spawn \/nonexistent\/adapter ENOENT/s);
  });
});
