import path from 'node:path';
import { FESTIVALS_NAMESPACE } from '@internal/local-stack';
import {
  fastFestivalsRulesFile,
  monitoredComponent,
  type ProductOptions,
} from '@internal/test-kit';

/**
 * A configured panel whose PromQL parses but that Prometheus refuses when it runs it
 * (an invalid regular expression), to show one failing panel among working ones.
 */
export const BROKEN_PANEL = {
  id: 'broken-regex',
  title: 'Broken panel',
  unit: 'count',
  query: 'label_replace(up$selector, "x", "$1", "job", "(")',
};

/**
 * The alerting scenario's service: an API with 30 % 5xx, its own workload and catalog entity,
 * so FestivalsHighErrorRate fires for it while festivals-api stays healthy for the Metrics tab.
 */
export const ALERTING_SERVICE = 'festivals-checkout';

/**
 * The tracing UI the product's trace links point at (app-config's TRACING_URL): not running,
 * and a name of its own so a link built from anything but the configured template shows.
 */
export const TRACING_URL = 'http://jaeger.e2e.test:16686';

/** The alerts the `oom` incident makes fire for festivals-api. */
export const OOM_ALERTS = ['FestivalsHighMemory', 'FestivalsPodRestarting'];

/**
 * The one product every browser suite runs against: the example catalog and the default
 * workloads as `./scripts/run` has them, plus
 * - the broken panel (configured for every entity; the Metrics suite shows it failing alone);
 * - the alerting service (workload + entity), the only one whose alert rules are live, with
 *   the seed's rules shortened (`for` 2 s, 20 s windows) so its alert fires within seconds;
 * - trace links to {@link TRACING_URL};
 * - the incident replay's control, with festivals-api's memory rules shortened the same way
 *   (only those, so nothing else of festivals-api can fire by chance): the Runbooks suite
 *   replays `oom` on it and recovers.
 */
export function browserTestProduct(tmpDir: string): ProductOptions {
  const oomRules = fastFestivalsRulesFile({
    dir: path.join(tmpDir, 'oom-rules'),
    services: ['festivals-api'],
    alerts: OOM_ALERTS,
  });
  return {
    env: {
      APP_CONFIG_monitoring_panels: JSON.stringify([BROKEN_PANEL]),
      TRACING_URL,
    },
    stack: {
      workloads: [
        { service: 'festivals-api', role: 'api' },
        { service: 'festivals-worker', role: 'worker' },
        { service: ALERTING_SERVICE, role: 'api', errorRatio: 0.3 },
      ],
      ruleFiles: [
        fastFestivalsRulesFile({ dir: tmpDir, services: [ALERTING_SERVICE] }),
        oomRules,
      ],
    },
    incidents: { rulesFile: oomRules, fast: true },
    entities: [
      monitoredComponent({
        name: ALERTING_SERVICE,
        job: ALERTING_SERVICE,
        namespace: FESTIVALS_NAMESPACE,
        prometheus: 'local',
        alertmanager: 'local',
        owner: 'group:default/festivals-team',
        system: 'festivals',
      }),
    ],
    waitForEntities: [
      'component:default/festivals-api',
      'component:default/festivals-worker',
      'component:default/festivals-website',
      `component:default/${ALERTING_SERVICE}`,
      'template:default/festivals-monitored-service',
      // The signed-in users' groups decide who may silence (suites/permissions.ts).
      'user:default/guest',
      'user:default/reader',
    ],
  };
}
