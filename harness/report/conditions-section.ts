/**
 * The annex's capture-conditions section: whether a demographic difference remains once capture conditions are
 * accounted for (the nested regressions, in words), each condition's effect, and recognition rates by condition bin
 * beside the groups, with the caveats a reader needs. Empty when the results carry no conditions.
 */
import type { AlgorithmResult, ConditionRegression, Results } from '../analyse/results-schema.ts';
import { Condition, isCondition } from '../campaign/index.ts';
import { sameThreshold } from '../metrics/index.ts';
import { count, pValueCell as p, percent, significant as num, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';

const OUTCOME = { miss: 'Missed matches', 'false-alert': 'False alerts' } as const;
const GROUPING = { sex: 'sex', ethnicity: 'ethnicity' } as const;

/** A condition's name for people: the vocabulary's label, or Camera / Deployment. */
export function conditionLabel(condition: string): string {
  if (isCondition(condition)) return `${Condition[condition].label} (${Condition[condition].unit})`;
  return condition === 'camera' ? 'Camera' : condition === 'deployment' ? 'Deployment' : condition;
}

/** One sentence on what adding the conditions did to a demographic test. */
export function adjustmentWords(unadjusted: number | null, adjusted: number | null, grouping: string, alpha: number): string {
  if (unadjusted === null || adjusted === null) return `No test by ${grouping} (see the notes).`;
  const before = unadjusted < alpha, after = adjusted < alpha;
  if (before && after) return `A difference by ${grouping} remains once the conditions are accounted for: the measured conditions do not explain it.`;
  if (before) return `A difference by ${grouping} is no longer significant once the conditions are accounted for: it may come from the conditions (who was filmed in which conditions) rather than the algorithm.`;
  if (after) return `A difference by ${grouping} shows only once the conditions are accounted for: the conditions were hiding it.`;
  return `No significant difference by ${grouping}, with or without the conditions.`;
}

function regressionRows(r: ConditionRegression, alpha: number): string[][] {
  return r.demographicTests.map((d) => [
    `${OUTCOME[r.outcome]} (${esc(r.population)}) at ${fmtT(r.threshold)}`, GROUPING[d.terms], p(d.unadjusted.pValue), p(d.adjusted.pValue),
    esc(adjustmentWords(d.unadjusted.pValue, d.adjusted.pValue, GROUPING[d.terms], alpha)),
  ]);
}

/** The section for one algorithm, or '' when its results have no capture conditions. */
export function conditionsSection(results: Results, a: AlgorithmResult): string {
  const c = a.conditions;
  if (c === undefined) return '';
  const alpha = results.settings.statistics.alpha;
  const out = ['<h3>Capture conditions</h3>',
    '<p>Each search\'s best shot was measured: face size (pixels between the eyes), head turn and tilt (from five landmarks), brightness and contrast of the face, sharpness (variance of the Laplacian) and the detector\'s score, with the camera and the time of day (docs/capture-conditions.md). A difference between groups can come from these conditions rather than from the algorithm: one group filmed more often in poor light, say. The table below compares a logistic regression on sex and ethnicity with one that adds the conditions, on the same searches, with standard errors robust to repeated passes by one volunteer.</p>'];
  const fitted = c.regressions.filter((r) => r.status === 'fitted');
  if (fitted.length > 0) {
    out.push(`<div class="table-wrap" tabindex="0">${table(`Does a demographic difference remain once conditions are accounted for? (${esc(a.label)}; Wald tests, significance level ${alpha})`,
      ['Outcome', 'Grouping', 'p without conditions', 'p with conditions', 'In words'], fitted.flatMap((r) => regressionRows(r, alpha)))}</div>`);
    const tests = fitted.flatMap((r) => r.conditionTests.map((t) => [`${OUTCOME[r.outcome]} (${esc(r.population)})`, esc(conditionLabel(t.condition)),
      t.notReported === null ? num(t.statistic) : esc(t.notReported), t.notReported === null ? num(t.df) : '', p(t.pValue)]));
    out.push(`<div class="table-wrap" tabindex="0">${table(`Effect of each condition, with sex and ethnicity held fixed (${esc(a.label)})`, ['Outcome', 'Condition', 'Wald statistic', 'df', 'p'], tests)}</div>`);
    for (const r of fitted) {
      const coef = r.coefficients.map((k) => [esc(k.term), num(k.estimate), num(k.se), p(k.pValue), num(k.oddsRatio), `${num(k.lower)} to ${num(k.upper)}`]);
      const ref = Object.entries(r.reference).map(([f, l]) => `${esc(f)} = ${esc(l)}`).join(', ');
      out.push(`<div class="table-wrap" tabindex="0">${table(`Logistic regression of ${r.outcome} (${esc(r.population)}) at ${fmtT(r.threshold)} on demographics and conditions: ${count(r.n)} searches, ${count(r.clusters)} volunteers; reference levels ${ref}`,
        ['Term', 'Estimate', 'Robust SE', 'p', 'Odds ratio', 'Odds ratio interval'], coef)}</div>`);
      if (r.eventsPerTerm !== null && r.eventsPerTerm < 10) {
        out.push(`<p>Few outcomes for this model: ${num(r.eventsPerTerm, 2)} of the rarer outcome per term (10 or more is the usual minimum), so its estimates are unstable and its tests unreliable; read it as a sketch, and use fewer conditions (analysis.conditions.model) or more searches.</p>`);
      }
      if (r.droppedTerms.length > 0) out.push(`<p>Not estimable (a condition that duplicates others, or an empty cell): ${esc(r.droppedTerms.join(', '))}.</p>`);
      if (r.separatedTerms.length > 0) out.push(`<p>Left out (a level with no outcome, or only outcomes): ${esc(r.separatedTerms.join(', '))}.</p>`);
    }
  }
  const unfitted = c.regressions.filter((r) => r.status !== 'fitted');
  if (unfitted.length > 0) out.push(`<p>No model for ${unfitted.map((r) => `${OUTCOME[r.outcome].toLowerCase()} (${esc(r.population)}): ${esc(r.status)}`).join('; ')}.</p>`);
  out.push(binTables(results, a));
  out.push('<p>Caveats:</p><ul>',
    '<li>This is an observational comparison: conditions that were not measured, or measured coarsely (in bins), can still explain a difference, and a difference that disappears is explained by the conditions only as far as the model is right.</li>',
    '<li>Some conditions are partly the person: the brightness and contrast of a face depend on skin tone as well as on the light, so holding them fixed can remove part of a real demographic difference. Read a vanished difference together with the rates by bin below.</li>',
    '<li>Conditions are those of the best shot of each pass only; passes in which no face was captured have no best shot and are not in this section (the failure-to-acquire table counts them).</li>',
    '<li>Head pose from five landmarks is rough (a few degrees to tens of degrees off for strongly turned heads); it separates frontal from turned faces, not one angle from the next.</li>',
    '<li>The intervals in the tables by bin treat each search as independent; repeated passes by one volunteer make them somewhat too narrow. The regressions account for that.</li>',
    '</ul>');
  return out.join('\n');
}

/** Recognition rates (TPIR) by bin of each condition, overall and per sex and ethnicity group, at the first operational threshold. */
function binTables(results: Results, a: AlgorithmResult): string {
  const c = a.conditions;
  const t = results.settings.operationalThresholds[0];
  if (c === undefined || t === undefined) return '';
  const groups = results.groups.filter((g) => g.level === 'overall' || g.level === 'sex' || g.level === 'ethnicity');
  const rates = c.rates.filter((r) => r.metric === 'TPIR' && sameThreshold(r.threshold, t));
  const out = [`<p>True positive identification rate by condition at ${fmtT(t)}: hits / searches in each bin, overall and per group (every rate, false alerts included, is in results.json).</p>`];
  for (const b of c.bins) {
    const present = groups.filter((g) => rates.some((r) => r.condition === b.condition && r.group === g.id));
    const rows = b.bins.map((bin) => [esc(bin.id), ...present.map((g) => {
      const r = rates.find((x) => x.condition === b.condition && x.bin === bin.id && x.group === g.id);
      return r === undefined ? '' : `${percent(r.estimate)} (${count(r.k)}/${count(r.n)})`;
    })]).filter((row) => row.slice(1).some((cell) => cell !== ''));
    if (rows.length === 0) continue;
    out.push(`<div class="table-wrap" tabindex="0">${table(`TPIR by ${esc(conditionLabel(b.condition))} (${esc(a.label)}; ${count(b.measured)} searches measured)`, ['Bin', ...present.map((g) => esc(g.label))], rows)}</div>`);
  }
  return out.join('\n');
}
