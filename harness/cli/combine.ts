/** `evenhand combine`: several runs analysed as one study, with sites as strata. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { combineRuns, writeCombined } from '../combine/index.ts';
import { AUDIT_LOG_FILE } from '../govern/index.ts';
import { renderReportSet } from '../report/index.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { RUN_RECORD_FILE } from '../store/run-record.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { choiceOption, positionalPaths, textOption } from './option-values.ts';
import { outOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { runs: string[]; out: string; id?: string; title?: string; strata: string }

/** What `combine` writes: the pooled and per-site analyses, sites.json, the report and the study's run record. */
export const COMBINED_OUTPUT: OutputKind = {
  name: 'combined',
  legacyNames: ['results.json', 'sites.json', 'sites', 'report', 'provenance.json', RUN_RECORD_FILE, AUDIT_LOG_FILE, /^protocol\.(json|ya?ml)$/],
};

const STRATA = ['site', 'deployment'] as const;
const isStrata = (s: string): s is (typeof STRATA)[number] => (STRATA as readonly string[]).includes(s);

export const combineCommand: CommandModule<object, Args> = {
  command: 'combine <runs..>',
  describe: 'Analyse several runs (sites, deployments, forces) as one study, stratified by site',
  builder: (y) => y
    .positional('runs', positionalPaths('RUN', 'Run folders (evenhand run or simulate), each DIR or LABEL=DIR', 'a run folder, DIR or LABEL=DIR'))
    .option('out', outOption('the combined study (results.json, sites.json, sites/, report/)'))
    .option('id', textOption('--id', 'Id of the combined study (default combined-<campaign ids>)', { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, expected: 'an id of up to 100 letters, digits, _ . -' }))
    .option('title', textOption('--title', 'Title of the combined study (default "Combined study: <titles>")', { expected: 'a title of one line' }))
    .option('strata', choiceOption('--strata', STRATA, 'Strata of the tests and the breakdown: sites, or each deployment on its own', 'site'))
    .epilog([
      'Each run keeps its own ids, qualified by its label (label/v017), and its deployments\' sites (a simulation is one site named by its label; give simulate --site to name it). The runs must use the same algorithms at the same versions (tool, model hashes, replay settings) and protocols that agree on everything the analysis reads (thresholds, demographic categories, watchlist, filler gallery, analysis and report settings); otherwise the command names the first difference and exits 2.',
      'Writes results.json (the pooled analysis, readable by report and thresholds), sites/<site>/results.json (each site alone), sites.json (each comparison between groups tested pooled, stratified by site with the Cochran-Mantel-Haenszel test and a logistic regression with a site term, cluster-robust by volunteer, and for a difference that varies by site: the group x site interaction and Breslow-Day), report/ (the annex gains a site breakdown; the public page says whether the sites agree), provenance.json and the run record. No search-level table is kept: the runs remain the source.',
    ].join('\n\n'))
    .example('evenhand combine london=runs/met-2026 cardiff=runs/swp-2026 --out runs/combined', 'two forces as one study'),
  handler: async (args) => {
    const runDirs = args.runs.map((r) => (/^[A-Za-z0-9][A-Za-z0-9_.-]*=/.test(r) ? r.slice(r.indexOf('=') + 1) : r));
    const target: OutputTarget = { kind: COMBINED_OUTPUT, dir: args.out, option: '--out', inputs: runDirs };
    checkOutputTarget(target);
    const strata = isStrata(args.strata) ? args.strata : 'site';
    const study = combineRuns({ runs: args.runs, id: args.id, title: args.title, strata, log: say });
    await writeOutputFolder(target, async (dir) => {
      await writeCombined(dir, args.out, study);
      say('report');
      const files = await renderReportSet(study.results, { sites: study.siteAnalysis, passersByPerHour: study.campaign.policy.passersByPerHour });
      for (const [name, data] of files) writeFileAtomic(path.join(dir, 'report', name), data);
    });
    if (study.results.campaign.simulated) say(SIMULATED_BANNER);
    const codes = study.siteAnalysis.algorithms.flatMap((a) => a.comparisons.map((c) => c.agreement));
    const tally = ['sites-disagree', 'explained-by-site', 'hidden-when-pooled', 'consistent', 'not-tested'].map((k) => `${codes.filter((c) => c === k).length} ${k}`).join(', ');
    console.log(`combined ${study.runs.length} runs at ${study.sites.length} sites (${study.sites.map((s) => s.label).join(', ')}): comparisons ${tally}`);
    console.log(`wrote ${path.join(args.out, 'results.json')}, ${path.join(args.out, 'sites.json')} and ${path.join(args.out, 'report', 'index.html')}`);
  },
};
