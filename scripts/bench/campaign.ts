/**
 * The CI rehearsal campaign (protocols/rehearsal-ci.json) end to end: wall time of the rehearsal, then of each stage
 * of `evenhand run` (enrolment, one replay per algorithm searching the watchlist and the filler gallery, adjudication,
 * analysis, report). One run: it takes minutes. Needs the shared lfw-dev folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProtocol } from '../../harness/campaign/index.ts';
import { sharedDir } from '../../harness/footage/index.ts';
import { ffmpegTools, rehearse, resolveRehearsalSettings } from '../../harness/rehearse/index.ts';
import { runCampaign } from '../../harness/run/index.ts';

export const title = 'the CI rehearsal campaign: wall time per stage';

export async function run(): Promise<void> {
  const protocol = 'protocols/rehearsal-ci.json';
  const faces = path.join(sharedDir(), 'datasets', 'lfw-dev');
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-bench-campaign-'));
  try {
    const campaign = loadProtocol(protocol);
    const out = path.join(dir, 'rehearsal');
    mkdirSync(out);
    let t0 = performance.now();
    const r = await rehearse({ faces, campaign, settings: resolveRehearsalSettings(campaign), seed: 1, out, tools: ffmpegTools() });
    console.log(`${'rehearse'.padEnd(52)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s  (${r.frames} frames, ${r.passes} volunteer passes, ${r.crowdPasses} crowd passes)`);
    t0 = performance.now();
    const outcome = await runCampaign({ protocol, dataset: r.manifestFile, out: path.join(dir, 'run') });
    for (const [stage, s] of Object.entries(outcome.stageSeconds)) console.log(`${stage.padEnd(52)} ${s.toFixed(1).padStart(7)} s`);
    console.log(`${'evenhand run in all'.padEnd(52)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
