/** A chart renderer that renders each distinct Vega-Lite spec to SVG once, so pages can share charts. */
import type { TopLevelSpec } from 'vega-lite';
import { phoneLayout } from './charts.ts';
import { renderSvg } from './render-chart.ts';

/** Renders a spec to an SVG string. */
export type ChartRenderer = (spec: TopLevelSpec) => Promise<string>;

/** A renderer that caches by the spec's JSON text. @example const render = chartCache(); await render(spec) */
export function chartCache(): ChartRenderer {
  const cache = new Map<string, Promise<string>>();
  return (spec) => {
    const key = JSON.stringify(spec);
    let svg = cache.get(key);
    if (svg === undefined) {
      svg = renderSvg(spec);
      cache.set(key, svg);
    }
    return svg;
  };
}

/** A chart drawn twice: at its own width for wide screens and print, and in its phone layout for narrow screens. */
export interface ChartSvgs {
  wide: string;
  phone: string;
}

/** Renders `spec` in both layouts through `render`. @example const svgs = await renderBoth(render, spec) */
export async function renderBoth(render: ChartRenderer, spec: TopLevelSpec): Promise<ChartSvgs> {
  const [wide, phone] = await Promise.all([render(spec), render(phoneLayout(spec))]);
  return { wide, phone };
}
