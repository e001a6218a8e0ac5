import { stringify } from 'yaml';
import {
  buildPrometheusRule,
  buildServiceMonitor,
  type KubernetesManifest,
  type ManifestSettings,
} from './manifests';
import type { MonitoredService } from './spec';

export interface GeneratedManifests {
  serviceMonitor: KubernetesManifest;
  prometheusRule: KubernetesManifest;
}

export function generateManifests(
  service: MonitoredService,
  settings: ManifestSettings,
): GeneratedManifests {
  return {
    serviceMonitor: buildServiceMonitor(service, settings),
    prometheusRule: buildPrometheusRule(service, settings),
  };
}

/** YAML as a reviewer reads it: block style, long PromQL kept on its lines. */
export function toYaml(manifest: object): string {
  return stringify(manifest, { lineWidth: 0 });
}
