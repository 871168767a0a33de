/**
 * The threshold explorer (explorer.html) for policy teams: a slider over the swept thresholds drives recognition,
 * false alerts per passer-by and per deployment-hour, rates and differential indices by group, and the equity
 * verdict. Works offline: vega, vega-lite and vega-embed are read from node_modules and inlined.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../analyse/results-schema.ts';
import { tradeOffSpec } from './charts.ts';
import { EXPLORER_CLIENT } from './explorer-client.ts';
import { explorerData } from './explorer-data.ts';
import { threshold as fmtT } from './format.ts';
import { esc } from './html.ts';
import { page } from './page.ts';
import { explorerUseCaseLine } from './use-case-section.ts';

/**
 * The folder of installed package `name`, looked up the way Node does (node_modules in this folder and its parents);
 * the packages' `exports` maps hide their browser builds from require.resolve.
 * @throws Error naming the package when it is not installed.
 */
function packageDir(name: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`package ${name} is not installed (run npm ci)`);
  }
}

/** The browser builds of vega, vega-lite and vega-embed, as inline scripts (source-map comments removed). */
export function vegaScripts(): string {
  return [['vega', 'build/vega.min.js'], ['vega-lite', 'build/vega-lite.min.js'], ['vega-embed', 'build/vega-embed.min.js']]
    .map(([pkg, file]) => readFileSync(path.join(packageDir(pkg as string), file as string), 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, '').replace(/<\/script/gi, '<\\/script'))
    .map((js) => `<script>${js}</script>`).join('\n');
}

/** JSON for an inline `<script type="application/json">`: `<` escaped so no text can close the element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Options of the explorer page. */
export interface ExplorerOptions {
  /** Passers-by per deployment-hour, to turn a false alert rate into alerts per hour (the reader can change it). */
  passersByPerHour: number;
  /** The inline library scripts (vegaScripts()); tests pass '' to keep golden files small. */
  libraries: string;
}

/** Renders the threshold explorer for `results`. @example renderExplorer(results, { passersByPerHour: 3770, libraries: vegaScripts() }) */
export function renderExplorer(results: Results, options: ExplorerOptions): string {
  const data = explorerData(results, options.passersByPerHour);
  const t = data.algorithms[0]?.rows ?? [];
  const multi = results.algorithms.length > 1;
  const w = data.words;
  const hidden = w.perHour ? '' : ' hidden';
  const body = `<h1>Threshold explorer: ${esc(results.campaign.title)}</h1>
<p class="lede">Move the slider to see what each face-match threshold would mean: ${esc(w.lede)}, whether groups are treated differently, and whether the protocol's policy is met. One threshold applies to everyone.</p>
${explorerUseCaseLine(results.settings.useCase)}<noscript><p class="banner">This page needs JavaScript for the slider. The <a href="annex.html">technical annex</a> has the same numbers as tables.</p></noscript>
<div class="controls" id="controls">
${multi ? `<div><label for="algorithm">Algorithm</label> <select id="algorithm">${results.algorithms.map((a, i) => `<option value="${i}">${esc(a.label)}</option>`).join('')}</select></div>` : ''}
<div><label for="threshold">Face-match threshold: <output id="threshold-value" for="threshold">${t.length > 0 ? fmtT(t[0]?.t ?? 0) : ''}</output></label>
<input id="threshold" type="range" min="0" max="${Math.max(0, t.length - 1)}" step="1" value="0" list="operational">
<div class="slider-marks" aria-hidden="true"><span id="lowest-mark" hidden>&#9650; lowest meeting the policy</span></div></div>
<datalist id="operational">${data.operational.map((x, i) => `<option value="${data.operationalIndex[i] ?? -1}" label="${fmtT(x)}"></option>`).join('')}</datalist>
<p id="lowest" class="lowest"></p>
<p id="summary" class="summary"></p>
</div>
<section aria-labelledby="at-threshold"><h2 id="at-threshold">At this threshold</h2>
<p id="policy" class="policy" aria-live="polite"></p>
<div class="figures" aria-live="polite">
<div><span>Recognised</span><strong id="tpir">n/a</strong><span id="tpir-note"></span></div>
<div><span>${esc(w.falseLabel)}</span><strong id="fpir">n/a</strong><span id="fpir-note"></span></div>
<div${hidden}><span>Per deployment-hour</span><strong id="per-hour-value">n/a</strong><span id="per-hour-note"></span></div>
</div>
<p${hidden}><label for="per-hour">Passers-by per deployment-hour</label> <input id="per-hour" type="number" min="1" step="1" value="${options.passersByPerHour}"></p>
<h3>Between groups</h3>
<ul id="verdicts" class="verdicts" aria-live="polite"></ul>
<div id="chart"></div>
<div class="table-wrap" tabindex="0" id="groups-wrap"><table><caption>Rates by group (${data.level}% intervals; groups under ${data.minCellSize} searches suppressed${w.perHour ? '; false alerts by group come from the crowd where its sex and ethnicity are known, otherwise from filler searches scaled to the watchlist' : ''})</caption>
<thead><tr><th scope="col">Group</th><th scope="col">Grouped by</th><th scope="col">Recognised (TPIR)</th><th scope="col">${esc(w.falseColumn)}</th></tr></thead><tbody id="groups-body"></tbody></table></div>
<div class="table-wrap" tabindex="0"><table><caption>Differential indices between groups (point estimates; 1 and 0 mean equal)</caption>
<thead><tr><th scope="col">Grouped by</th><th scope="col">Error rate</th><th scope="col">Groups</th><th scope="col">Highest / lowest</th><th scope="col">Largest difference (percentage points)</th><th scope="col">GARBE</th><th scope="col">Note</th></tr></thead><tbody id="diff-body"></tbody></table></div>
</section>
<section aria-labelledby="across"><h2 id="across">Verdicts between groups at every threshold</h2>
<p>One row per grouping and error type, one column per threshold (the selected one is outlined): <span class="v significant-difference">D</span> a significant difference, <span class="v equivalent">E</span> equivalent within the margin, <span class="v no-significant-difference">N</span> no significant difference (not proof of equal treatment), <span class="v too-small-to-tell">?</span> too few people to tell.</p>
<div class="table-wrap" tabindex="0" id="map-wrap"><table class="verdict-map"><caption>Verdicts between groups across thresholds</caption><thead id="map-head"></thead><tbody id="map-body"></tbody></table></div>
<p>The verdicts come from the tests between groups in the analysis, run at every threshold on the slider; the policy check is the one <code>evenhand thresholds</code> makes. The differential indices are point estimates without tests; the <a href="annex.html">technical annex</a> gives the tests, their corrections and intervals, and the lowest threshold from which no test finds a difference.</p>
</section>
<script type="application/json" id="explorer-data">${inlineJson(data)}</script>
<script type="application/json" id="explorer-spec">${inlineJson(tradeOffSpec([], data.operational[0] ?? 0, w.chartFalse))}</script>
${options.libraries}
<script>${EXPLORER_CLIENT}</script>`;
  return page(results, `Threshold explorer: ${results.campaign.title}`, 'explorer.html', body);
}
