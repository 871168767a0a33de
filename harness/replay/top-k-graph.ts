/** topKGraph: generates, in code, the tiny ONNX graph for 1:N search: Gemm(probes, gallery^T) then TopK. */
import onnxProto from 'onnx-proto'; // CommonJS: Node's ESM loader gives only a default export

const { onnx } = onnxProto;

/**
 * An ONNX model (serialised ModelProto) with the gallery as a constant initializer (or, when `gallery` is null, as a
 * third input `gallery` f32[rows, dim], so one session searches any block of a gallery too large to hold):
 *   inputs  probes f32[B, dim], k i64[1]
 *   scores  = Gemm(probes, gallery, transB = 1)        f32[B, N]   (cosines, for unit vectors)
 *   outputs values f32[B, k], indices i64[B, k] = TopK(scores, k, axis -1, largest, sorted)
 * `gallery` holds N rows of `dim` floats. With `topK: false` the graph stops at the Gemm and outputs `scores` (the bare
 * matrix product, a yardstick for benchmarks).
 */
export function topKGraph(gallery: Float32Array | null, dim: number, options: { topK?: boolean } = {}): Uint8Array {
  const rows = gallery === null ? null : gallery.length / dim;
  if (gallery !== null && rows !== null && (!Number.isInteger(rows) || rows < 1)) throw new Error(`gallery length ${gallery.length} is not a positive multiple of ${dim}`);
  const n = rows ?? 'rows';
  const withTopK = options.topK ?? true;
  const F = onnx.TensorProto.DataType.FLOAT, I64 = onnx.TensorProto.DataType.INT64;
  const valueInfo = (name: string, elemType: number, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
    });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'evenhand',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'gallery_top_k',
      initializer: gallery === null ? [] : [{ name: 'gallery', dataType: F, dims: [rows ?? 0, dim], rawData: new Uint8Array(gallery.buffer, gallery.byteOffset, gallery.byteLength) }],
      input: [
        valueInfo('probes', F, ['batch', dim]),
        ...(gallery === null ? [valueInfo('gallery', F, ['rows', dim])] : []),
        ...(withTopK ? [valueInfo('k', I64, [1])] : []),
      ],
      output: withTopK ? [valueInfo('values', F, ['batch', 'k']), valueInfo('indices', I64, ['batch', 'k'])] : [valueInfo('scores', F, ['batch', n])],
      node: [
        { opType: 'Gemm', input: ['probes', 'gallery'], output: ['scores'], attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
        ...(withTopK ? [{
          opType: 'TopK', input: ['scores', 'k'], output: ['values', 'indices'],
          attribute: [
            { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 },
            { name: 'largest', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
            { name: 'sorted', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
          ],
        }] : []),
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
