import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  repoRoot,
  startRepositoryHost,
  type RunningRepositoryHost,
} from '@internal/local-stack';
import { closedPort } from '@internal/test-kit';
import { parse } from 'yaml';
import { createPublishLocalAction } from './publishLocal';

// The action against the local stack's real repository host (the one ./scripts/run starts).
let host: RunningRepositoryHost;
let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-local-'));
  host = await startRepositoryHost({ port: 0, dir });
});
afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const action = (url: string | undefined) =>
  createPublishLocalAction({
    config: mockServices.rootConfig({
      data: url
        ? { monitoring: { scaffolder: { publish: { local: { url } } } } }
        : {},
    }),
  });

function context(input: { repoName: string }, isDryRun = false) {
  // test-utils 0.3.14 drops `isDryRun` from its options: set it on the context.
  const ctx = { ...createMockActionContext({ input }), isDryRun };
  fs.mkdirSync(ctx.workspacePath, { recursive: true });
  fs.writeFileSync(
    path.join(ctx.workspacePath, 'catalog-info.yaml'),
    'kind: Component\nmetadata:\n  name: ticket-api\n',
  );
  fs.mkdirSync(path.join(ctx.workspacePath, 'monitoring'), {
    recursive: true,
  });
  fs.writeFileSync(
    path.join(ctx.workspacePath, 'monitoring', 'servicemonitor.yaml'),
    'kind: ServiceMonitor\n',
  );
  return ctx;
}

describe('monitoring:publish:local', () => {
  it('publishes the workspace and outputs the catalog-info.yaml URL the catalog reads', async () => {
    const ctx = context({ repoName: 'ticket-api' });
    await action(host.url).handler(ctx);
    const catalogInfoUrl = `${host.url}/repos/ticket-api/catalog-info.yaml`;
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoUrl', catalogInfoUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${host.url}/repos/ticket-api`,
    );
    const res = await fetch(catalogInfoUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name: ticket-api');
    const listing = await (await fetch(`${host.url}/repos/ticket-api`)).json();
    expect(listing.files).toEqual([
      'catalog-info.yaml',
      'monitoring/servicemonitor.yaml',
    ]);
  });

  it('publishes again when a run is retried with the same form (the same files)', async () => {
    await action(host.url).handler(context({ repoName: 'ticket-api' }));
    const retry = context({ repoName: 'ticket-api' });
    await action(host.url).handler(retry);
    expect(retry.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${host.url}/repos/ticket-api/catalog-info.yaml`,
    );
  });

  it('refuses other files under a taken name, naming the input and how to free the name', async () => {
    await action(host.url).handler(context({ repoName: 'ticket-api' }));
    const changed = context({ repoName: 'ticket-api' });
    fs.writeFileSync(
      path.join(changed.workspacePath, 'catalog-info.yaml'),
      'kind: Component\nmetadata:\n  name: ticket-api\n  description: v2\n',
    );
    const refusal = action(host.url).handler(changed);
    await expect(refusal).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(refusal).rejects.toThrow(
      /repoName: 'ticket-api' is taken on the local repository host \(http:\/\/127\.0\.0\.1:\d+\): repository "ticket-api" already exists with other files \(catalog-info\.yaml\)\. .*curl -X DELETE http:\/\/127\.0\.0\.1:\d+\/repos\/ticket-api/,
    );
  });

  it('refuses in production (no local repository host), saying to choose GitHub', async () => {
    // app-config.yaml then app-config.production.yaml, as the production backend reads them
    // (an unset ${VAR:-default} takes its default).
    const [base, production] = [
      'app-config.yaml',
      'app-config.production.yaml',
    ].map(name =>
      parse(
        fs
          .readFileSync(path.join(repoRoot(), name), 'utf8')
          .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'),
      ),
    );
    const config = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: base },
      { context: 'app-config.production.yaml', data: production },
    ]);
    expect(
      ConfigReader.fromConfigs([
        { context: 'app-config.yaml', data: base },
      ]).getOptionalString('monitoring.scaffolder.publish.local.url'),
    ).toMatch(/^http:\/\/127\.0\.0\.1:9099/);
    const refusal = createPublishLocalAction({ config }).handler(
      context({ repoName: 'ticket-api' }),
    );
    await expect(refusal).rejects.toMatchObject({ name: 'InputError' });
    await expect(refusal).rejects.toThrow(
      /No local repository host is configured.*choose GitHub under "Where to publish" \(the repoUrl parameter/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('publishes nothing in a dry run', async () => {
    const ctx = context({ repoName: 'ticket-api' }, true);
    await action(host.url).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${host.url}/repos/ticket-api/catalog-info.yaml`,
    );
    expect((await fetch(`${host.url}/repos/ticket-api`)).status).toBe(404);
  });

  it('says what to do when the host is not configured or not running, and checks the name', async () => {
    await expect(
      action(undefined).handler(context({ repoName: 'ticket-api' })),
    ).rejects.toThrow(/monitoring\.scaffolder\.publish\.local\.url/);
    await expect(
      action(`http://127.0.0.1:${await closedPort()}`).handler(
        context({ repoName: 'ticket-api' }),
      ),
    ).rejects.toThrow(/unreachable \(ECONNREFUSED\).*\.\/scripts\/run/);
    await expect(
      action(host.url).handler(context({ repoName: '../etc' })),
    ).rejects.toThrow(/repoName/);
  });
});
