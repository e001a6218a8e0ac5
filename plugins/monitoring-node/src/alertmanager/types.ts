import type { SilenceMatcher } from '@internal/plugin-monitoring-common';

/**
 * An alert as Alertmanager API v2 returns it (`gettableAlert`).
 *
 * @public
 */
export interface AlertmanagerAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  generatorURL?: string;
  receivers: Array<{ name: string }>;
  status: {
    state: 'active' | 'suppressed' | 'unprocessed';
    silencedBy: string[];
    inhibitedBy: string[];
  };
}

/**
 * A silence as Alertmanager API v2 returns it (`gettableSilence`).
 *
 * @public
 */
export interface AlertmanagerSilence {
  id: string;
  matchers: Array<{
    name: string;
    value: string;
    isRegex: boolean;
    isEqual?: boolean;
  }>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

/**
 * A new silence (`postableSilence`).
 *
 * @public
 */
export interface AlertmanagerNewSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}
