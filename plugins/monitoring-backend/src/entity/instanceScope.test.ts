import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  monitoredComponent,
  respondJson,
  startRecordingServer,
} from '@internal/test-kit';
import request from 'supertest';
import { monitoringPlugin } from '../plugin';

// Entities claim an instance by annotation; an instance reserved to some namespaces or owners
// (another team's tenant) must refuse everyone else, before any request reaches it.
describe('instances reserved to namespaces and owners', () => {
  it('serves entities inside the allowlists and refuses the others with a 403 naming why, asking the instance nothing', async () => {
    const payments = await startRecordingServer((_req, res) =>
      respondJson(res, {
        status: 'success',
        data: { groups: [] },
      }),
    );
    try {
      const entity = (
        name: string,
        namespace: string | undefined,
        owner: string,
      ) =>
        monitoredComponent({
          name,
          job: name,
          namespace,
          prometheus: 'payments',
          owner,
        });
      const { server } = await startTestBackend({
        features: [
          monitoringPlugin,
          catalogServiceMock.factory({
            entities: [
              entity('checkout', 'payments', 'group:default/payments-team'),
              entity(
                'intruder',
                'festivals-production',
                'group:default/payments-team',
              ),
              entity('no-namespace', undefined, 'group:default/payments-team'),
              entity('other-owner', 'payments', 'festivals-team'),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              monitoring: {
                prometheus: {
                  instances: [
                    {
                      name: 'payments',
                      baseUrl: payments.url,
                      tenant: 'payments',
                      allowedNamespaces: ['payments'],
                      allowedOwners: ['group:default/payments-team'],
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      const rules = (name: string) =>
        request(server)
          .get('/api/monitoring/rules')
          .query({ entityRef: `component:default/${name}` });

      expect((await rules('checkout')).status).toBe(200);
      const served = payments.requests.length;
      expect(served).toBeGreaterThan(0);

      const intruder = await rules('intruder');
      expect(intruder.status).toBe(403);
      expect(intruder.body.error.message).toBe(
        "Prometheus instance 'payments' is open to namespaces payments only; component:default/intruder is in 'festivals-production'",
      );
      // No namespace is no scope at all (the scope model), before any instance is chosen.
      const noNamespace = await rules('no-namespace');
      expect(noNamespace.status).toBe(400);
      expect(noNamespace.body.error.message).toMatch(
        /^Entity component:default\/no-namespace has no monitoring\.festivals\.io\/namespace annotation/,
      );
      const otherOwner = await rules('other-owner');
      expect(otherOwner.status).toBe(403);
      expect(otherOwner.body.error.message).toMatch(
        /owned by group:default\/payments-team only; component:default\/other-owner is owned by group:default\/festivals-team$/,
      );
      expect(payments.requests.length).toBe(served);
    } finally {
      await payments.close();
    }
  }, 60_000);
});
