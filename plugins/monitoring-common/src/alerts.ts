/**
 * DTOs of the Alerts tab, exchanged between the monitoring backend and frontend. The backend maps
 * Alertmanager API v2 and Prometheus `/api/v1/rules` answers into these, so the browser never
 * depends on upstream shapes (and never sees upstream URLs with credentials).
 */

/** Alertmanager's state of an alert: `suppressed` = silenced or inhibited. @public */
export type AlertState = 'active' | 'suppressed' | 'unprocessed';

/** One alert of the entity, as Alertmanager reports it. @public */
export interface MonitoringAlert {
  fingerprint: string;
  alertname: string;
  /** The `severity` label (`critical`, `warning`, ...), when set. */
  severity?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO timestamps. */
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  state: AlertState;
  /** Ids of the silences that suppress it. */
  silencedBy: string[];
  /** Fingerprints of the alerts that inhibit it. */
  inhibitedBy: string[];
  /** Names of the receivers the alert routes to. */
  receivers: string[];
  /** Prometheus' link to the rule expression (`generatorURL`). */
  generatorURL?: string;
  /** The alert's `runbook_url` annotation, when set. */
  runbookUrl?: string;
}

/** Response of `GET /alerts`. @public */
export interface AlertsResponse {
  entityRef: string;
  /** Name of the Alertmanager instance asked. */
  alertmanager: string;
  /** The label matchers that scoped the request (for display). */
  matchers: SilenceMatcher[];
  alerts: MonitoringAlert[];
}

/** A Prometheus alerting rule that watches the entity. @public */
export interface MonitoringAlertRule {
  group: string;
  name: string;
  state: 'inactive' | 'pending' | 'firing';
  query: string;
  /** The rule's `for`, in seconds. */
  durationSeconds: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  health: string;
  lastError?: string;
  /** ISO timestamp of the last evaluation. */
  lastEvaluation?: string;
  /** Number of the rule's pending/firing alerts that belong to the entity. */
  activeAlerts: number;
}

/** Response of `GET /rules`. @public */
export interface RulesResponse {
  entityRef: string;
  /** Name of the Prometheus instance asked. */
  prometheus: string;
  rules: MonitoringAlertRule[];
}

/** An Alertmanager silence matcher (API v2 shape). @public */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false = negative matcher (`!=`, `!~`). Alertmanager treats absent as true. */
  isEqual: boolean;
}

/** @public */
export type SilenceState = 'active' | 'pending' | 'expired';

/** One silence of the entity. @public */
export interface MonitoringSilence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  state: SilenceState;
}

/** Response of `GET /silences`. @public */
export interface SilencesResponse {
  entityRef: string;
  alertmanager: string;
  silences: MonitoringSilence[];
}

/**
 * Body of `POST /silences`. `createdBy` is not part of it: the backend sets it from the
 * signed-in user.
 * @public
 */
export interface CreateSilenceRequest {
  entityRef: string;
  matchers: SilenceMatcher[];
  /** ISO timestamp; now when absent. */
  startsAt?: string;
  /** ISO timestamp. */
  endsAt: string;
  comment: string;
}

/** Response of `POST /silences`. @public */
export interface CreateSilenceResponse {
  silenceId: string;
}
