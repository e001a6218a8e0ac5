import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type PrometheusClient,
  type PrometheusLoadedRuleGroup,
  type PrometheusTarget,
} from '@internal/plugin-monitoring-node';
import { parseWith, type ScaffolderZod } from '../generators/spec';
import { examples } from './verifyPrometheus.examples';

const inputSchema = (z: ScaffolderZod) =>
  z.object({
    prometheus: z
      .string()
      .optional()
      .describe(
        'Name of an instance in monitoring.prometheus.instances (default: monitoring.prometheus.default)',
      ),
    job: z.string().min(1).describe('The `job` label of the new scrape target'),
    namespace: z
      .string()
      .optional()
      .describe('The `namespace` label the target must carry'),
    ruleGroups: z
      .array(z.string().min(1))
      .optional()
      .describe('Rule groups that must be loaded, with no rule in error'),
    timeoutSeconds: z
      .number()
      .min(1)
      .max(1800)
      .optional()
      .describe('How long to wait (default 300)'),
    intervalSeconds: z
      .number()
      .min(0.2)
      .max(60)
      .optional()
      .describe('Pause between polls (default 5)'),
  });

export interface VerifyState {
  targetsUp: number;
  missing: string[];
}

/** What is still missing, in words; empty when the target is up and every group is loaded cleanly. */
export function verifyState(
  targets: PrometheusTarget[],
  groups: PrometheusLoadedRuleGroup[],
  wanted: { job: string; namespace?: string; ruleGroups: string[] },
): VerifyState {
  const selector = `job="${wanted.job}"${
    wanted.namespace ? `,namespace="${wanted.namespace}"` : ''
  }`;
  const mine = targets.filter(
    t =>
      t.labels.job === wanted.job &&
      (!wanted.namespace || t.labels.namespace === wanted.namespace),
  );
  const up = mine.filter(t => t.health === 'up');
  const missing: string[] = [];
  if (!mine.length)
    missing.push(
      `no scrape target {${selector}} (is the ServiceMonitor selected by the operator's serviceMonitorSelector, and does it select the Service?)`,
    );
  else if (!up.length)
    missing.push(
      `scrape target {${selector}} is not up: ${mine
        .map(
          t =>
            `${t.scrapeUrl} ${t.health}${
              t.lastError ? ` (${t.lastError})` : ''
            }`,
        )
        .join('; ')}`,
    );
  const byName = new Map(groups.map(g => [g.name, g]));
  const absent = wanted.ruleGroups.filter(n => !byName.has(n));
  if (absent.length)
    missing.push(
      `rule groups not loaded: ${absent.join(
        ', ',
      )} (is the PrometheusRule selected by the operator's ruleSelector?)`,
    );
  for (const name of wanted.ruleGroups) {
    for (const rule of byName.get(name)?.rules ?? []) {
      if (rule.health === 'err')
        missing.push(
          `rule ${rule.name} in ${name} fails: ${rule.lastError ?? 'error'}`,
        );
    }
  }
  return { targetsUp: up.length, missing };
}

/**
 * `monitoring:prometheus:verify`: polls Prometheus until the new job's target is up and its
 * rule groups are loaded, or fails at the timeout saying exactly what is missing. Only
 * configured instances (`monitoring.prometheus.instances`, with their headers, tenant and
 * timeout) can be asked, so a template cannot point the backend at an arbitrary URL.
 */
export function createVerifyPrometheusAction(options: {
  prometheus: PrometheusClient;
}) {
  const { prometheus } = options;
  return createTemplateAction({
    id: 'monitoring:prometheus:verify',
    description:
      'Waits until Prometheus scrapes the new service (target up) and has loaded its rule groups; on timeout, reports what is missing',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          targetsUp: z
            .number()
            .describe('Scrape targets of the job that are up'),
          ruleGroups: z
            .array(z.string())
            .describe('Rule groups verified loaded'),
        }),
    },
    async handler(ctx) {
      const input = parseWith(
        inputSchema,
        ctx.input,
        'input to monitoring:prometheus:verify',
      );
      const instance = prometheus.getInstance(input.prometheus);
      if (!instance) {
        throw new InputError(
          `prometheus: no Prometheus instance named '${
            input.prometheus ?? ''
          }' in monitoring.prometheus.instances (configured: ${
            prometheus.instanceNames().join(', ') || 'none'
          })`,
        );
      }
      const wanted = {
        job: input.job,
        namespace: input.namespace,
        ruleGroups: input.ruleGroups ?? [],
      };
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: nothing was applied, so Prometheus '${instance.name}' is not polled for job ${input.job}`,
        );
        ctx.output('targetsUp', 0);
        ctx.output('ruleGroups', []);
        return;
      }
      const timeoutMs = (input.timeoutSeconds ?? 300) * 1000;
      const intervalMs = (input.intervalSeconds ?? 5) * 1000;
      const deadline = Date.now() + timeoutMs;
      let state: VerifyState = { targetsUp: 0, missing: ['not checked yet'] };
      for (;;) {
        try {
          const [targets, groups] = await Promise.all([
            prometheus.targets(instance),
            prometheus.ruleGroups(instance),
          ]);
          state = verifyState(targets, groups, wanted);
        } catch (e) {
          state = { targetsUp: 0, missing: [(e as Error).message] };
        }
        if (!state.missing.length) break;
        if (Date.now() + intervalMs > deadline || ctx.signal?.aborted) {
          throw new Error(
            `Prometheus '${instance.name}' (${
              instance.baseUrl
            }) after ${Math.round(timeoutMs / 1000)} s: ${state.missing.join(
              '; ',
            )}`,
          );
        }
        ctx.logger.info(`Waiting for Prometheus: ${state.missing.join('; ')}`);
        await new Promise(r => setTimeout(r, intervalMs));
      }
      ctx.logger.info(
        `Prometheus '${instance.name}' scrapes job ${input.job} (${state.targetsUp} up) and has loaded ${wanted.ruleGroups.length} rule groups`,
      );
      ctx.output('targetsUp', state.targetsUp);
      ctx.output('ruleGroups', wanted.ruleGroups);
    },
  });
}
