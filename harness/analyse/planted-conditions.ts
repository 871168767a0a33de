/**
 * A planted capture-condition effect, for tests and examples: a simulated searches table in which one group is
 * filmed in the dark more often and the dark, not the group, makes misses more likely.
 */
import type { Table } from 'apache-arrow';
import { createRng } from '../stats/rng.ts';
import { searchesWithConditionsBuilder } from '../store/table-builder.ts';

/** Planted: a pass in the dark (face brightness about 40) is missed with log-odds 1.5 higher; ethnicity has no effect of its own. */
export const DARK_LOG_ODDS = 1.5;

/**
 * A simulated searches table: 400 volunteers (half white, half black, each sex), 8 passes each. Black volunteers'
 * passes are filmed in the dark 70% of the time, white volunteers' 20% (a condition that differs by group, on
 * purpose); a miss has log-odds -2 + 1.5 x dark plus a volunteer effect (sd 0.3). The miss does not depend on
 * ethnicity once the light is known. Also 1,600 filler probes whose false alerts depend on nothing.
 */
export function plantedConditionsTable(seed: number): { table: Table; darkBlackMated: number } {
  const rng = createRng(seed, 0);
  const normal = (): number => Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
  const b = searchesWithConditionsBuilder();
  let darkBlackMated = 0;
  for (let v = 0; v < 400; v++) {
    const ethnicity = v % 2 === 0 ? 'white' : 'black';
    const sex = v % 4 < 2 ? 'female' : 'male';
    const own = 0.3 * normal();
    for (let p = 0; p < 8; p++) {
      const dark = rng.next() < (ethnicity === 'black' ? 0.7 : 0.2);
      if (dark && ethnicity === 'black') darkBlackMated++;
      const miss = rng.next() < 1 / (1 + Math.exp(-(-2 + DARK_LOG_ODDS * (dark ? 1 : 0) + own)));
      const conditions = {
        inter_eye_px: 30 + 40 * rng.next(), yaw_deg: 20 * (rng.next() - 0.5), pitch_deg: 10 * (rng.next() - 0.5),
        face_brightness: dark ? 30 + 20 * rng.next() : 110 + 40 * rng.next(), face_contrast: 30 + 10 * rng.next(), sharpness: 100 + 500 * rng.next(),
        detector_score: 0.9 + 0.09 * rng.next(), time_of_day_h: 9 + 8 * rng.next(),
      };
      const common = {
        deployment: 'd1', camera: p % 2 === 0 ? 'c1' : 'c2', t_start_ms: p * 1000, t_end_ms: p * 1000 + 500, subject_id: `v${v}`, sex, ethnicity, age_band: null,
        frames_seen: 10, face_size_px: 80, top_nonmate_id: 'f1', ...conditions,
      };
      b.add({ ...common, search_id: `pass-${v}-${p}`, source: 'volunteer', mated: true, mate_score: miss ? 0.4 : 0.8, mate_rank: 1, top_nonmate_score: 0.2, gallery_size: 2000 });
      if (p < 4) {
        b.add({ ...common, search_id: `filler-${v}-${p}`, source: 'filler_probe', mated: false, mate_score: null, mate_rank: null, top_nonmate_score: rng.next() < 0.1 ? 0.65 : 0.3, gallery_size: 20000 });
      }
    }
  }
  return { table: b.toTable(), darkBlackMated };
}
