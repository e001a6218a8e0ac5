import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import {
  resolveSafeChildPath,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { parseWith, type ScaffolderZod } from '../generators/spec';
import { fieldManagerFor, withOwner } from '../services/ownership';
import {
  assertAllowedNamespaces,
  assertOwnership,
  assertSameCatalogOwner,
  authorizeApply,
  resolveEntityRef,
} from './applyGuards';
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
  type ManifestObject,
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
        'Name of a cluster in monitoring.scaffolder.kubernetes.clusters (empty or absent: defaultCluster, or the only one)',
      ),
    entityRef: z
      .string()
      .optional()
      .describe(
        'The catalog entity the manifests belong to, e.g. component:default/ticket-api (default: component:default/<the manifests’ name>). Written on every object as the monitoring.festivals.io/owner-entity annotation, names the field manager, and is the resource the permission monitoring.manifests.apply is checked on',
      ),
    owner: z
      .string()
      .optional()
      .describe(
        'The owner the template gives the entity (e.g. group:default/festivals-team): the run is refused when the entity is already in the catalog with another owner',
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
        'Take over fields another field manager owns instead of failing with a conflict, and adopt existing objects no entity owns (default false). Never takes over objects another entity owns',
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

/** Every 409 of a dry-run pass, reported as one conflict (the user fixes them in one go). */
function conflictOf(errors: ConflictError[]): ConflictError {
  if (errors.length === 1) return errors[0];
  return new ConflictError(
    `${errors.length} objects conflict with other field managers:\n- ${errors
      .map(e => e.message)
      .join('\n- ')}`,
  );
}

/**
 * `monitoring:kubernetes:apply`: server-side apply of the generated ServiceMonitor and
 * PrometheusRule for one catalog entity. In order: local validation of every manifest; the
 * permission on the entity (user's credentials, dry runs too); the entity's catalog owner; the
 * cluster's namespace allowlist; the live objects' ownership annotations; a server dry run of every
 * object; only then the writes. A template dry run stops after the server dry run. Without a
 * configured cluster, a dry run validates locally and says so; a real run is refused.
 */
export function createApplyManifestsAction(options: {
  config: Config;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Swappable in tests; default: a client for the cluster from config. */
  applierFor?: (cluster: ClusterSettings) => KubernetesApplier;
}) {
  const clusters = readClusters(options.config);
  const applierFor = options.applierFor ?? KubernetesApplier.create;
  return createTemplateAction({
    id: 'monitoring:kubernetes:apply',
    description:
      'Applies ServiceMonitor and PrometheusRule manifests for one catalog entity with Kubernetes server-side apply (a field manager and ownership annotation per entity), after validating all of them locally and with a server dry run',
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
          entityRef: z
            .string()
            .describe('The entity the applied objects belong to'),
          fieldManager: z
            .string()
            .describe('The server-side apply field manager used'),
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
      const force = Boolean(input.force);
      const manifests = await readManifests(
        ctx.workspacePath,
        input.manifestPaths ?? DEFAULT_PATHS,
      );
      assertValidManifests(manifests);
      const valid: ManifestObject[] = manifests;
      const entityRef = resolveEntityRef(input.entityRef, valid);
      const fieldManager = fieldManagerFor(entityRef);

      // The task runs as the scaffolder; the cluster is touched on behalf of the user who started it.
      const credentials = await ctx.getInitiatorCredentials();
      const { permissions, catalog } = options;
      await authorizeApply({ permissions, catalog, credentials, entityRef });
      await assertSameCatalogOwner({
        catalog,
        credentials,
        entityRef,
        owner: input.owner,
      });

      ctx.output('entityRef', entityRef);
      ctx.output('fieldManager', fieldManager);
      const cluster = selectCluster(clusters, input.cluster);
      if (!cluster) {
        if (!dryRun)
          throw new InputError(
            'No Kubernetes cluster is configured (monitoring.scaffolder.kubernetes.clusters): configure one, or run the template as a dry run',
          );
        const summary = `No Kubernetes cluster is configured: ${valid.length} manifests validated locally (CRD schemas, PromQL), nothing sent to a cluster`;
        ctx.logger.info(summary);
        ctx.output('cluster', '');
        ctx.output('dryRun', true);
        ctx.output('results', []);
        ctx.output('summary', summary);
        return;
      }
      assertAllowedNamespaces(cluster, valid);

      const applier = applierFor(cluster);
      const objects = valid.map(o => withOwner(o, entityRef));
      const live: Array<KubernetesObject | undefined> = [];
      for (const object of objects) live.push(await applier.read(object));
      assertOwnership({ entityRef, force, objects, live });

      // The cluster validates every object (admission, RBAC, conflicts) before any is written;
      // conflicts are collected so one run reports all of them.
      const preview: ApplyResult[] = [];
      const conflicts: ConflictError[] = [];
      for (const [i, object] of objects.entries()) {
        try {
          preview.push(
            await applier.apply(object, {
              dryRun: true,
              force,
              fieldManager,
              before: live[i],
            }),
          );
        } catch (e) {
          if (e instanceof ConflictError) conflicts.push(e);
          else throw e;
        }
      }
      if (conflicts.length) throw conflictOf(conflicts);

      let results = preview;
      if (!dryRun) {
        results = [];
        for (const [i, object] of objects.entries()) {
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
                  force,
                  fieldManager,
                  before: live[i],
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
      ctx.logger.info(
        `Cluster '${cluster.name}', for ${entityRef} (field manager ${fieldManager}):\n${summary}`,
      );
      ctx.output('cluster', cluster.name);
      ctx.output('dryRun', dryRun);
      ctx.output('results', results);
      ctx.output('summary', summary);
    },
  });
}
