/**
 * The site breakdown of a combined study (sites.json): a section of the technical annex (sites, rates by site, each
 * comparison tested pooled, stratified by site and for a difference that varies by site) and one plain sentence for
 * the public report on whether the sites agree.
 */
import type { Results } from '../analyse/results-schema.ts';
import { Agreement, type SiteAnalysis, type SiteComparison, type SiteTest } from '../combine/site-analysis-schema.ts';
import { count, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { LevelLabel } from './rate-lookup.ts';

const pText = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x < 0.0001 ? '&lt; 0.0001' : x.toFixed(4));
const testText = (t: SiteTest | null): string => (t === null ? 'n/a' : `${pText(t.pValue)}${t.pAdjusted === null ? '' : ` (adj. ${pText(t.pAdjusted)})`}`);
const metricWords = (c: SiteComparison): string => (c.metric === 'TPIR' ? 'how often people on the watchlist were recognised' : 'how often people were falsely matched');

/** The annex section: sites, rates by site at the operational thresholds, and the comparisons across sites. */
export function siteBreakdownSection(results: Results, sites: SiteAnalysis): string {
  const siteLabel = new Map(sites.sites.map((s) => [s.id, s.label]));
  const groupLabel = new Map(results.groups.map((g) => [g.id, g.label]));
  const strata = sites.settings.strata === 'deployment' ? 'deployments' : 'sites';
  const out = ['<section aria-labelledby="sites"><h2 id="sites">Sites</h2>',
    `<p>This study combines ${sites.runs.length} runs, analysed in ${sites.sites.length} ${strata}. The rates and tests above pool them all. Below, each of the ${strata} on its own, and each comparison between groups tested three ways: pooled (as above), with the site held fixed (Cochran-Mantel-Haenszel on counts divided by each site and group's design effect; logistic regression with a site term, standard errors robust to clustering by volunteer), and for a difference that varies by site (the group x site interaction; Breslow-Day for two groups). Adjusted p-values use the ${esc(sites.settings.correction)} correction across each algorithm's comparisons.</p>`,
    `<div class="table-wrap" tabindex="0">${table('Sites', ['Site', 'Runs', 'Deployments'], sites.sites.map((s) => [esc(s.label), esc(s.runs.join(', ')), count(s.deployments.length)]))}</div>`];
  for (const a of sites.algorithms) {
    const name = sites.algorithms.length > 1 ? ` (${esc(a.label)})` : '';
    const overall = a.rates.filter((r) => r.group === 'overall').map((r) => [esc(siteLabel.get(r.site) ?? r.site), esc(`${r.metric} (${r.population})`), fmtT(r.threshold), count(r.k), count(r.n), percent(r.estimate), `${percent(r.lower)} to ${percent(r.upper)}`]);
    const byGroup = a.rates.filter((r) => r.group !== 'overall').map((r) => [esc(siteLabel.get(r.site) ?? r.site), esc(`${r.metric} (${r.population})`), esc(groupLabel.get(r.group) ?? r.group), fmtT(r.threshold), count(r.k), count(r.n), percent(r.estimate), `${percent(r.lower)} to ${percent(r.upper)}`]);
    out.push(`<h3>Rates by site${name}</h3><div class="table-wrap" tabindex="0">${table(`Rates by site at the operational thresholds${name}`, ['Site', 'Rate', 'Threshold', 'k', 'n', 'Estimate', `${esc(sites.settings.interval)} interval`], overall)}</div>`);
    out.push(`<details class="full-table"><summary>Rates by site and group${name}: ${byGroup.length} rows</summary><div class="table-wrap" tabindex="0">${table(`Rates by site and group${name}`, ['Site', 'Rate', 'Group', 'Threshold', 'k', 'n', 'Estimate', 'Interval'], byGroup)}</div></details>`);
    const rows = a.comparisons.map((c) => [
      `${c.metric} (${esc(c.population)}) by ${esc(LevelLabel[c.level])} at ${fmtT(c.threshold)}`,
      c.pooled === null ? 'n/a' : `${pText(c.pooled.pValue)} (${esc(c.pooled.verdict)})`,
      c.cmh === null ? 'n/a' : `${testText(c.cmh)}${c.cmh.oddsRatio?.value != null ? `; OR ${c.cmh.oddsRatio.value.toPrecision(3)}` : ''}`,
      testText(c.regression.stratified), testText(c.regression.siteEffect), testText(c.regression.interaction),
      c.breslowDay === null ? 'n/a' : pText(c.breslowDay.taronePValue),
      c.bySite.map((s) => `${esc(siteLabel.get(s.site) ?? s.site)}: ${esc(s.verdict)}`).join('<br>'),
      `<span class="agreement ${c.agreement}">${esc(c.agreement)}</span>`,
    ]);
    out.push(`<h3>Comparisons across sites${name}</h3><div class="table-wrap" tabindex="0">${table(`Comparisons between groups, pooled and stratified by site${name}`,
      ['Comparison', 'Pooled p (verdict)', 'CMH p', 'Regression with site: group p', 'Site effect p', 'Group x site p', 'Breslow-Day p (Tarone)', 'Each site', 'Agreement'], rows)}</div>`);
    const notes = [...new Set(a.comparisons.flatMap((c) => c.regression.notes))];
    if (notes.length > 0) out.push(`<ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  out.push(`<dl>${Object.entries(Agreement).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></section>`);
  return out.join('\n');
}

/**
 * One plain paragraph for the public report: whether the sites agree, and if not, where they differ; whether a
 * difference seen when pooling comes from the sites instead of the groups.
 */
export function siteSentence(sites: SiteAnalysis): string {
  const label = new Map(sites.sites.map((s) => [s.id, s.label]));
  const names = sites.sites.map((s) => s.label);
  const all = sites.algorithms.flatMap((a) => a.comparisons.map((c) => ({ a, c })));
  const multi = sites.algorithms.length > 1;
  const what = ({ a, c }: { a: SiteAnalysis['algorithms'][number]; c: SiteComparison }): string =>
    `${metricWords(c)} by ${LevelLabel[c.level].toLowerCase()} at threshold ${fmtT(c.threshold)}${multi ? ` (${esc(a.label)})` : ''}`;
  const disagree = all.filter((x) => x.c.agreement === 'sites-disagree');
  const explained = all.filter((x) => x.c.agreement === 'explained-by-site');
  const hidden = all.filter((x) => x.c.agreement === 'hidden-when-pooled');
  const parts: string[] = [];
  if (disagree.length > 0) {
    const first = disagree[0];
    const differs = first === undefined ? [] : first.c.bySite.filter((s) => s.verdict === 'significant-difference').map((s) => esc(label.get(s.site) ?? s.site));
    parts.push(`<strong>The sites did not agree.</strong> The difference between groups in ${disagree.map(what).join('; in ')} varied from site to site more than chance explains${differs.length > 0 ? ` (a significant difference at ${differs.join(' and ')})` : ''}, so the figures on this page, which pool all sites, do not describe every site.`);
  }
  if (explained.length > 0) parts.push(`A difference between groups in ${explained.map(what).join('; in ')} appears when the sites are pooled, but not within any site: it comes from the sites differing and from who walked past the cameras where, not from the groups themselves.`);
  if (hidden.length > 0) parts.push(`Within sites, ${hidden.map(what).join('; ')} differed between groups, although pooling the sites hides it.`);
  if (parts.length === 0) parts.push(`The sites agreed: no difference between groups varied from site to site more than chance explains.`);
  const strata = sites.settings.strata === 'deployment' ? 'deployments' : 'sites';
  return `<section aria-labelledby="sites-note"><h2 id="sites-note">Several sites</h2><p>This study combines ${names.length} ${strata} (${esc(names.join('; '))}). ${parts.join(' ')} The <a href="annex.html#sites">technical annex</a> gives each site's figures.</p></section>`;
}
