import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readManifestSettings } from '../config';
import { generateManifests, toYaml } from '../generators/render';
import {
  fullMonitoredServiceSchema,
  monitoredServiceSchema,
  parseWith,
  type ScaffolderZod,
  type ZodSchemaOf,
} from '../generators/spec';
import { checkRulesWithPromtool } from '../validation/promtool';
import { assertValidManifests } from '../validation/validateManifests';
import { examples } from './generateManifests.examples';

export const SERVICE_MONITOR_FILE = 'servicemonitor.yaml';
export const PROMETHEUS_RULE_FILE = 'prometheusrule.yaml';

const DEFAULT_TARGET_PATH = 'monitoring';

// Declared with the service as templates pass it; parsed with every default applied.
const inputSchema = <T>(z: ScaffolderZod, service: ZodSchemaOf<T>) =>
  z.object({
    service: service.describe(
      'The service to monitor: name, namespace, scrape settings, alert groups and thresholds',
    ),
    targetPath: z
      .string()
      .optional()
      .describe(
        `Workspace directory the manifests are written to (default: ${DEFAULT_TARGET_PATH})`,
      ),
  });

/**
 * `monitoring:manifests:generate`: a ServiceMonitor and a PrometheusRule (the seed's rules, scoped
 * to the service) written into the workspace and returned as YAML for review. Everything is
 * validated (CRD schemas, PromQL grammar, promtool when installed) before any file is written.
 */
export function createGenerateManifestsAction(options: { config: Config }) {
  const settings = readManifestSettings(options.config);
  return createTemplateAction({
    id: 'monitoring:manifests:generate',
    description:
      'Generates a ServiceMonitor and a PrometheusRule (monitoring.coreos.com/v1) from the monitoring guide’s rules for a service, validates them and writes them into the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: z => inputSchema(z, monitoredServiceSchema(z)),
      output: z =>
        z.object({
          serviceMonitorYaml: z.string().describe('The ServiceMonitor as YAML'),
          prometheusRuleYaml: z.string().describe('The PrometheusRule as YAML'),
          manifestsYaml: z
            .string()
            .describe('Both manifests as one multi-document YAML'),
          files: z
            .array(z.string())
            .describe('Workspace-relative paths of the written files'),
          ruleGroups: z.array(z.string()).describe('Names of the rule groups'),
          promtool: z
            .string()
            .describe('Result of promtool check rules, or why it was skipped'),
        }),
    },
    async handler(ctx) {
      const input = parseWith(
        z => inputSchema(z, fullMonitoredServiceSchema(z)),
        ctx.input,
        'input to monitoring:manifests:generate',
      );
      const targetPath = input.targetPath ?? DEFAULT_TARGET_PATH;
      const { serviceMonitor, prometheusRule } = generateManifests(
        input.service,
        settings,
      );
      assertValidManifests([serviceMonitor, prometheusRule]);
      const groups = (prometheusRule.spec.groups ?? []) as unknown[];
      const promtool = await checkRulesWithPromtool(groups, {
        name: input.service.name,
      });
      if (!promtool.checked)
        ctx.logger.warn(`promtool check rules skipped: ${promtool.reason}`);

      // Only now, with everything valid, is anything written.
      const files = [
        [SERVICE_MONITOR_FILE, toYaml(serviceMonitor)],
        [PROMETHEUS_RULE_FILE, toYaml(prometheusRule)],
      ] as const;
      const written: string[] = [];
      for (const [name, text] of files) {
        const relative = path.posix.join(targetPath, name);
        const target = resolveSafeChildPath(ctx.workspacePath, relative);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, text);
        written.push(relative);
      }
      ctx.logger.info(
        `Wrote ${written.join(', ')}: ServiceMonitor and ${
          groups.length
        } rule groups for ${input.service.namespace}/${input.service.name}`,
      );
      ctx.output('serviceMonitorYaml', files[0][1]);
      ctx.output('prometheusRuleYaml', files[1][1]);
      ctx.output('manifestsYaml', `${files[0][1]}---\n${files[1][1]}`);
      ctx.output('files', written);
      ctx.output(
        'ruleGroups',
        groups.map(g => (g as { name: string }).name),
      );
      ctx.output(
        'promtool',
        promtool.checked ? promtool.output : `skipped: ${promtool.reason}`,
      );
    },
  });
}
