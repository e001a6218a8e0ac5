import { z } from 'zod';
import type { AlertmanagerAlert, AlertmanagerSilence } from './types';

// Alertmanager API v2 (`gettableAlerts`, `gettableSilences`, `postSilences` 200) as its
// OpenAPI spec declares them; fields the spec marks required are required here too.

const labels = z.record(z.string());

const alert = z.object({
  fingerprint: z.string(),
  labels,
  annotations: labels,
  startsAt: z.string(),
  updatedAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string().optional(),
  receivers: z.array(z.object({ name: z.string() })),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
  }),
}) satisfies z.ZodType<AlertmanagerAlert>;

export const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      isRegex: z.boolean(),
      isEqual: z.boolean().optional(),
    }),
  ),
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
}) satisfies z.ZodType<AlertmanagerSilence>;

export const alertsSchema = z.array(alert);
export const silencesSchema = z.array(silenceSchema);
export const createdSilenceSchema = z.object({ silenceID: z.string() });
