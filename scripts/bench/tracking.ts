/**
 * Tracking and capture on a rehearsal with five people in view at once (five lanes, two overlapping cameras, place
 * ground truth, lighting changes, no motion blur or occluders so that the still photos stay recognisable), through
 * both algorithms: tracks per acquired pass, failures to acquire, the tracking measures as TrackEval defines them
 * (IDF1, ID switches, fragmentations per pass, MOTA), and the TPIR gap between searching each pass's still photo
 * and the same pass through the footage. Takes minutes; needs the shared lfw-dev folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProtocol, RehearsalSchema } from '../../harness/campaign/index.ts';
import { sharedDir } from '../../harness/footage/index.ts';
import { ffmpegTools, rehearse, RehearsalFiles } from '../../harness/rehearse/index.ts';
import { runCampaign, stillPhotoSearch } from '../../harness/run/index.ts';
import { readArrowFile } from '../../harness/store/read-arrow-file.ts';

export const title = 'tracking and capture with five people in view: tracks per pass, failures to acquire, IDF1 / ID switches / Frag, TPIR gap photos vs footage';

const ALGORITHMS = ['faceplugin-v1', 'blazeface+faceplugin'];
const THRESHOLDS = [0.4, 0.5];

export async function run(): Promise<void> {
  const faces = path.join(sharedDir(), 'datasets', 'lfw-dev');
  if (!existsSync(faces)) { console.log(`skipped: ${faces} not found (set EVENHAND_SHARED)`); return; }
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-bench-tracking-'));
  try {
    const protocol = path.join(dir, 'protocol.json');
    writeFileSync(protocol, JSON.stringify({
      id: 'bench-tracking', title: 'Tracking bench', algorithms: ALGORITHMS.map((id) => ({ id })),
      thresholds: { from: 0.2, to: 0.8, step: 0.1 }, operationalThresholds: THRESHOLDS, watchlist: { size: 100 }, report: { minCellSize: 1 },
    }));
    const campaign = loadProtocol(protocol);
    const settings = RehearsalSchema.parse({
      volunteers: 40, nonEnrolledVolunteers: 0, passesPerVolunteer: 2, crowdPasses: 60, fillerGallerySize: 20, deployments: 1, cameras: 2,
      overlappingViews: true, lanes: 5, width: 640, height: 480, fps: 10, gapMs: { min: 0, max: 300 }, effects: { lighting: 0.2 },
    });
    const rehearsal = path.join(dir, 'rehearsal');
    mkdirSync(rehearsal);
    const r = await rehearse({ faces, campaign, settings, seed: 11, out: rehearsal, tools: ffmpegTools() });
    console.log(`rehearsal: ${r.passes} volunteer passes and ${r.crowdPasses} crowd passes on 2 overlapping cameras, 5 lanes, ${r.frames} frames (640x480, 10 fps), seed 11`);
    const out = path.join(dir, 'run');
    const t0 = performance.now();
    const outcome = await runCampaign({ protocol, dataset: path.join(rehearsal, RehearsalFiles.manifest), out });
    console.log(`evenhand run: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    for (const alg of ALGORITHMS) {
      const s = outcome.adjudication[alg];
      if (s === undefined) continue;
      const t = s.tracking;
      const fta = (s.volunteerPasses - s.volunteerPassesAcquired) / Math.max(1, s.volunteerPasses);
      console.log(`${alg}:`);
      console.log(`  tracks per acquired pass ${s.tracksPerAcquiredPass?.toFixed(3) ?? 'n/a'} (target <= 1.2); failures to acquire ${s.volunteerPasses - s.volunteerPassesAcquired}/${s.volunteerPasses} = ${(100 * fta).toFixed(1)}% (target < 3%)`);
      if (t !== null) console.log(`  IDF1 ${t.idf1?.toFixed(3)}, ID switches ${t.idSwitches}, fragmentations per pass ${t.fragmentationsPerPass?.toFixed(2)}, MOTA ${t.mota?.toFixed(3)} (${t.passes} passes, ${t.frames} frames; detection centre in the pass's box)`);
      const time = s.sensitivity.find((x) => x.rule === 'time' && x.minOverlap === s.rule.minOverlap);
      console.log(`  ambiguous tracks: ${s.ambiguousTracks} with place, ${time?.ambiguousTracks ?? 'n/a'} with time alone (${time?.tiedTracks ?? 'n/a'} decided by the tie rule)`);
      const still = await stillPhotoSearch({ rehearsal, faces, algorithm: alg, watchlistGallery: path.join(out, alg, 'watchlist-gallery') });
      const searches = readArrowFile(path.join(out, alg, 'searches.arrow'));
      const ids = searches.getChild('search_id')?.toArray() as string[];
      const mated = searches.getChild('mated')?.toArray() as boolean[];
      const rank = searches.getChild('mate_rank')?.toArray() as (number | null)[];
      const score = searches.getChild('mate_score')?.toArray() as (number | null)[];
      const footage = new Map<number, { rank: number | null; score: number | null }>();
      ids.forEach((id, i) => { if (id.startsWith('pass-') && mated[i]) footage.set(Number(id.slice(5)) - 1, { rank: rank[i] ?? null, score: score[i] ?? null }); });
      const same = still.filter((x) => footage.has(x.pass));
      for (const th of THRESHOLDS) {
        const photos = same.filter((x) => x.mateRank === 1 && (x.mateScore ?? -1) >= th).length;
        const walked = same.filter((x) => { const f = footage.get(x.pass); return f?.rank === 1 && (f.score ?? -1) >= th; }).length;
        console.log(`  TPIR at ${th.toFixed(2)}: still photos ${photos}/${same.length} (${(100 * photos / same.length).toFixed(1)}%), footage ${walked}/${same.length} (${(100 * walked / same.length).toFixed(1)}%), gap ${(100 * (photos - walked) / same.length).toFixed(1)} points`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
