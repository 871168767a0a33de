/**
 * The external-process adapter protocol (version 1): the messages Evenhand and an adapter program exchange, one JSON
 * object per line on the adapter's standard input (requests) and standard output (replies). Every request carries an
 * `id` that its reply repeats. `npm run schema` publishes one JSON Schema per message in docs/adapter-protocol/, so a
 * vendor's wrapper (C++, Python, Java) can be written from docs/black-box.md and those schemas alone.
 */
import { z } from 'zod';

/** The protocol version this Evenhand speaks. */
export const ADAPTER_PROTOCOL_VERSION = 1;

const id = z.number().int().min(0).describe('Request number; the reply repeats it');
const point = z.number().describe('Pixels of the image, x to the right, y down');
export const BoxSchema = z.strictObject({ x1: point, y1: point, x2: point, y2: point }).describe('A face box: corners top-left (x1, y1) and bottom-right (x2, y2)');
export const FaceSchema = z.strictObject({
  box: BoxSchema,
  score: z.number().min(0).max(1).describe('Detector confidence 0..1'),
  points5: z.array(z.number()).length(10).describe('Five points x,y in ArcFace order: eye on the image\'s left, eye on the image\'s right, nose tip, mouth corner left, mouth corner right'),
});
export const RectSchema = z.strictObject({ x: z.number(), y: z.number(), w: z.number().gt(0), h: z.number().gt(0) }).describe('A region of the image to run a detector on');

/** Where an image is: a file of raw RGB bytes (row by row, 3 bytes a pixel), or the bytes themselves in base64. */
export const ImageRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1).describe('Absolute path of a file of width*height*3 bytes, RGB, rows top to bottom'), width: z.number().int().min(1), height: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('bytes'), rgb: z.string().describe('base64 of width*height*3 bytes, RGB, rows top to bottom'), width: z.number().int().min(1), height: z.number().int().min(1) }),
]).describe('An image: raw RGB in a file (the default: no copy through the pipe) or inline in base64');

const template = z.string().min(1).describe('A template: base64 of an L2-normalised float32 vector, little-endian ("vector" templates), or of bytes only the adapter reads ("opaque" templates)');

// Requests: Evenhand -> adapter.
export const HelloRequestSchema = z.strictObject({ id, op: z.literal('hello'), protocol: z.literal(ADAPTER_PROTOCOL_VERSION) }).describe('The first request: the adapter answers with who it is');
export const DetectRequestSchema = z.strictObject({ id, op: z.literal('detect'), image: ImageRefSchema, rects: z.array(RectSchema).optional().describe('Regions to run the detector on (default: the whole image)') })
  .describe('Find faces (only sent to adapters whose hello lists "detect"; otherwise Evenhand detects and tracks)');
export const TemplateRequestSchema = z.strictObject({ id, op: z.literal('template'), image: ImageRefSchema, face: FaceSchema.describe('The face to make a template of (box and five points from the adapter\'s detect, or Evenhand\'s)') })
  .describe('Make a template of one face: for enrolment images and probes alike');
export const EnrolRequestSchema = z.strictObject({ id, op: z.literal('enrol'), gallery: z.string().min(1), entries: z.array(z.strictObject({ galleryId: z.string().min(1), template })) })
  .describe('Add templates to a named gallery (sent again after a restart)');
export const SearchRequestSchema = z.strictObject({ id, op: z.literal('search'), gallery: z.string().min(1), template, k: z.number().int().min(1) })
  .describe('1:N search of one probe template in a gallery: the k best candidates');
export const CompareRequestSchema = z.strictObject({ id, op: z.literal('compare'), template, others: z.array(template).min(1) })
  .describe('1:1 comparisons of one template with each of others: their scores (opaque templates; used to join the pieces of one person\'s track)');
export const FuseRequestSchema = z.strictObject({ id, op: z.literal('fuse'), templates: z.array(template).min(1) })
  .describe('One template of one person from several of theirs (a track\'s best shots, or the pieces of a track joined): opaque templates');
export const ByeRequestSchema = z.strictObject({ id, op: z.literal('bye') }).describe('The last request: reply, then exit with code 0');
export const AdapterRequestSchema = z.discriminatedUnion('op', [HelloRequestSchema, DetectRequestSchema, TemplateRequestSchema, EnrolRequestSchema, SearchRequestSchema, CompareRequestSchema, FuseRequestSchema, ByeRequestSchema]);

// Replies: adapter -> Evenhand.
export const AdapterOpSchema = z.enum(['detect', 'template', 'search', 'compare', 'fuse'])
  .describe('detect: finds faces itself; template: makes templates (required); search: searches galleries enrolled with enrol; compare, fuse: 1:1 scores and one template of several (required, with search, for opaque templates)');
