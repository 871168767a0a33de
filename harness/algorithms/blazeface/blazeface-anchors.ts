/** blazeFaceAnchors: the anchor grid of MediaPipe's BlazeFace front (128x128) SSD, as ported from MediaPipe/keijiro. */

/** An anchor centre in input units 0..1. */
export interface Anchor {
  cx: number;
  cy: number;
}

/**
 * The 896 anchors of the 128x128 front model in output order: a 16x16 grid (stride 8) with 2 anchors a cell
 * (outputs `Identity:0` / `Identity_2:0`, 512 rows), then an 8x8 grid (stride 16) with 6 anchors a cell
 * (`Identity_1:0` / `Identity_3:0`, 384 rows). Centres are ((x + 0.5) / cells, (y + 0.5) / cells), row-major; the
 * model's boxes are offsets from them in input pixels (MediaPipe's fixed_anchor_size: no anchor width or height).
 */
export function blazeFaceAnchors(): { layer1: Anchor[]; layer2: Anchor[] } {
  const grid = (cells: number, perCell: number): Anchor[] => {
    const out: Anchor[] = [];
    for (let y = 0; y < cells; y++) for (let x = 0; x < cells; x++) for (let a = 0; a < perCell; a++) out.push({ cx: (x + 0.5) / cells, cy: (y + 0.5) / cells });
    return out;
  };
  return { layer1: grid(16, 2), layer2: grid(8, 6) };
}
