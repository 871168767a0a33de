/** `evenhand import-alerts`: a live system's alert log adjudicated against the manifest's ground truth, into the contract. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadManifest } from '../campaign/load-manifest.ts';
import { Bounds } from '../core/bounds.ts';
import { importAlerts, loadLogFormat, writeImport, IMPORT_FILES, IMPORT_OUTPUT } from '../import/index.ts';
import { checkOutputTarget } from '../store/output-location.ts';
import { boundedOption, pathOption } from './option-values.ts';
import { allowRootOption, manifestDimensions, outOption, say } from './options.ts';

interface Args {
  dataset: string; log: string; format: string; out: string; protocol?: string; 'allow-root': string[]; 'face-counts'?: string; watchlist?: string;
  'clock-offset-ms': number; 'clock-tolerance-ms': number; 'max-clock-shift-s': number; 'top-k': number; strict: boolean;
}

export const importAlertsCommand: CommandModule<object, Args> = {
  command: 'import-alerts',
  describe: 'Import a live system\'s alert log: adjudicate it against the manifest\'s ground truth, into searches.arrow + candidates.arrow',
  builder: (y) => y
    .option('dataset', pathOption('--dataset', 'Dataset manifest (volunteers, their passes, crowd estimates)'))
    .option('allow-root', allowRootOption)
    .option('log', pathOption('--log', 'The alert log (CSV, JSON lines or JSON)'))
    .option('format', pathOption('--format', 'evenhand-csv, evenhand-jsonl, or a format file (YAML/JSON) mapping a vendor\'s columns, times, cameras and score scale (docs/black-box.md)'))
    .option('out', outOption('the import (searches.arrow, candidates.arrow, import.json)'))
    .option('protocol', pathOption('--protocol', 'Protocol whose demographic categories the manifest uses (default: the built-in categories)', false))
    .option('face-counts', pathOption('--face-counts', 'The system\'s face-count log, read with the format\'s faceCounts columns: the crowd\'s count when the manifest has no crowd estimate', false))
    .option('watchlist', pathOption('--watchlist', 'File of the live watchlist\'s ids, one per line (default: the manifest\'s enrolled volunteers)', false))
    .option('clock-offset-ms', boundedOption('--clock-offset-ms', Bounds.clockOffsetMs, 'Ground-truth time = logged time + this (ms): the log clock\'s known error', 0))
    .option('clock-tolerance-ms', boundedOption('--clock-tolerance-ms', Bounds.clockToleranceMs, 'An alert this close to a pass (ms) counts as during it', 1000))
    .option('max-clock-shift-s', boundedOption('--max-clock-shift-s', Bounds.clockShiftSeconds, 'Largest offset (s, either way) the clock check searches when it estimates the offset from the volunteers\' own alerts', 600))
    .option('top-k', boundedOption('--top-k', Bounds.topK, 'Candidates kept per search', 10))
    .option('strict', { type: 'boolean', default: false, describe: 'Fail on any unusable row (default: leave it out, named and counted)' })
    .epilog([
      'Rules (docs/black-box.md): an alert for volunteer X during one of X\'s passes at that camera is a true positive for that pass (duplicate alerts for a pass count once, best score kept); an alert for a watchlist subject during nobody\'s pass, or for X during Y\'s pass, is a false alert, attributed to the passer when the log has a face box and the manifest the pass\'s place, else to the crowd.',
      'FPIR among passers-by divides by the crowd\'s count: the manifest\'s crowd estimates, or --face-counts; neither is a census, and import.json says which was used.',
      'Unusable rows (file, line, field), alerts at unknown cameras, subjects off the watchlist and times outside every deployment are left out and counted in import.json, never dropped silently. The clock check warns when the volunteers\' own alerts suggest another offset.',
      'Then: evenhand analyse --searches OUT/searches.arrow --candidates OUT/candidates.arrow. Exit code 2 for bad input (nothing written).',
    ].join('\n\n'))
    .example('evenhand import-alerts --dataset datasets/examples/alert-logs/manifest.json --log datasets/examples/alert-logs/vendor-a.csv --format datasets/examples/alert-logs/vendor-a.yaml --out runs/vendor-a', 'a CSV export with local times'),
  handler: async (args) => {
    const inputs = [args.dataset, args.log, args.format, args.protocol, args['face-counts'], args.watchlist].filter((x): x is string => x !== undefined);
    checkOutputTarget({ kind: IMPORT_OUTPUT, dir: args.out, option: '--out', inputs });
    const manifest = loadManifest(args.dataset, manifestDimensions(args.protocol), { allowRoots: args['allow-root'], filesMustExist: false }); // a log's truth is the passes: no image is read
    const format = loadLogFormat(args.format);
    const imported = await importAlerts({
      manifest, manifestFile: args.dataset, log: args.log, format, formatSource: args.format, faceCounts: args['face-counts'], watchlist: args.watchlist,
      offsetMs: args['clock-offset-ms'], toleranceMs: args['clock-tolerance-ms'], maxShiftMs: args['max-clock-shift-s'] * 1000, topK: args['top-k'], strict: args.strict,
    });
    await writeImport(args.out, imported, inputs);
    const s = imported.summary;
    for (const line of imported.problemLines.slice(0, 20)) say(`left out: ${line}`);
    if (imported.problemLines.length > 20) say(`left out: ... and ${imported.problemLines.length - 20} more unusable rows (all in import.json's problems, the first 100)`);
    if (s.excluded.unknownSubjects.candidates > 0) say(`left out: ${s.excluded.unknownSubjects.candidates} candidate(s) naming ${Object.keys(s.excluded.unknownSubjects.subjects).length} subject(s) not on the watchlist (${s.excluded.unknownSubjects.alertsLeftOut} alert(s) had no other candidate)`);
    if (s.excluded.unknownCameras.alerts > 0) say(`left out: ${s.excluded.unknownCameras.alerts} alert(s) at camera(s) the manifest does not have: ${Object.keys(s.excluded.unknownCameras.cameras).join(', ')}`);
    if (s.excluded.outsideDeployment > 0) say(`left out: ${s.excluded.outsideDeployment} alert(s) outside every deployment's time span`);
    const c = s.clock;
    if (c?.warning === true) {
      say(`warning: clock: the volunteers' own alerts suggest an offset of ${c.estimatedOffsetMs ?? '?'} ms (${c.matchedAtEstimate} of ${c.volunteerAlerts} inside their passes) rather than the ${c.offsetMs} ms used (${c.matchedAtConfigured}); check the log's clock and set --clock-offset-ms`);
    }
    if (s.crowd !== null && !s.crowd.census) say(`note: FPIR among passers-by divides by ${s.crowd.total} people from ${s.crowd.source}${s.crowd.methods.length > 0 ? ` (${s.crowd.methods.join('; ')})` : ''}: an estimate, not a census`);
    if (imported.operator !== null) say(`operator decisions recorded (${s.decisions.confirmed} confirmed, ${s.decisions.dismissed} dismissed): the combined human + algorithm system is in ${path.join(args.out, IMPORT_FILES.operator)}/; analyse it beside the algorithm alone (--searches ${path.join(args.out, IMPORT_FILES.searches)} --searches ${path.join(args.out, IMPORT_FILES.operator, IMPORT_FILES.searches)})`);
    console.log(`wrote ${path.join(args.out, IMPORT_FILES.searches)}, ${IMPORT_FILES.candidates} and ${IMPORT_FILES.summary}: ${s.alerts} alerts into ${s.searches.volunteer} volunteer pass searches, ${s.searches.crowdPasses + s.searches.nobody + s.searches.emptyCrowd} crowd searches`);
  },
};
