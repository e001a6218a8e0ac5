import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleMonitoring } from './module';

describe('scaffolderModuleMonitoring', () => {
  it('registers the three monitoring actions with the scaffolder', async () => {
    const addActions = jest.fn();
    const registry = mockServices.permissionsRegistry.mock();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleMonitoring,
        mockServices.rootConfig.factory(),
        registry.factory,
      ],
    });
    expect(registry.addPermissions.mock.calls.flat(2).map(p => p.name)).toEqual(
      ['monitoring.manifests.apply'],
    );
    const ids = addActions.mock.calls.flat().map((a: { id: string }) => a.id);
    expect(ids).toEqual([
      'monitoring:manifests:generate',
      'monitoring:kubernetes:apply',
      'monitoring:prometheus:verify',
    ]);
  });

  it('refuses a bad cluster URL at start, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleMonitoring,
          mockServices.rootConfig.factory({
            data: {
              monitoring: {
                scaffolder: {
                  kubernetes: { clusters: [{ name: 'a', url: 'not a url' }] },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /monitoring\.scaffolder\.kubernetes\.clusters\[\]\.url must be an absolute URL/,
    );
  });

  it('refuses a caFile that does not exist at start, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleMonitoring,
          mockServices.rootConfig.factory({
            data: {
              monitoring: {
                scaffolder: {
                  kubernetes: {
                    clusters: [
                      {
                        name: 'a',
                        url: 'https://k8s.example.org:6443',
                        caFile: '/nonexistent/ca.pem',
                      },
                    ],
                  },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "monitoring.scaffolder.kubernetes.clusters[].caFile: no file at '/nonexistent/ca.pem'",
    );
  });
});
