import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  monitoredComponent,
  respondJson,
  startRecordingServer,
} from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

// The scope model (README "Scope model"): one owner per (instance, namespace, job/app), a
// required namespace, and refusals that reach no upstream.

const owned = (name: string, owner: string, namespace?: string) =>
  monitoredComponent({ name, job: 'festivals-api', namespace, owner });

const api = owned('festivals-api', 'festivals-team', 'festivals-production');
const impostor = owned('impostor', 'intruders', 'festivals-production');

jest.setTimeout(60_000);

describe('scope model', () => {
  let upstream: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    // Answers as Prometheus (rules, queries) and Alertmanager (silences) would, emptily.
    upstream = await startRecordingServer((req, res) => {
      if (req.url.startsWith('/api/v2/silences')) {
        return respondJson(res, { silenceID: 'x' });
      }
      if (req.url.startsWith('/api/v1/rules')) {
        return respondJson(res, { status: 'success', data: { groups: [] } });
      }
      return respondJson(res, {
        status: 'success',
        data: { resultType: 'vector', result: [] },
      });
    });
  });
  afterAll(() => upstream.close());

  async function backend(
    entities: Entity[],
    extra: { scopes?: unknown; defaultNamespace?: string; deny?: string } = {},
  ) {
    const features: any[] = [
      monitoringPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          monitoring: {
            ...(extra.scopes ? { scopes: extra.scopes } : {}),
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl: upstream.url,
                  ...(extra.defaultNamespace && {
                    defaultNamespace: extra.defaultNamespace,
                  }),
                },
              ],
            },
            alertmanager: {
              instances: [{ name: 'main', baseUrl: upstream.url }],
            },
          },
        },
      }),
    ];
    if (extra.deny) {
      // A catalog read policy under which `extra.deny` may read nothing.
      const authorize = async (requests: unknown[], options: any) =>
        requests.map(() => ({
          result:
            options.credentials.principal.userEntityRef === extra.deny
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }));
      features.push(
        mockServices.permissions.mock({ authorize } as any).factory,
      );
    }
    return (await startTestBackend({ features })).server;
  }

  const rules = (server: any, name: string, user = 'user:default/mock') =>
    request(server)
      .get('/api/monitoring/rules')
      .set('Authorization', mockCredentials.user.header(user))
      .query({ entityRef: `component:default/${name}` });

  it('refuses both claimants of one scope with a 409 naming the other, asking the upstream nothing', async () => {
    const server = await backend([api, impostor]);
    const before = upstream.requests.length;
    const a = await rules(server, 'festivals-api');
    const b = await rules(server, 'impostor');
    expect(a.status).toBe(409);
    expect(a.body.error.message).toBe(
      "component:default/festivals-api (owned by group:default/festivals-team) and component:default/impostor (owned by group:default/intruders) both claim prometheus 'main', namespace festivals-production, job festivals-api: one owner per scope, so neither is served. Remove the annotation from the entity that does not own it, or reserve the scope to its owner in monitoring.scopes",
    );
    expect(b.status).toBe(409);
    expect(b.body.error.message).toMatch(
      /^component:default\/impostor \(owned by group:default\/intruders\) and component:default\/festivals-api \(owned by group:default\/festivals-team\) both claim/,
    );
    expect(upstream.requests.length).toBe(before);
  });

  it('gives a scope reserved in monitoring.scopes to its owner only: the impostor gets a 403 and cannot silence', async () => {
    const server = await backend([api, impostor], {
      scopes: [
        {
          namespace: 'festivals-production',
          names: ['festivals-api'],
          owner: 'festivals-team',
        },
      ],
    });
    expect((await rules(server, 'festivals-api')).status).toBe(200);
    const before = upstream.requests.length;
    const denied = await rules(server, 'impostor');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      "The scope prometheus 'main', namespace festivals-production, job festivals-api is reserved to group:default/festivals-team (monitoring.scopes); component:default/impostor is owned by group:default/intruders, so it may not read or act on it",
    );
    const silence = await request(server)
      .post('/api/monitoring/silences')
      .send({
        entityRef: 'component:default/impostor',
        matchers: [
          { name: 'namespace', value: 'festivals-production' },
          { name: 'service', value: 'festivals-api' },
        ],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'hiding their outage',
      });
    expect(silence.status).toBe(403);
    expect(upstream.requests.length).toBe(before);
  });

  it('lets entities of one owner share a scope, and the same job in another namespace is another scope', async () => {
    const docs = owned(
      'festivals-api-docs',
      'group:default/festivals-team',
      'festivals-production',
    );
    const staging = owned('staging-api', 'intruders', 'festivals-staging');
    const server = await backend([api, docs, staging]);
    for (const name of ['festivals-api', 'festivals-api-docs', 'staging-api']) {
      expect((await rules(server, name)).status).toBe(200);
    }
  });

  it('tells a user who may not read the entity nothing about the conflict: a 404', async () => {
    const server = await backend([api, impostor], {
      deny: 'user:default/eve',
    });
    const res = await rules(server, 'impostor', 'user:default/eve');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No entity component:default/impostor');
  });

  it('requires a namespace: a 400 naming the annotation, unless the instance sets defaultNamespace', async () => {
    const bare = owned('bare', 'festivals-team');
    const refused = await rules(await backend([bare]), 'bare');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Entity component:default/bare has no monitoring.festivals.io/namespace annotation: without it its scope would be job festivals-api in every namespace. Add the annotation (or set defaultNamespace on its instance in monitoring.prometheus.instances)',
    );

    const server = await backend([bare], {
      defaultNamespace: 'festivals-staging',
    });
    const before = upstream.requests.length;
    const now = Math.floor(Date.now() / 1000);
    const panels = await request(server)
      .get('/api/monitoring/panels')
      .query({
        entityRef: 'component:default/bare',
        panels: 'request-rate',
        start: now - 3600,
        end: now,
      });
    expect(panels.status).toBe(200);
    const queries = upstream.requests
      .slice(before)
      .filter(r => r.url.startsWith('/api/v1/query'))
      .map(r => new URLSearchParams(r.body).get('query'));
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      // Panels select the job's series; the alert periods the rules' ALERTS series, whose
      // scope labels are namespace and service. Both in the instance's default namespace.
      expect(query).toMatch(
        query?.includes('ALERTS{')
          ? /ALERTS\{alertstate="firing",namespace="festivals-staging",service="festivals-api"\}/
          : /\{namespace="festivals-staging",job="festivals-api"\}/,
      );
    }
  });
});
