import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import {
  resolveSafeChildPath,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { parseWith, type ScaffolderZod } from '../generators/spec';
import { monitoringManifestsApplyPermission } from '@internal/plugin-monitoring-common';
import {
  KubernetesApplier,
  readClusters,
  selectCluster,
  type ApplyResult,
  type ClusterSettings,
} from '../services/KubernetesApplier';
import {
  assertValidManifests,
  describeObject,
} from '../validation/validateManifests';
import { examples } from './applyManifests.examples';
import {
  PROMETHEUS_RULE_FILE,
  SERVICE_MONITOR_FILE,
} from './generateManifests';

const DEFAULT_PATHS = [
  `monitoring/${SERVICE_MONITOR_FILE}`,
  `monitoring/${PROMETHEUS_RULE_FILE}`,
];

const inputSchema = (z: ScaffolderZod) =>
  z.object({
    manifestPaths: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        `Workspace files holding the manifests (multi-document YAML allowed). Default: ${DEFAULT_PATHS.join(
          ', ',
        )}`,
      ),
    cluster: z
      .string()
      .optional()
      .describe(
        'Name of a cluster in monitoring.scaffolder.kubernetes.clusters (default: defaultCluster, or the only one)',
      ),
    dryRun: z
      .boolean()
      .optional()
      .describe(
        'Server-side dry run only (dryRun=All): validated by the cluster, nothing persisted. Always on in a template dry run',
      ),
    force: z
      .boolean()
      .optional()
      .describe(
        'Take over fields another field manager owns instead of failing with a conflict (default false)',
      ),
  });

async function readManifests(workspacePath: string, paths: string[]) {
  const objects: unknown[] = [];
  for (const relative of paths) {
    const file = resolveSafeChildPath(workspacePath, relative);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(
        `manifestPaths: cannot read ${relative} (${
          (e as NodeJS.ErrnoException).code ?? (e as Error).message
        })`,
      );
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length)
        throw new InputError(
          `manifestPaths: ${relative} is not valid YAML: ${doc.errors[0].message}`,
        );
      const value = doc.toJS();
      if (value !== null) objects.push(value);
    }
  }
  return objects;
}

/**
 * `monitoring:kubernetes:apply`: server-side apply of the generated ServiceMonitor and
 * PrometheusRule. All manifests are validated locally, then by the cluster in a dry run, before
 * any is applied; a template dry run stops after the server dry run. Without a configured
 * cluster, a dry run validates locally and says so; a real run is refused.
 */
export function createApplyManifestsAction(options: {
  config: Config;
  permissions: PermissionsService;
  /** Swappable in tests; default: a client for the cluster from config. */
  applierFor?: (cluster: ClusterSettings) => KubernetesApplier;
}) {
  const clusters = readClusters(options.config);
  const applierFor = options.applierFor ?? KubernetesApplier.create;
  return createTemplateAction({
    id: 'monitoring:kubernetes:apply',
    description:
      'Applies ServiceMonitor and PrometheusRule manifests with Kubernetes server-side apply (fixed field manager), after validating all of them locally and with a server dry run',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          cluster: z
            .string()
            .describe('The cluster applied to (empty when none)'),
          dryRun: z.boolean().describe('Whether nothing was persisted'),
          results: z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                outcome: z.enum(['created', 'configured', 'unchanged']),
                resourceVersion: z.string().optional(),
              }),
            )
            .describe('One entry per manifest: what the apply did or would do'),
          summary: z
            .string()
            .describe('One line per manifest, for the output page'),
        }),
    },
    async handler(ctx) {
      const input = parseWith(
        inputSchema,
        ctx.input,
        'input to monitoring:kubernetes:apply',
      );
      const dryRun = Boolean(ctx.isDryRun || input.dryRun);
      const objects = await readManifests(
        ctx.workspacePath,
        input.manifestPaths ?? DEFAULT_PATHS,
      );
      assertValidManifests(objects);

      const cluster = selectCluster(clusters, input.cluster);
      if (!cluster) {
        if (!dryRun)
          throw new InputError(
            'No Kubernetes cluster is configured (monitoring.scaffolder.kubernetes.clusters): configure one, or run the template as a dry run',
          );
        const summary = `No Kubernetes cluster is configured: ${objects.length} manifests validated locally (CRD schemas, PromQL), nothing sent to a cluster`;
        ctx.logger.info(summary);
        ctx.output('cluster', '');
        ctx.output('dryRun', true);
        ctx.output('results', []);
        ctx.output('summary', summary);
        return;
      }

      if (!dryRun) {
        // The task runs as the scaffolder; the cluster write is authorized for the user who started it.
        const [decision] = await options.permissions.authorize(
          [{ permission: monitoringManifestsApplyPermission }],
          { credentials: await ctx.getInitiatorCredentials() },
        );
        if (decision.result !== AuthorizeResult.ALLOW)
          throw new NotAllowedError(
            `Applying monitoring manifests to cluster '${cluster.name}' needs the permission ${monitoringManifestsApplyPermission.name}`,
          );
      }
      const applier = applierFor(cluster);
      // The cluster validates every object (admission, RBAC, conflicts) before any is written.
      const preview: ApplyResult[] = [];
      for (const object of objects) {
        preview.push(
          await applier.apply(object, { dryRun: true, force: !!input.force }),
        );
      }
      let results = preview;
      if (!dryRun) {
        results = [];
        for (const object of objects) {
          results.push(
            await ctx.checkpoint({
              // Keyed by content: a retried task skips what it applied, a changed manifest does not.
              key: `apply:${cluster.name}:${describeObject(
                object,
              )}:${createHash('sha256')
                .update(JSON.stringify(object))
                .digest('hex')}`,
              fn: async () => {
                const r = await applier.apply(object, {
                  dryRun: false,
                  force: !!input.force,
                });
                return { ...r, resourceVersion: r.resourceVersion ?? '' };
              },
            }),
          );
        }
      }
      const summary = results
        .map(
          r =>
            `${r.kind} ${r.namespace}/${r.name}: ${r.outcome}${
              dryRun ? ' (dry run, nothing persisted)' : ''
            }`,
        )
        .join('\n');
      ctx.logger.info(`Cluster '${cluster.name}':\n${summary}`);
      ctx.output('cluster', cluster.name);
      ctx.output('dryRun', dryRun);
      ctx.output('results', results);
      ctx.output('summary', summary);
    },
  });
}
