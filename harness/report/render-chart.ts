/** Renders a Vega-Lite spec to an SVG string on the server, with no browser (vega's headless view). */
import { compile, type TopLevelSpec } from 'vega-lite';
import { logger, parse, View, Warn } from 'vega';

/**
 * Vega-Lite's warning when a chart fitted to a width (the phone layout, autosize fit-x) has one band per group on its
 * other axis: the fit then applies to the width only, which is what the phone layout asks for, so it is not passed on.
 */
const EXPECTED_WARNING = /^Dropping "fit-y" because spec has discrete height\.$/;

/** Vega's console logger at warning level, less the expected warning above. */
function chartLogger(): ReturnType<typeof logger> {
  const base = logger(Warn);
  const warn = base.warn.bind(base);
  base.warn = (...args: readonly unknown[]) => (args.length === 1 && typeof args[0] === 'string' && EXPECTED_WARNING.test(args[0]) ? base : warn(...args));
  return base;
}

/**
 * Compiles `spec` with Vega-Lite and renders it with Vega to SVG. Deterministic for the same spec.
 * @example const svg = await renderSvg({ mark: 'bar', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a' } } })
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec, { logger: chartLogger() }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
