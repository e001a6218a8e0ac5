import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  startRepositoryHost,
  type RunningRepositoryHost,
} from '@internal/local-stack';
import { closedPort } from '@internal/test-kit';
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

  it('refuses to overwrite an existing repository, naming the input', async () => {
    await action(host.url).handler(context({ repoName: 'ticket-api' }));
    await expect(
      action(host.url).handler(context({ repoName: 'ticket-api' })),
    ).rejects.toThrow(
      /repoName: a repository named 'ticket-api' already exists/,
    );
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
