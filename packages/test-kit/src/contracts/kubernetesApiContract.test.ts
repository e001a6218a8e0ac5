import { startKubernetesApiContractServer } from './kubernetesApiContract';

// The contract server answers as the Kubernetes API reference documents (status codes and
// metav1.Status bodies), so the action tests exercise the real client against realistic replies.
describe('Kubernetes API contract server', () => {
  const path =
    '/apis/monitoring.coreos.com/v1/namespaces/shop/servicemonitors/payments';
  const body = JSON.stringify({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'payments', namespace: 'shop' },
    spec: { endpoints: [{ port: 'metrics' }], selector: {} },
  });

  it('answers with metav1.Status for the documented failures', async () => {
    const server = await startKubernetesApiContractServer();
    try {
      const call = async (query: string, contentType: string) => {
        const res = await fetch(`${server.url}${path}${query}`, {
          method: 'PATCH',
          headers: { 'Content-Type': contentType },
          body,
        });
        return [res.status, (await res.json()).reason];
      };
      expect(await call('', 'application/apply-patch+yaml')).toEqual([
        400,
        'BadRequest',
      ]);
      expect(await call('?fieldManager=a', 'application/json')).toEqual([
        415,
        'UnsupportedMediaType',
      ]);
      expect(
        await call(
          '?fieldManager=a&dryRun=Some',
          'application/apply-patch+yaml',
        ),
      ).toEqual([400, 'BadRequest']);
      const missing = await fetch(`${server.url}${path}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'servicemonitors.monitoring.coreos.com "payments" not found',
        code: 404,
      });
      expect(
        await call('?fieldManager=a', 'application/apply-patch+yaml'),
      ).toEqual([201, undefined]);
      const again = await fetch(`${server.url}${path}?fieldManager=a`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body,
      });
      expect(again.status).toBe(200);
      expect((await again.json()).metadata.resourceVersion).toBe(
        (server.get('servicemonitors', 'shop', 'payments') as any).metadata
          .resourceVersion,
      );
    } finally {
      await server.close();
    }
  });
});
