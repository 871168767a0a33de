/**
 * The report's account of results made from a deployed system's log (evenhand import-alerts): in the public methods,
 * plain words on where the data came from, what the false alert rate divides by and which thresholds the log covers;
 * in the annex, the vendor's own setting beside each of our thresholds (what an operator actually enters), the clock
 * check, and how the alerts were attributed. Counts only; no ids of people.
 */
import type { AlgorithmResult, Results } from '../analyse/results-schema.ts';
import { AttributionReason, CrowdCountSource, toVendorScore, type ImportSummary } from '../import/index.ts';
import { count, oneIn, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';

const REASONS = new Map<string, string>(Object.entries(AttributionReason));
const vendorValue = (s: ImportSummary, t: number): string => {
  const v = toVendorScore(s.scores.scale, t);
  return v === null ? 'outside the vendor scale\'s table' : String(Number(v.toPrecision(6)));
};

/** The public methods' items on log imports (one or two per algorithm made from a log); '' when none was. */
export function logImportItems(results: Results): string {
  const multi = results.algorithms.length > 1;
  return results.algorithms.flatMap((a) => {
    const s = a.logImport;
    if (s === undefined) return [];
    // the combined system is described with the algorithm it reviews (operatorItem)
    if (s.system === 'algorithm+operator' && results.algorithms.some((b) => b.logImport?.system === 'algorithm' && b.logImport.log.sha256 === s.log.sha256)) return [];
    const who = multi ? `For ${esc(a.label)}, ` : '';
    const ops = results.settings.operationalThresholds.map((t) => `${fmtT(t)} on our scale is ${esc(vendorValue(s, t))} on the system's own scale`).join('; ');
    const source = s.kind === 'candidate-lists'
      ? `the scores come from the vendor's own system, run on the face images Evenhand took from the footage (${count(s.alerts)} candidate lists); who each face belonged to comes from the campaign's ground truth.`
      : `the results come from the live system's own alert log (${count(s.alerts)} alerts used), matched to the volunteers' passes by camera and time: an alert naming a volunteer during their own pass is a recognition, any other alert a false alert.`;
    const items = [`<li>${who}${source} ${s.scores.coversFrom === null ? '' : `The log only holds alerts scoring at least ${fmtT(s.scores.coversFrom)} on our scale, so lower thresholds cannot be judged from it. `}Thresholds: ${ops}.</li>`];
    const partner = results.algorithms.find((b) => b.logImport?.system === 'algorithm+operator' && b.logImport.log.sha256 === s.log.sha256 && b.id !== a.id);
    if (s.system === 'algorithm' && partner !== undefined) items.push(operatorItem(results, a, partner));
    if (s.crowd !== null && !s.crowd.census) {
      items.push(`<li>${who}the false alert rate among passers-by divides by ${count(s.crowd.total)} people, ${s.crowd.source === 'face-count-log' ? 'the faces the system itself counted' : 'an estimate of the crowd'}${s.crowd.methods.length > 0 ? ` (${esc(s.crowd.methods.join('; '))})` : ''}: not a head count, so this rate is less certain than its interval shows.</li>`);
    }
    return items;
  }).map((item) => `\n${item}`).join('');
}

const overall = (a: AlgorithmResult, metric: string, population: string, t: number): number | null =>
  a.rates.find((r) => r.metric === metric && r.population === population && r.group === 'overall' && Math.abs(r.threshold - t) < 1e-9)?.estimate ?? null;

/** What the operator changes, in plain words, at each operational threshold: recognitions and false alerts, alone and reviewed. */
function operatorItem(results: Results, alone: AlgorithmResult, reviewed: AlgorithmResult): string {
  const r = reviewed.logImport?.review;
  const dismissed = r == null ? '' : ` Operators dismissed ${count(r.trueDismissed)} of ${count(r.trueConfirmed + r.trueDismissed)} correct alerts and ${count(r.falseDismissed)} of ${count(r.falseConfirmed + r.falseDismissed)} false ones${r.undecided > 0 ? `; ${count(r.undecided)} alert(s) had no decision recorded and count as not acted on` : ''}.`;
  const at = results.settings.operationalThresholds.map((t) => {
    const tp = [overall(alone, 'TPIR', 'mated', t), overall(reviewed, 'TPIR', 'mated', t)];
    const fp = [overall(alone, 'FPIR', 'crowd', t), overall(reviewed, 'FPIR', 'crowd', t)];
    return `at ${fmtT(t)}, people on the watchlist recognised ${percent(tp[0] ?? null)} by the system alone and ${percent(tp[1] ?? null)} once an operator confirmed; false alerts among passers-by ${oneIn(fp[0] ?? null)} alone and ${oneIn(fp[1] ?? null)} confirmed`;
  }).join('; ');
  return `<li>An operator reviewed each alert (${esc(reviewed.label)} is the system with that review: an alert counts only when confirmed): ${at}.${dismissed} The tables and tests by group for both are in the report and the annex.</li>`;
}

/** The annex section of one algorithm's log import; '' when its results were not made from a log. */
export function logImportSection(results: Results, a: AlgorithmResult): string {
  const s = a.logImport;
  if (s === undefined) return '';
  const thresholds = table(`Our thresholds and the vendor's own settings (${a.label})`, ['Threshold (0..1)', 'Vendor setting'],
    results.settings.operationalThresholds.map((t) => [fmtT(t), esc(vendorValue(s, t))]));
  const e = s.excluded;
  const rows: [string, string][] = [
    ['Log format', esc(s.format)],
    ['Rows read', count(s.log.rows)],
    ['Alerts used', count(s.alerts)],
    ['Rows that could not be read', count(e.malformedRows)],
    ['Alerts at unknown cameras', count(e.unknownCameras.alerts)],
    ['Candidates not on the watchlist (alerts left with none)', `${count(e.unknownSubjects.candidates)} (${count(e.unknownSubjects.alertsLeftOut)})`],
    ['Alerts outside every deployment', count(e.outsideDeployment)],
    ['Duplicate alerts merged into one search', count(s.attribution?.duplicates ?? 0)],
    ['Watchlist size', count(s.watchlist.size)],
    ['Alert threshold of the live system', s.scores.alertThreshold === null ? 'not given' : `${s.scores.alertThreshold.vendor} (vendor) = ${fmtT(s.scores.alertThreshold.protocol)}`],
    ['Crowd count (FPIR denominator)', s.crowd === null ? 'none needed' : `${count(s.crowd.total)}: ${esc(CrowdCountSource[s.crowd.source])}`],
  ];
  if (s.clock !== null) {
    rows.push(['Clock offset used / estimated (ms)', `${s.clock.offsetMs} / ${s.clock.estimatedOffsetMs ?? 'n/a'} (${count(s.clock.matchedAtConfigured)} / ${count(s.clock.matchedAtEstimate)} of ${count(s.clock.volunteerAlerts)} volunteer alerts inside their passes)${s.clock.warning ? ': the estimate disagrees with the offset used' : ''}`]);
  }
  const reasons = s.attribution === null ? '' : table(`How alerts were attributed (${a.label})`, ['Rule', 'Alerts'],
    Object.entries(s.attribution.reasons).map(([k, n]) => [esc(REASONS.get(k) ?? k), count(n)]));
  return `<h3>From the system's log</h3>${table(`The log import (${a.label})`, ['', ''], rows)}${thresholds}${reasons}`;
}
