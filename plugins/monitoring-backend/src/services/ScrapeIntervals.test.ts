import {
  PrometheusInstance,
  PrometheusTarget,
} from '@internal/plugin-monitoring-node';
import { ScrapeIntervals } from './ScrapeIntervals';

const instance = {
  name: 'p',
  scrapeIntervalSeconds: 15,
} as PrometheusInstance;

const target = (job: string, scrapeInterval?: string): PrometheusTarget => ({
  labels: { job, instance: `${job}:8080` },
  scrapeUrl: `http://${job}:8080/metrics`,
  health: 'up',
  lastError: '',
  scrapeInterval,
});

function source(answer: () => Promise<PrometheusTarget[]>) {
  const calls: string[] = [];
  return {
    calls,
    targets: async (i: PrometheusInstance) => {
      calls.push(i.name);
      return answer();
    },
  };
}

describe('ScrapeIntervals', () => {
  it("uses the interval Prometheus reports for the job, the longest of the job's pools", async () => {
    const prometheus = source(async () => [
      target('api', '5s'),
      target('api', '10s'),
      target('worker', '1m'),
    ]);
    const intervals = ScrapeIntervals.create({ prometheus });
    expect(await intervals.forJob(instance, 'api')).toBe(10);
    expect(await intervals.forJob(instance, 'worker')).toBe(60);
  });

  it('falls back to the configured interval for an unknown job or a target that does not say', async () => {
    const prometheus = source(async () => [target('old')]);
    const intervals = ScrapeIntervals.create({ prometheus });
    expect(await intervals.forJob(instance, 'old')).toBe(15);
    expect(await intervals.forJob(instance, 'other')).toBe(15);
  });

  it('reads the targets once per few minutes, and again after that', async () => {
    let now = 0;
    const prometheus = source(async () => [target('api', '5s')]);
    const intervals = ScrapeIntervals.create({ prometheus, now: () => now });
    await Promise.all([
      intervals.forJob(instance, 'api'),
      intervals.forJob(instance, 'api'),
    ]);
    now += 60_000;
    await intervals.forJob(instance, 'api');
    expect(prometheus.calls).toEqual(['p']);
    now += 5 * 60_000;
    await intervals.forJob(instance, 'api');
    expect(prometheus.calls).toEqual(['p', 'p']);
  });

  it('never fails because the targets call failed, and retries after a while', async () => {
    let now = 0;
    let fail = true;
    const prometheus = source(async () => {
      if (fail) throw new Error('Prometheus at http://p answered 503');
      return [target('api', '5s')];
    });
    const intervals = ScrapeIntervals.create({ prometheus, now: () => now });
    expect(await intervals.forJob(instance, 'api')).toBe(15);
    fail = false;
    now += 10_000;
    expect(await intervals.forJob(instance, 'api')).toBe(15);
    now += 30_000;
    expect(await intervals.forJob(instance, 'api')).toBe(5);
  });

  it('does not hold a panel up while Prometheus is slow to list its targets', async () => {
    let release: (t: PrometheusTarget[]) => void = () => {};
    const prometheus = source(
      () => new Promise<PrometheusTarget[]>(resolve => (release = resolve)),
    );
    const intervals = ScrapeIntervals.create({ prometheus, waitMs: 20 });
    expect(await intervals.forJob(instance, 'api')).toBe(15);
    // The answer still arrives and serves the next request.
    release([target('api', '5s')]);
    expect(await intervals.forJob(instance, 'api')).toBe(5);
  });
});
