/** Renders a Vega-Lite spec to an SVG string on the server, with no browser (vega's headless view). */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

/**
 * Compiles `spec` with Vega-Lite and renders it with Vega to SVG. Deterministic for the same spec.
 * @example const svg = await renderSvg({ mark: 'bar', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a' } } })
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
