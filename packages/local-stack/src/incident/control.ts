import fs from 'node:fs';
import http from 'node:http';
import { parse } from 'yaml';
import type { RunningStack } from '../stack.ts';
import { INCIDENTS, findIncident, type IncidentChanges } from './scenarios.ts';

export interface IncidentControlOptions {
  port: number;
  stack: RunningStack;
  /** The rule file Prometheus loaded: each answer names its alert's `for` from it. */
  rulesFile: string;
  /** The shortened rules are loaded (`--fast-alerts`). */
  fast: boolean;
}

export interface RunningIncidentControl {
  url: string;
  close(): Promise<void>;
}

interface ActiveIncident {
  name: string;
  alert: string;
  since: string;
}

interface RuleTiming {
  for: string;
  /** The longest range window of its expression (`1h` for FestivalsNoTicketSales), if any. */
  window?: string;
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Each alert's `for` and window in the loaded rule file: how long until it can fire. */
function ruleTimings(rulesFile: string): Record<string, RuleTiming> {
  const doc = parse(fs.readFileSync(rulesFile, 'utf8'));
  const out: Record<string, RuleTiming> = {};
  for (const group of doc.groups ?? [])
    for (const rule of group.rules ?? []) {
      if (!rule.alert) continue;
      const windows = [...String(rule.expr).matchAll(/\[(\d+)([smhd])\]/g)];
      const longest = windows.sort(
        (a, b) => Number(b[1]) * SECONDS[b[2]] - Number(a[1]) * SECONDS[a[2]],
      )[0];
      out[rule.alert] = {
        for: String(rule.for ?? '0s'),
        window: longest ? `${longest[1]}${longest[2]}` : undefined,
      };
    }
  return out;
}

class UpstreamError extends Error {}

/**
 * The incident replay's control surface on a running local stack (127.0.0.1 only):
 * `GET /incident` (what is active), `POST /incident/<name>`, `POST /incident/recover`.
 * `./scripts/incident` is its client.
 */
export async function startIncidentControl(
  options: IncidentControlOptions,
): Promise<RunningIncidentControl> {
  const { stack } = options;
  const timings = ruleTimings(options.rulesFile);
  const active: ActiveIncident[] = [];

  const workloadUrl = (service: string) => {
    const w = stack.workloads.find(x => x.service === service);
    if (!w) throw new Error(`No workload ${service} in this stack`);
    return w.url;
  };
  const postWorkload = async (
    service: string,
    path: string,
    body?: unknown,
  ) => {
    const url = `${workloadUrl(service)}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new UpstreamError(
        `workload ${service} at ${url} unreachable (${
          (e as Error).message
        }); is ./scripts/run still running?`,
      );
    }
    if (!res.ok)
      throw new UpstreamError(
        `workload ${service} at ${url} answered ${
          res.status
        }: ${await res.text()}`,
      );
  };

  const apply = async (changes: IncidentChanges) => {
    for (const [service, knobs] of Object.entries(changes.workloads ?? {}))
      await postWorkload(service, '/knobs', knobs);
    for (const [service, knobs] of Object.entries(changes.cluster ?? {}))
      stack.cluster.update(service, knobs);
    for (const [service, scenario] of Object.entries(changes.kubernetes ?? {}))
      stack.kubernetes?.state.setScenario(service, scenario);
  };

  const recover = async () => {
    for (const w of stack.workloads) {
      await postWorkload(w.service, '/knobs/reset');
      // The stack's own starting knobs (undefined = the cluster stand-in's defaults).
      stack.cluster.update(w.service, {
        cpuRatio: w.cpuRatio,
        memoryRatio: w.memoryRatio,
        restartsPerMinute: w.restartsPerMinute,
      });
    }
    stack.kubernetes?.state.clearScenarios();
    active.length = 0;
  };

  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(`${JSON.stringify(body, null, 2)}\n`);
  };

  const describe = () => ({
    fast: options.fast,
    active,
    incidents: INCIDENTS.map(i => ({
      name: i.name,
      alert: i.alert,
      alsoFires: i.alsoFires ?? [],
      ...timings[i.alert],
      service: i.service,
      youSee: i.youSee,
    })),
  });

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
    if (path === '/incident' && req.method === 'GET') {
      reply(res, 200, describe());
      return;
    }
    const match = /^\/incident\/([a-z0-9-]+)$/.exec(path);
    if (!match) {
      reply(res, 404, {
        error: `${req.method} ${path}: not found; use GET /incident, POST /incident/<name> or POST /incident/recover`,
      });
      return;
    }
    if (req.method !== 'POST') {
      reply(res, 405, { error: `${req.method} ${path}: use POST` });
      return;
    }
    const name = match[1];
    if (name === 'recover') {
      const cleared = active.map(a => a.name);
      await recover();
      reply(res, 200, {
        incident: 'recover',
        cleared,
        changed:
          'every workload knob, the cluster stand-in and the Kubernetes scenarios back to their defaults',
        expect:
          'firing alerts resolve once their expression is false again (within the rule windows)',
      });
      return;
    }
    const incident = findIncident(name);
    if (!incident) {
      reply(res, 404, {
        error: `unknown incident "${name}"; known: ${INCIDENTS.map(
          i => i.name,
        ).join(', ')}, recover`,
      });
      return;
    }
    const changes = incident.changes(options.fast);
    await apply(changes);
    active.push({
      name,
      alert: incident.alert,
      since: new Date().toISOString(),
    });
    reply(res, 200, {
      incident: name,
      alert: incident.alert,
      alsoFires: incident.alsoFires ?? [],
      ...timings[incident.alert],
      fast: options.fast,
      service: incident.service,
      changed: changes,
      youSee: incident.youSee,
    });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(e =>
      reply(res, e instanceof UpstreamError ? 502 : 500, {
        error: (e as Error).message,
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
