import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readClusters } from './readClusters';

const config = (clusterLocatorMethods: JsonValue) =>
  new ConfigReader({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods,
    },
  });

describe('readClusters', () => {
  it("reads the Kubernetes plugin's config clusters, with its defaults", () => {
    expect(
      readClusters(
        config([
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: 'http://127.0.0.1:9097/',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'token',
                skipTLSVerify: true,
              },
              {
                name: 'prod',
                url: 'https://k8s.example.com',
                authProvider: 'serviceAccount',
                caData: 'Q0E=',
                skipMetricsLookup: true,
              },
            ],
          },
        ]),
      ),
    ).toEqual([
      {
        name: 'local',
        url: 'http://127.0.0.1:9097',
        serviceAccountToken: 'token',
        skipTLSVerify: true,
        caData: undefined,
        skipMetricsLookup: false,
      },
      {
        name: 'prod',
        url: 'https://k8s.example.com',
        serviceAccountToken: undefined,
        skipTLSVerify: false,
        caData: 'Q0E=',
        skipMetricsLookup: true,
      },
    ]);
  });

  it('is empty without kubernetes config', () => {
    expect(readClusters(new ConfigReader({}))).toEqual([]);
  });

  it('refuses a URL that is not http(s), naming the key', () => {
    expect(() =>
      readClusters(
        config([
          { type: 'config', clusters: [{ name: 'a', url: 'k8s.local' }] },
        ]),
      ),
    ).toThrow(
      "kubernetes.clusterLocatorMethods[0].clusters[0].url must be an absolute URL, got 'k8s.local'",
    );
    expect(() =>
      readClusters(
        config([
          { type: 'config', clusters: [{ name: 'a', url: 'file:///etc/x' }] },
        ]),
      ),
    ).toThrow(/must be http\(s\)/);
  });
});
