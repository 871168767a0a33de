/**
 * loadScoreScale: the score mapping of a mapping file (YAML or JSON): its `score.scale` (identity, linear or table),
 * checked as the alert-log import checks it. An alert log's mapping file serves as it is, so a vendor's candidate
 * lists and its live alert log are mapped onto the protocol's 0..1 scale the same way.
 */
import { z } from 'zod';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError } from '../core/input-error.ts';
import { ScoreScaleSchema, scaleProblems, type ScoreScale } from './score-scale.ts';

/** The part of a mapping file read here: other fields (an alert log's columns, times) may be there and are not used. */
const ScoreMappingSchema = z.looseObject({ score: z.looseObject({ scale: ScoreScaleSchema }) });

/**
 * The scale in `file`'s `score.scale`.
 * @throws InputError naming the file and `score.scale` when it is missing, of an unknown kind, or out of order.
 * @example loadScoreScale('datasets/examples/alert-logs/vendor-a.yaml') // { kind: 'linear', vendor: [0, 100], evenhand: [0, 1] }
 */
export function loadScoreScale(file: string): ScoreScale {
  if (!/\.(ya?ml|json)$/i.test(file)) throw new InputError(file, [{ path: '', expected: 'a mapping file (.yaml, .yml or .json) with score.scale' }]);
  const { scale } = parseWithSchema(ScoreMappingSchema, readStructuredFile(file), file).score;
  const problems = scaleProblems(scale);
  if (problems.length > 0) throw new InputError(file, problems.map((expected) => ({ path: 'score.scale', expected })));
  return scale;
}
