import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  parseWith,
  KUBERNETES_NAME,
  type ScaffolderZod,
} from '../generators/spec';
import { examples } from './publishLocal.examples';

/** Bounds of one published repository (a generated service is a few dozen small files). */
const MAX_FILES = 500;
const MAX_BYTES = 5 * 1024 * 1024;

const inputSchema = (z: ScaffolderZod) =>
  z.object({
    repoName: z
      .string()
      .regex(new RegExp(KUBERNETES_NAME))
      .max(63)
      .describe(
        'Name of the new repository (a DNS label, e.g. the service name)',
      ),
    sourcePath: z
      .string()
      .optional()
      .describe(
        'Workspace directory to publish (default: the whole workspace)',
      ),
  });

/** `monitoring.scaffolder.publish.local.url`, read at start. */
export function readLocalPublishUrl(config: Config): string | undefined {
  const url = config.getOptionalString(
    'monitoring.scaffolder.publish.local.url',
  );
  if (url !== undefined && !URL.canParse(url))
    throw new Error(
      `monitoring.scaffolder.publish.local.url must be an absolute URL, got '${url}'`,
    );
  return url?.replace(/\/+$/, '');
}

/** The host's `{ error }` message, or the start of its body. */
function hostError(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    if (typeof error === 'string') return error;
  } catch {
    // not JSON: the body itself
  }
  return text.slice(0, 300);
}

async function workspaceFiles(root: string) {
  const out: Array<{ path: string; base64Content: string }> = [];
  let bytes = 0;
  for (const entry of await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const data = await fs.readFile(full);
    bytes += data.length;
    if (out.length >= MAX_FILES || bytes > MAX_BYTES)
      throw new InputError(
        `sourcePath: more than ${MAX_FILES} files or ${MAX_BYTES} bytes to publish`,
      );
    out.push({
      path: path.relative(root, full).split(path.sep).join('/'),
      base64Content: data.toString('base64'),
    });
  }
  return out;
}

/**
 * `monitoring:publish:local`: publishes the workspace to the local stack's repository host
 * (`./scripts/run`, where there is no GitHub or GitLab), so `catalog:register` can read the new
 * service's `catalog-info.yaml` from an http URL. Production templates publish with
 * `publish:github` / `publish:gitlab` instead.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const baseUrl = readLocalPublishUrl(options.config);
  return createTemplateAction({
    id: 'monitoring:publish:local',
    description:
      "Publishes the workspace to the local stack's repository host (monitoring.scaffolder.publish.local.url) for catalog:register",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          remoteUrl: z.string().describe('The new repository'),
          repoContentsUrl: z.string().describe('Where its files are read'),
          catalogInfoUrl: z
            .string()
            .describe('Its catalog-info.yaml, for catalog:register'),
        }),
    },
    async handler(ctx) {
      const input = parseWith(
        inputSchema,
        ctx.input,
        'input to monitoring:publish:local',
      );
      if (!baseUrl)
        throw new InputError(
          'No local repository host is configured here (monitoring.scaffolder.publish.local.url is unset, as in production): run the template again and choose GitHub under "Where to publish" (the repoUrl parameter, publish:github)',
        );
      const remoteUrl = `${baseUrl}/repos/${input.repoName}`;
      const files = await workspaceFiles(
        input.sourcePath
          ? resolveSafeChildPath(ctx.workspacePath, input.sourcePath)
          : ctx.workspacePath,
      );
      if (!files.some(f => f.path === 'catalog-info.yaml'))
        throw new InputError(
          'sourcePath: there is no catalog-info.yaml to register',
        );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${files.length} files to ${remoteUrl}`,
        );
      } else {
        const published = await ctx.checkpoint({
          key: `publish-local:${remoteUrl}`,
          fn: async (): Promise<string> => {
            let res: Response;
            try {
              res = await fetch(remoteUrl, {
                method: 'PUT',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ files }),
                signal: AbortSignal.timeout(30_000),
              });
            } catch (e) {
              const cause = (e as { cause?: { code?: string } }).cause?.code;
              throw new Error(
                `The local repository host at ${baseUrl} is unreachable (${
                  cause ?? (e as Error).message
                }). Next step: start the local stack (./scripts/run) or set monitoring.scaffolder.publish.local.url`,
              );
            }
            const text = await res.text();
            // The host accepts the same files again (a retried run) and refuses other files
            // under a taken name, saying how to free it.
            if (res.status === 409)
              throw new ConflictError(
                `repoName: '${
                  input.repoName
                }' is taken on the local repository host (${baseUrl}): ${hostError(
                  text,
                )}`,
              );
            if (!res.ok)
              throw new Error(
                `The local repository host at ${baseUrl} refused the publish (HTTP ${
                  res.status
                }): ${text.slice(0, 300)}`,
              );
            return res.status === 200 ? 'unchanged' : 'created';
          },
        });
        ctx.logger.info(
          `Published ${files.length} files to ${remoteUrl}${
            published === 'unchanged' ? ' (already there, unchanged)' : ''
          }`,
        );
      }
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', remoteUrl);
      ctx.output('catalogInfoUrl', `${remoteUrl}/catalog-info.yaml`);
    },
  });
}
