import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { deployDir, readDeployYaml } from './deployFiles';

const FILES = ['alertmanager.yml', 'alertmanager.corrected.yml'];
const file = (name: string) => path.join(deployDir(), 'alertmanager', name);

describe.each(FILES)('deploy/alertmanager/%s', name => {
  it('passes amtool check-config with the four receivers', () => {
    const out = execFileSync('amtool', ['check-config', file(name)], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS/);
    expect(out).toMatch(/4 receivers/);
  });

  it.each([
    ['severity=critical', 'pagerduty-critical,slack-critical'],
    ['severity=warning', 'slack-warnings'],
    ['severity=info', 'slack-notifications'],
  ])('routes a festivals-api alert with %s to %s', (severity, receivers) => {
    const out = execFileSync(
      'amtool',
      [
        'config',
        'routes',
        'test',
        `--config.file=${file(name)}`,
        severity,
        'service=festivals-api',
        'namespace=festivals-production',
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe(receivers);
  });

  it('keeps the guide’s Slack and PagerDuty receivers, secrets read from the mounted receivers Secret', () => {
    const config = readDeployYaml(`alertmanager/${name}`);
    const kinds = Object.fromEntries(
      config.receivers.map((r: any) => [
        r.name,
        Object.keys(r).filter(k => k.endsWith('_configs')),
      ]),
    );
    expect(kinds).toEqual({
      'slack-notifications': ['slack_configs'],
      'slack-critical': ['slack_configs'],
      'slack-warnings': ['slack_configs'],
      'pagerduty-critical': ['pagerduty_configs'],
    });
    const channels = config.receivers
      .filter((r: any) => r.slack_configs)
      .map((r: any) => r.slack_configs[0].channel);
    expect(channels).toEqual([
      '#alerts',
      '#alerts-critical',
      '#alerts-warnings',
    ]);

    // No secret inline: the webhook URL and routing key are files of the Secret that the
    // kube-prometheus-stack values mount (Alertmanager does not expand environment variables).
    const text = JSON.stringify(config);
    expect(text).not.toMatch(
      /hooks\.slack\.com|"api_url"|"routing_key"|"service_key"/,
    );
    const secrets: string[] = readDeployYaml(
      'kube-prometheus-stack/values.yaml',
    ).alertmanager.alertmanagerSpec.secrets;
    const mounted = (p: string) =>
      secrets.some(s => p.startsWith(`/etc/alertmanager/secrets/${s}/`));
    expect(mounted(config.global.slack_api_url_file)).toBe(true);
    const pagerduty = config.receivers.find(
      (r: any) => r.name === 'pagerduty-critical',
    ).pagerduty_configs[0];
    expect(mounted(pagerduty.routing_key_file)).toBe(true);
  });
});
