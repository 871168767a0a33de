/**
 * The reference adapter: faceplugin-v1 behind the external-process protocol, as a vendor would wrap its SDK. Run as
 * `node bin/evenhand-faceplugin-adapter.js [--detect] [--opaque] [--threads N]`; it reads requests on standard input and
 * writes replies on standard output, one JSON object a line, and logs on standard error. Without --detect it offers
 * recognition only (template, search), so Evenhand detects and tracks; with --detect it finds faces too. With --opaque
 * its templates are sealed (AES-256-GCM under the adapter's own key), as a vendor's SDK keeps its templates to itself:
 * it then offers compare and fuse too, and Evenhand leaves every use of a template to it.
 * Written from docs/black-box.md as a vendor's wrapper would be; it shares only the model code with Evenhand.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createFacepluginV1 } from '../faceplugin/faceplugin-v1.ts';
import { cosine, cosineMatchScore, fuseVectors } from '../face-match-score.ts';
import type { RgbImage } from '../../footage/index.ts';
import { AdapterRequestSchema, ADAPTER_PROTOCOL_VERSION, decodeTemplate, encodeTemplate, type AdapterOp, type AdapterRequest, type ImageRef } from './adapter-messages.ts';
import { TOOL_VERSION } from '../../core/version.ts';

const args = process.argv.slice(2);
const offersDetect = args.includes('--detect');
const opaque = args.includes('--opaque');
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : 1;

const algorithm = await createFacepluginV1({ threads });
const galleries = new Map<string, { ids: string[]; vectors: Float32Array[] }>();
const send = (reply: object): void => { process.stdout.write(`${JSON.stringify(reply)}\n`); };

// Opaque templates: the vector sealed with AES-256-GCM under a key only this program holds; the nonce is taken from the
// vector's own hash, so one face gives one template (reruns stay byte-identical). Evenhand cannot read them.
const KEY = createHash('sha256').update('evenhand reference adapter: opaque templates, v1').digest();
function seal(v: Float32Array): string {
  const plain = Buffer.from(encodeTemplate(v), 'base64');
  const iv = createHash('sha256').update(plain).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}
function unseal(text: string): Float32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length <= 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return decodeTemplate(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('base64'));
  } catch {
    return null; // not one of ours, or altered
  }
}
/** The template as this adapter writes it, and read back (null when it is not one of its templates). */
const write = (v: Float32Array): string => (opaque ? seal(v) : encodeTemplate(v));
const read = (text: string): Float32Array | null => (opaque ? unseal(text) : decodeTemplate(text));
function readAll(texts: readonly string[]): Float32Array[] {
  return texts.map((t, i) => read(t) ?? fail(`template ${i} is not a template of this adapter`));
}
function fail(why: string): never {
  throw new Error(why);
}

function readImage(ref: ImageRef): RgbImage {
  const data = ref.kind === 'file' ? readFileSync(ref.path) : Buffer.from(ref.rgb, 'base64');
  if (data.length !== ref.width * ref.height * 3) throw new Error(`image of ${data.length} bytes, expected ${ref.width}x${ref.height}x3`);
  return { width: ref.width, height: ref.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

async function answer(r: AdapterRequest): Promise<object> {
  switch (r.op) {
    case 'hello': {
      const ops: AdapterOp[] = [...(offersDetect ? ['detect' as const] : []), 'template', 'search', ...(opaque ? ['compare' as const, 'fuse' as const] : [])];
      return { id: r.id, ok: true, protocol: ADAPTER_PROTOCOL_VERSION, name: 'faceplugin-v1 (reference adapter)', version: TOOL_VERSION, templates: opaque ? 'opaque' : 'vector', templateSize: algorithm.embeddingSize, scoreScale: { kind: 'cosine' }, ops };
    }
    case 'detect': {
      const faces = await algorithm.detect(readImage(r.image));
      return { id: r.id, ok: true, faces: faces.map((f) => ({ box: f.box, score: f.score, points5: [...f.points5] })) };
    }
    case 'template': {
      const v = await algorithm.embed(readImage(r.image), { box: r.face.box, score: r.face.score, points5: Float32Array.from(r.face.points5) });
      return { id: r.id, ok: true, template: write(v) };
    }
    case 'enrol': {
      const g = galleries.get(r.gallery) ?? { ids: [], vectors: [] };
      for (const e of r.entries) {
        const v = read(e.template);
        if (v === null) throw new Error(`template of ${e.galleryId} is not a template of this adapter`);
        g.ids.push(e.galleryId);
        g.vectors.push(v);
      }
      galleries.set(r.gallery, g);
      return { id: r.id, ok: true, size: g.ids.length };
    }
    case 'search': {
      const g = galleries.get(r.gallery);
      const probe = read(r.template);
      if (g === undefined) throw new Error(`no gallery ${JSON.stringify(r.gallery)} (enrol first)`);
      if (probe === null) throw new Error('probe template is not a template of this adapter');
      const scored = g.vectors.map((v, i) => ({ galleryId: g.ids[i] ?? '', score: cosineMatchScore(cosine(probe, v)), i }));
      scored.sort((a, b) => b.score - a.score || a.i - b.i);
      return { id: r.id, ok: true, candidates: scored.slice(0, r.k).map(({ galleryId, score }) => ({ galleryId, score })) };
    }
    case 'compare': {
      const [probe, ...others] = readAll([r.template, ...r.others]);
      return { id: r.id, ok: true, scores: others.map((v) => cosineMatchScore(cosine(probe ?? fail('no template'), v))) };
    }
    case 'fuse':
      return { id: r.id, ok: true, template: write(fuseVectors(readAll(r.templates), algorithm.embeddingSize)) };
    case 'bye':
      return { id: r.id, ok: true };
  }
}

process.stderr.write(`faceplugin-v1 reference adapter ready (${offersDetect ? 'detect, ' : ''}template, search${opaque ? ', compare, fuse; opaque templates' : ''}; ${threads} thread(s))\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const parsed = AdapterRequestSchema.safeParse(JSON.parse(line));
  if (!parsed.success) {
    const id: unknown = (JSON.parse(line) as { id?: unknown }).id;
    send({ id: typeof id === 'number' ? id : 0, ok: false, error: `not a request of protocol ${ADAPTER_PROTOCOL_VERSION}: ${parsed.error.issues[0]?.message ?? ''}` });
    continue;
  }
  try {
    send(await answer(parsed.data));
  } catch (err) {
    send({ id: parsed.data.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
  if (parsed.data.op === 'bye') break;
}
await algorithm.close();
