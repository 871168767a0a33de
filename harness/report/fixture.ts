/**
 * A small hand-built results.json for tests of the report pages: two algorithms, a suppressed small group, a label
 * with HTML in it, comparisons, regressions and cluster-bootstrap intervals, as the full analysis will write them.
 */
import { equityThresholds } from '../analyse/equity-thresholds.ts';
import { RESULTS_SCHEMA_VERSION, ResultsSchema, type Comparison, type Rate, type Regression, type Results } from '../analyse/results-schema.ts';
import { clopperPearson, wilson } from '../stats/index.ts';

const THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7] as const;

/** Group ids and sizes of the fixture: [id, mated n, filler n]. `ethnicity:other` is below the minimum cell size. */
const GROUPS = [
  ['overall', 400, 380],
  ['sex:female', 200, 190],
  ['sex:male', 200, 190],
  ['ethnicity:asian', 190, 180],
  ['ethnicity:black', 200, 190],
  ['ethnicity:other', 10, 10],
] as const;

function rate(metric: Rate['metric'], population: string, group: string, threshold: number, k: number, n: number, bootstrap: boolean): Rate {
  const cp = clopperPearson(k, n, 0.95);
  const w = wilson(k, n, 0.95);
  return {
    metric, population, group, threshold, k, n,
    estimate: n === 0 ? null : k / n,
    intervals: {
      'clopper-pearson': cp,
      wilson: w,
      ...(bootstrap ? { 'cluster-bootstrap': { lower: Math.max(0, cp.lower - 0.01), upper: Math.min(1, cp.upper + 0.01) } } : {}),
    },
    oneIn: k === 0 ? null : n / k,
  };
}

function rates(shift: number): Rate[] {
  const out: Rate[] = [];
  THRESHOLDS.forEach((t, ti) => {
    GROUPS.forEach(([g, nm, nf], gi) => {
      const tpir = Math.max(0, Math.min(1, 0.97 - 0.08 * ti - shift - (gi === 4 ? 0.03 : 0)));
      const k = Math.round(tpir * nm);
      out.push(rate('TPIR', 'mated', g, t, k, nm, true), rate('FNIR', 'mated', g, t, nm - k, nm, true));
      out.push(rate('FPIR', 'filler_probe', g, t, fillerAlerts(gi, ti, nf), nf, false));
    });
    out.push(rate('FPIR', 'crowd', 'overall', t, Math.round(60 / (ti + 1) ** 3), 120_000, false));
  });
  return out;
}

/** False matches of layout group `gi` at threshold index `ti` against the filler gallery (Black, gi 4, has 1.6 times more). */
function fillerAlerts(gi: number, ti: number, nf: number): number {
  return Math.max(0, Math.round(nf * (0.05 / (ti + 1) ** 2) * (gi === 4 ? 1.6 : 1)) - (ti >= 3 ? 1 : 0));
}

/** FPIR (filler) by ethnicity, Asian vs Black, at threshold index `ti`, with the given verdict. */
function comparison(ti: number, verdict: Comparison['verdict']): Comparison {
  const est = (value: number): Comparison['differentials']['garbe'] => ({ value, lower: value / 2, upper: value * 2, undefinedReason: null, undefinedShare: 0 });
  const significant = verdict === 'significant-difference';
  return {
    metric: 'FPIR', population: 'filler_probe', level: 'ethnicity', threshold: THRESHOLDS[ti] as number,
    groups: [{ group: 'ethnicity:asian', k: fillerAlerts(3, ti, 180), n: 180 }, { group: 'ethnicity:black', k: fillerAlerts(4, ti, 190), n: 190 }],
    designEffect: 1.25, designEffectDf: 35,
    homogeneity: { method: 'fisher-exact', statistic: null, df: null, dfDenominator: null, pValue: significant ? 0.004 : 0.41, minExpected: 2.5, monteCarlo: null },
    pairwise: [{
      a: 'ethnicity:black', b: 'ethnicity:asian', difference: 0.012, lower: -0.01, upper: 0.034,
      pValue: significant ? 0.004 : 0.41, pAdjusted: significant ? 0.008 : 0.82,
      equivalencePValue: 0.03, equivalent: verdict === 'equivalent', bootstrap: { method: 'bca', lower: -0.008, upper: 0.031 },
    }],
    differentials: {
      maxMinRatio: est(1.6),
      garbe: est(0.12),
      fdr: est(0.988),
      log10RatioToReference: [{ group: 'ethnicity:black', reference: 'ethnicity:asian', estimate: est(0.2) }],
    },
    power: significant ? 0.93 : 0.85,
    verdict,
    reason: significant ? 'homogeneity-test' : verdict === 'equivalent' ? 'every-pair-equivalent' : 'equivalence-not-shown',
  };
}

const regression: Regression = {
  outcome: 'false-alert', population: 'filler_probe', threshold: 0.6, n: 380, clusters: 38,
  coefficients: [
    { term: '(Intercept)', estimate: -3.9, se: 0.4, z: -9.75, pValue: 1e-6, oddsRatio: 0.02, lower: 0.009, upper: 0.044 },
    { term: 'ethnicity:black', estimate: 0.47, se: 0.5, z: 0.94, pValue: 0.35, oddsRatio: 1.6, lower: 0.6, upper: 4.26 },
  ],
  status: 'fitted', reference: { sex: 'female', ethnicity: 'asian' }, interaction: false, flatCells: ['male+other'], droppedTerms: [], separatedTerms: [],
  converged: true, iterations: 6,
  waldTests: [{ terms: 'ethnicity', statistic: 0.88, df: 1, pValue: 0.35, notReported: null }, { terms: 'sex', statistic: null, df: null, pValue: null, notReported: 'separation' }],
};

