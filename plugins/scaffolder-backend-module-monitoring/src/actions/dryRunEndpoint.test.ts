import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubernetesApiContractServer,
  type KubernetesApiContractServer,
} from '@internal/test-kit';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { generateManifests, toYaml } from '../generators/render';
import { parseMonitoredService } from '../generators/spec';
import { scaffolderModuleMonitoring } from '../module';

// The scaffolder's own dry-run endpoint (what the template editor's preview calls) with this
// module: a cluster's refusal comes back as the HTTP status of its Backstage error type, not 500.
jest.setTimeout(120_000);

const TOKEN = 'test-service-account-token';
const manifests = generateManifests(
  parseMonitoredService({ name: 'payments', namespace: 'shop' }),
  {
    serviceMonitorLabels: { release: 'prometheus' },
    prometheusRuleLabels: { release: 'prometheus' },
    runbookBaseUrl: 'https://runbooks.example.org',
  },
);

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'apply-only' },
  spec: {
    type: 'service',
    parameters: [],
    steps: [
      {
        id: 'fetch',
        name: 'Manifests',
        action: 'fetch:plain',
        input: { url: './content' },
      },
      {
        id: 'apply',
        name: 'Apply',
        action: 'monitoring:kubernetes:apply',
        input: {
          manifestPaths: [
            'monitoring/servicemonitor.yaml',
            'monitoring/prometheusrule.yaml',
          ],
          cluster: '',
        },
      },
    ],
  },
};
const file = (path: string, text: string) => ({
  path,
  base64Content: Buffer.from(text).toString('base64'),
});
const directoryContents = [
  file('template.yaml', JSON.stringify(template)),
  file(
    'content/monitoring/servicemonitor.yaml',
    toYaml(manifests.serviceMonitor),
  ),
  file(
    'content/monitoring/prometheusrule.yaml',
    toYaml(manifests.prometheusRule),
  ),
];

let cluster: KubernetesApiContractServer;
let bare: KubernetesApiContractServer;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  cluster = await startKubernetesApiContractServer({ token: TOKEN });
  bare = await startKubernetesApiContractServer({
    token: TOKEN,
    crdsInstalled: false,
  });
  backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleMonitoring,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({
        data: {
          monitoring: {
            scaffolder: {
              kubernetes: {
                defaultCluster: 'local',
                clusters: [
                  {
                    name: 'local',
                    url: cluster.url,
                    serviceAccountToken: TOKEN,
                    skipTLSVerify: true,
                  },
                  {
                    name: 'bare',
                    url: bare.url,
                    serviceAccountToken: TOKEN,
                    skipTLSVerify: true,
                  },
                ],
              },
            },
          },
        },
      }),
    ],
  });
});
afterAll(async () => {
  await backend?.stop();
  await cluster?.close();
  await bare?.close();
});

/** A dry run of the one-step template, with the step's `cluster` input ('' = the default). */
const dryRunOn = (clusterName: string) => {
  const [fetchStep, applyStep] = template.spec.steps;
  const step = {
    ...applyStep,
    input: { ...applyStep.input, cluster: clusterName },
  };
  return request(backend.server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template: {
        ...template,
        spec: { ...template.spec, steps: [fetchStep, step] },
      },
      values: {},
      directoryContents,
    });
};
const dryRun = () => dryRunOn('');

describe('the scaffolder dry-run endpoint with monitoring:kubernetes:apply', () => {
  it('answers 200 with a server dry run of both objects', async () => {
    const res = await dryRun();
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(
      cluster.requests
        .filter(r => r.method === 'PATCH')
        .every(r => r.query.dryRun === 'All'),
    ).toBe(true);
  });

  it('answers 403 NotAllowedError when the cluster refuses (RBAC)', async () => {
    cluster.forbidden.add('servicemonitors');
    try {
      const res = await dryRun();
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /HTTP 403.*grant the service account get, create and patch/,
        ),
      });
    } finally {
      cluster.forbidden.delete('servicemonitors');
    }
  });

  it('answers 404 NotFoundError when the cluster lacks the CRDs', async () => {
    const res = await dryRunOn('bare');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringMatching(/install the prometheus-operator CRDs/),
    });
  });

  it('answers 400 InputError for a cluster name that is not configured', async () => {
    const res = await dryRunOn('missing');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/no Kubernetes cluster named 'missing'/),
    });
  });
});
