import { readDeployYaml } from './deployFiles';

// Helm and the charts' values schemas are not available offline here: these check the keys the
// guide sets, with the guide's values, and what deploy/ changed on purpose (see values.yaml).
describe('deploy/kube-prometheus-stack/values.yaml', () => {
  const values = readDeployYaml('kube-prometheus-stack/values.yaml');

  it('keeps the guide’s Prometheus retention, storage, resources and extra scrape job', () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.retention).toBe('15d');
    expect(spec.retentionSize).toBe('50GB');
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: 'gp3',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '100Gi' } },
    });
    expect(spec.resources).toEqual({
      requests: { cpu: '500m', memory: '2Gi' },
      limits: { cpu: '2000m', memory: '8Gi' },
    });
    const [job] = spec.additionalScrapeConfigs;
    expect(job.job_name).toBe('festivals-api');
    expect(job.kubernetes_sd_configs).toEqual([
      { role: 'pod', namespaces: { names: ['festivals-production'] } },
    ]);
    expect(job.relabel_configs.map((r: any) => r.target_label)).toEqual([
      undefined,
      '__metrics_path__',
      '__address__',
    ]);
  });

  it('runs deploy/alertmanager from an existing Secret, with no inline config or secret', () => {
    expect(values.alertmanager.enabled).toBe(true);
    expect(values.alertmanager.config).toBeUndefined();
    expect(values.alertmanager.alertmanagerSpec).toEqual({
      useExistingSecret: true,
      configSecret: 'alertmanager-festivals-config',
      secrets: ['alertmanager-festivals-receivers'],
    });
    expect(values.grafana.adminPassword).toBeUndefined();
    expect(values.grafana.admin.existingSecret).toBe('grafana-admin');
  });

  it('loads dashboards through the Grafana sidecar, with the guide’s persistence', () => {
    expect(values.grafana.enabled).toBe(true);
    expect(values.grafana.persistence).toEqual({ enabled: true, size: '10Gi' });
    expect(values.grafana.sidecar.dashboards).toEqual({
      enabled: true,
      label: 'grafana_dashboard',
      labelValue: '1',
    });
  });
});

describe('deploy/loki/values.yaml', () => {
  const values = readDeployYaml('loki/values.yaml');

  it('keeps the guide’s Loki persistence and 7-day retention', () => {
    expect(values.loki.enabled).toBe(true);
    expect(values.loki.persistence).toEqual({ enabled: true, size: '50Gi' });
    expect(values.loki.config.limits_config.retention_period).toBe('168h');
  });

  it('keeps the guide’s promtail client, JSON pipeline and pod labels', () => {
    expect(values.promtail.enabled).toBe(true);
    expect(values.promtail.config.clients).toEqual([
      { url: 'http://loki:3100/loki/api/v1/push' },
    ]);
    const [job] = values.promtail.config.scrape_configs;
    expect(job.job_name).toBe('kubernetes-pods');
    expect(job.pipeline_stages).toEqual([
      {
        json: {
          expressions: { level: 'level', msg: 'msg', timestamp: 'time' },
        },
      },
      { labels: { level: null } },
      { timestamp: { source: 'timestamp', format: 'RFC3339Nano' } },
    ]);
    expect(
      job.relabel_configs.map((r: any) => [r.source_labels[0], r.target_label]),
    ).toEqual([
      ['__meta_kubernetes_pod_label_app_kubernetes_io_name', 'app'],
      ['__meta_kubernetes_namespace', 'namespace'],
      ['__meta_kubernetes_pod_name', 'pod'],
    ]);
  });
});