/** The fixture: schema-valid results.json with two algorithms. @example renderPublicReport(reportFixture()) */
export function reportFixture(): Results {
  const demographics = {
    sex: [{ code: 'female', label: 'Female' }, { code: 'male', label: 'Male' }],
    ethnicity: [{ code: 'asian', label: 'Asian' }, { code: 'black', label: 'Black' }, { code: 'other', label: 'Other <b>&</b> "unlisted"' }],
  };
  const label = (id: string): string => {
    if (id === 'overall') return 'Everyone';
    const [dim, code] = id.split(':') as [string, string];
    return demographics[dim as 'sex' | 'ethnicity'].find((c) => c.code === code)?.label ?? code;
  };
  const algorithm = (id: string, labelText: string, shift: number, withStats: boolean): Results['algorithms'][number] => ({
    id, label: labelText,
    inputs: [{ role: 'searches', file: `runs/fixture/${id}/searches.arrow`, sha256: 'a'.repeat(64), rows: 120_780 }],
    counts: { searches: 120_780, mated: 400, subjects: 40, nonMated: { crowd: 120_000, filler_probe: 380 }, mateNotReturned: 4, noCandidates: 4, unknown: { sex: 0, ethnicity: 0, ageBand: 0 } },
    populations: [{ id: 'mated', kind: 'mated', gallerySize: 10_000 }, { id: 'filler_probe', kind: 'non-mated', gallerySize: 178_000 }, { id: 'crowd', kind: 'non-mated', gallerySize: 10_000 }],
    rates: rates(shift),
    ...(withStats ? withComparisons : { comparisons: [], equityThresholds: [], regressions: [] }),
  });
  // alpha: FPIR by ethnicity differs at 0.50 and 0.55, not from 0.60 up (equivalent from 0.65)
  const comparisons = (['significant-difference', 'significant-difference', 'no-significant-difference', 'equivalent', 'equivalent'] as const).map((v, ti) => comparison(ti, v));
  // failure to acquire: 4 mated searches with no candidate, 3 of them women's
  const fta = (group: string, k: number, n: number): NonNullable<Results['algorithms'][number]['failureToAcquire']>[number] => {
    const cp = clopperPearson(k, n, 0.95);
    const w = wilson(k, n, 0.95);
    return { population: 'mated', group, k, n, estimate: k / n, intervals: { 'clopper-pearson': { lower: cp.lower, upper: cp.upper }, wilson: { lower: w.lower, upper: w.upper } } };
  };
  const failureToAcquire = [fta('overall', 4, 400), fta('sex:female', 3, 200), fta('sex:male', 1, 200)];
  // who matched whom among filler searches: two same-ethnicity false alerts at 0.60, none at 0.65
  const codes = ['asian', 'black', 'other'] as const;
  const falseMatchPairs = [0.6, 0.65].flatMap((threshold) => codes.flatMap((probe) => codes.map((gallery) => ({
    population: 'filler_probe', threshold, probeEthnicity: probe, galleryEthnicity: gallery,
    alerts: threshold === 0.6 && probe === gallery && probe !== 'other' ? 1 : 0, searches: probe === 'other' ? 10 : 185,
  }))));
  const withComparisons = { comparisons, equityThresholds: equityThresholds(comparisons, THRESHOLDS, 0.05), regressions: [regression], failureToAcquire, falseMatchPairs };
  return ResultsSchema.parse({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generator: { name: 'evenhand', version: '0.1.0' },
    campaign: { id: 'fixture', title: 'Fixture campaign <script>alert(1)</script>', description: 'A small hand-made campaign for tests.', simulated: true },
    settings: {
      confidenceLevel: 0.95, headlineInterval: 'clopper-pearson', rank: 1, thresholds: [...THRESHOLDS], operationalThresholds: [0.6, 0.65],
      minCellSize: 20, watchlistSize: 10_000, demographics,
      statistics: { alpha: 0.05, correction: 'holm', equivalenceMargin: 0.05, fpirEquivalenceRatio: 2, minPower: 0.8, bootstrap: { replicates: 2000, unit: 'subject', seed: 2023 } },
    },
    runInputs: {
      policy: { maxFpirOneIn: 6000, minTpir: 0.7, equity: 'no-significant-difference', passersByPerHour: 3770 },
      exclusions: [{ algorithm: 'alpha', reason: 'failed-to-enrol', count: 2, byGroup: { 'female/black': 1, 'male/asian': 1 } }, { algorithm: null, reason: 'identity-single-image', count: 0, byGroup: {} }],
    },
    groups: GROUPS.map(([id]) => ({
      id, level: id === 'overall' ? 'overall' : id.split(':')[0], label: label(id),
      codes: id === 'overall' ? {} : { [id.split(':')[0] as string]: id.split(':')[1] as string },
    })),
    algorithms: [algorithm('alpha', 'Algorithm A', 0, true), algorithm('beta', 'Algorithm <B>', 0.04, false)],
  });
}
