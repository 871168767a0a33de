/** LogAlert: one alert of a vendor log after parsing: where and when on the deployment's clock, and its candidates. */

/** An operator's decision on an alert. */
export const Decision = {
  confirmed: 'The operator confirmed the alert (took it as a match)',
  dismissed: 'The operator dismissed the alert',
} as const;
export type Decision = keyof typeof Decision;

/** A candidate of an alert: the watchlist id (after the format's subject mapping) and its score on both scales. */
export interface AlertCandidate {
  subject: string;
  vendorScore: number;
  /** On the protocol's 0..1 scale. */
  score: number;
}

/** One alert, parsed. */
export interface LogAlert {
  /** Line (or JSON row) of the alert in its file. */
  line: number;
  alertId: string | null;
  deployment: string;
  camera: string;
  /** Time on the deployment's clock as logged (before the clock offset is applied), ms. */
  loggedMs: number;
  /** Best first; at least one. */
  candidates: AlertCandidate[];
  trackId: string | null;
  /** Face box in pixels of the camera's frame: left, top, width, height. */
  box: { x: number; y: number; w: number; h: number } | null;
  decision: Decision | null;
}
