import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.ts';
import {
  startAlertmanager,
  type AlertmanagerConfigVariant,
  type RunningServer,
} from './processes.ts';

// A real Alertmanager with each configuration: alerts posted to its API v2, its own view of
// which are inhibited read back.
jest.setTimeout(60_000);

const namespace = 'festivals-production';

interface UpstreamAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
  fingerprint: string;
}

function alert(alertname: string, severity: string, service: string) {
  return {
    labels: { alertname, severity, namespace, service },
    annotations: { summary: alertname },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 600_000).toISOString(),
  };
}

async function withAlertmanager(
  variant: AlertmanagerConfigVariant,
  body: (am: RunningServer) => Promise<void>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `am-inhibit-${variant}-`));
  // Nothing listens there: delivery fails quietly, inhibition does not depend on it.
  const am = await startAlertmanager({
    port: await freePort(),
    sinkUrl: `http://127.0.0.1:${await freePort()}`,
    dataDir: dir,
    config: variant,
  });
  try {
    await body(am);
  } finally {
    await am.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function post(am: RunningServer, alerts: unknown[]) {
  const res = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(res.status).toBe(200);
}

async function alertsOf(am: RunningServer): Promise<UpstreamAlert[]> {
  const res = await fetch(`${am.url}/api/v2/alerts`);
  expect(res.status).toBe(200);
  return (await res.json()) as UpstreamAlert[];
}

/** The state of every alert once all four are listed (inhibition is computed on read). */
async function states(am: RunningServer): Promise<Record<string, string>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const alerts = await alertsOf(am);
    if (alerts.length === 4 || Date.now() > deadline) {
      return Object.fromEntries(
        alerts.map(a => [
          `${a.labels.service}/${a.labels.alertname}`,
          a.status.state,
        ]),
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

// festivals-api has a critical and a warning alert; festivals-worker a warning and an info one.
const ALERTS = [
  alert('FestivalsHighErrorRate', 'critical', 'festivals-api'),
  alert('FestivalsHighCPU', 'warning', 'festivals-api'),
  alert('FestivalsQueueBacklog', 'warning', 'festivals-worker'),
  alert('FestivalsDeployInfo', 'info', 'festivals-api'),
];

describe('inhibition in a real Alertmanager', () => {
  it('the corrected configuration: a critical alert inhibits its own service’s warnings only', async () => {
    await withAlertmanager('corrected', async am => {
      await post(am, ALERTS);
      expect(await states(am)).toEqual({
        'festivals-api/FestivalsHighErrorRate': 'active',
        'festivals-api/FestivalsHighCPU': 'suppressed',
        'festivals-api/FestivalsDeployInfo': 'active',
        'festivals-worker/FestivalsQueueBacklog': 'active',
      });
      const alerts = await alertsOf(am);
      const critical = alerts.find(
        a => a.labels.alertname === 'FestivalsHighErrorRate',
      )!;
      const cpu = alerts.find(a => a.labels.alertname === 'FestivalsHighCPU')!;
      expect(cpu.status.inhibitedBy).toEqual([critical.fingerprint]);

      // Once the critical alert resolves, the warning is active again.
      await post(am, [
        {
          ...ALERTS[0],
          endsAt: new Date(Date.now() - 1000).toISOString(),
        },
      ]);
      const deadline = Date.now() + 20_000;
      let state = '';
      while (Date.now() < deadline) {
        state = (await alertsOf(am)).find(
          a => a.labels.alertname === 'FestivalsHighCPU',
        )!.status.state;
        if (state === 'active') break;
        await new Promise(r => setTimeout(r, 250));
      }
      expect(state).toBe('active');
    });
  });

  it('the seed’s configuration inhibits nothing, as its comment says', async () => {
    await withAlertmanager('seed', async am => {
      await post(am, ALERTS);
      expect(await states(am)).toEqual({
        'festivals-api/FestivalsHighErrorRate': 'active',
        'festivals-api/FestivalsHighCPU': 'active',
        'festivals-api/FestivalsDeployInfo': 'active',
        'festivals-worker/FestivalsQueueBacklog': 'active',
      });
    });
  });
});
