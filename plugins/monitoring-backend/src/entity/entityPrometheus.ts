import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_PROMETHEUS_JOB,
  ANNOTATION_RATE_WINDOW,
} from '@internal/plugin-monitoring-common';
import {
  PrometheusClient,
  PrometheusInstance,
} from '@internal/plugin-monitoring-node';
import { ScrapeIntervals } from '../services/ScrapeIntervals';
import { prometheusInstanceFor } from './entityInstance';

/**
 * The entity's Prometheus instance as its queries see it: the scrape interval of the entity's
 * job as Prometheus reports it (configured value as fallback), and the rate window mode of the
 * `monitoring.festivals.io/rate-window` annotation when set, else the instance's config.
 */
export async function entityPrometheus(options: {
  prometheus: PrometheusClient;
  scrapeIntervals: ScrapeIntervals;
  entity: Entity;
  entityRef: string;
}): Promise<PrometheusInstance> {
  const { prometheus, scrapeIntervals, entity, entityRef } = options;
  const instance = prometheusInstanceFor(prometheus, entity, entityRef);
  const annotations = entity.metadata.annotations ?? {};
  const mode = annotations[ANNOTATION_RATE_WINDOW];
  if (mode !== undefined && mode !== 'guide' && mode !== 'grafana') {
    throw new InputError(
      `Entity ${entityRef} annotation ${ANNOTATION_RATE_WINDOW} must be 'guide' or 'grafana', got '${mode}'`,
    );
  }
  const job = annotations[ANNOTATION_PROMETHEUS_JOB] ?? '';
  return {
    ...instance,
    scrapeIntervalSeconds: await scrapeIntervals.forJob(instance, job),
    rateWindow: mode ?? instance.rateWindow,
  };
}
