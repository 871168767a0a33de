/**
 * Why an alert went where it went (attribute-alerts.ts), with the sentence the report shows: in a module of its own,
 * so that the import summary's schema (read by `analyse` beside a table made from a log) needs none of the
 * attribution's code.
 */
export const AttributionReason = {
  'own-pass': 'It names a volunteer passing that camera at the time: a true positive for that pass',
  'other-passer-by-place': 'A false alert during another volunteer\'s pass, attributed to that passer by the face box and the pass\'s place',
  'other-passer-by-time': 'A false alert during another volunteer\'s pass, the only pass then (every pass known)',
  'other-passer-to-crowd': 'A false alert during another volunteer\'s pass without a face box or place to tell: attributed to the crowd',
  'crowd-pass': 'A false alert during a known crowd pass, attributed to it by place or, as the only pass then, by time',
  'outside-any-pass': 'A false alert when no volunteer (nor known crowd pass) was passing that camera',
  'ambiguous': 'Several passes at the time and neither the names nor the place could tell whose face it was',
} as const;
export type AttributionReason = keyof typeof AttributionReason;