/** What an adapter's templates are: vectors Evenhand may search itself, or bytes only the adapter reads. */
export const TemplateKindSchema = z.enum(['vector', 'opaque'])
  .describe('vector: an L2-normalised float32 vector of templateSize values, searched by Evenhand; opaque: bytes only the adapter reads, searched, compared and fused by the adapter (it must offer search, compare and fuse)');
export type TemplateKind = z.infer<typeof TemplateKindSchema>;
export type AdapterOp = z.infer<typeof AdapterOpSchema>;
export const HelloReplySchema = z.strictObject({
  id, ok: z.literal(true),
  protocol: z.literal(ADAPTER_PROTOCOL_VERSION).describe('The protocol version the adapter speaks'),
  name: z.string().min(1).describe('The algorithm, e.g. "NeoFace V4"'),
  version: z.string().min(1).describe('Its version, as the vendor names it'),
  templates: TemplateKindSchema.default('vector'),
  templateSize: z.number().int().min(1).describe('Length of a template vector (opaque templates: any positive number, not used)'),
  scoreScale: z.strictObject({ kind: z.literal('cosine') }).describe('How scores are made: cosine = the cosine of two templates (or, for opaque templates, the adapter\'s own score on the same 0..1 scale), clipped to 0..1 (the protocol\'s threshold scale)'),
  ops: z.array(AdapterOpSchema).describe('What it can do beyond hello and bye; "template" is required'),
}).describe('Reply to hello');
export const DetectReplySchema = z.strictObject({ id, ok: z.literal(true), faces: z.array(FaceSchema).describe('Best score first') }).describe('Reply to detect');
export const TemplateReplySchema = z.strictObject({ id, ok: z.literal(true), template: template.nullable().describe('Null when no template can be made of this face') }).describe('Reply to template');
export const EnrolReplySchema = z.strictObject({ id, ok: z.literal(true), size: z.number().int().min(0).describe('Entries in the gallery now') }).describe('Reply to enrol');
export const SearchReplySchema = z.strictObject({ id, ok: z.literal(true), candidates: z.array(z.strictObject({ galleryId: z.string(), score: z.number() })).describe('Best first, at most k') }).describe('Reply to search');
export const CompareReplySchema = z.strictObject({ id, ok: z.literal(true), scores: z.array(z.number()).describe('One score (0..1) for each of others, in their order') }).describe('Reply to compare');
export const FuseReplySchema = z.strictObject({ id, ok: z.literal(true), template }).describe('Reply to fuse');
export const ByeReplySchema = z.strictObject({ id, ok: z.literal(true) }).describe('Reply to bye');
export const ErrorReplySchema = z.strictObject({ id, ok: z.literal(false), error: z.string().describe('What went wrong, in words') })
  .describe('Reply to any request the adapter could not serve (a bad image, an unknown gallery): the run records it; the process is not restarted');

export type AdapterRequest = z.infer<typeof AdapterRequestSchema>;
export type HelloReply = z.infer<typeof HelloReplySchema>;
export type Face = z.infer<typeof FaceSchema>;
export type ImageRef = z.infer<typeof ImageRefSchema>;

/** Each request's reply schema, by op. */
export const REPLY_SCHEMAS = {
  hello: HelloReplySchema, detect: DetectReplySchema, template: TemplateReplySchema, enrol: EnrolReplySchema, search: SearchReplySchema, compare: CompareReplySchema, fuse: FuseReplySchema, bye: ByeReplySchema,
} as const;
export type RequestOp = keyof typeof REPLY_SCHEMAS;
export type ReplyOf<O extends RequestOp> = z.infer<(typeof REPLY_SCHEMAS)[O]>;

/** Every message's schema, by the file name it is published under (docs/adapter-protocol/<name>.schema.json). */
export const ADAPTER_MESSAGE_SCHEMAS = {
  'hello.request': HelloRequestSchema, 'hello.reply': HelloReplySchema,
  'detect.request': DetectRequestSchema, 'detect.reply': DetectReplySchema,
  'template.request': TemplateRequestSchema, 'template.reply': TemplateReplySchema,
  'enrol.request': EnrolRequestSchema, 'enrol.reply': EnrolReplySchema,
  'search.request': SearchRequestSchema, 'search.reply': SearchReplySchema,
  'compare.request': CompareRequestSchema, 'compare.reply': CompareReplySchema,
  'fuse.request': FuseRequestSchema, 'fuse.reply': FuseReplySchema,
  'bye.request': ByeRequestSchema, 'bye.reply': ByeReplySchema,
  'error.reply': ErrorReplySchema,
} as const;

/** A template vector as the protocol writes it (base64 of float32 little-endian). */
export function encodeTemplate(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** A template read back; null when its byte length is not a whole number of float32s. */
export function decodeTemplate(text: string): Float32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
