import { parseDuration } from '@internal/plugin-monitoring-common';
import {
  PrometheusInstance,
  PrometheusTarget,
} from '@internal/plugin-monitoring-node';

/** The part of the Prometheus client this needs. */
export interface TargetsSource {
  targets(instance: PrometheusInstance): Promise<PrometheusTarget[]>;
}

/** Targets change with deployments, not per request: re-read every few minutes. */
const TTL_MS = 5 * 60_000;
/** After a failed read, use the configured interval for a while before asking again. */
const FAILED_TTL_MS = 30_000;
/** Panels never wait longer than this for the targets; the configured interval is used meanwhile. */
const WAIT_MS = 2_000;

/** Scrape interval (seconds) of each job, from the targets' `scrapeInterval`. */
export function intervalsByJob(
  targets: PrometheusTarget[],
): Map<string, number> {
  const byJob = new Map<string, number>();
  for (const target of targets) {
    const job = target.labels.job;
    const seconds = target.scrapeInterval
      ? parseDuration(target.scrapeInterval)
      : undefined;
    if (!job || !seconds) continue;
    // Several pools may scrape one job at different intervals: the longest one bounds how
    // often a sample arrives, so steps and windows based on it never fall between samples.
    byJob.set(job, Math.max(byJob.get(job) ?? 0, seconds));
  }
  return byJob;
}

/**
 * The scrape interval of an entity's job as Prometheus itself reports it (`/api/v1/targets`),
 * with the instance's configured `scrapeInterval` as the fallback when Prometheus does not say,
 * is slow or fails: a panel never fails or waits long because of this look-up. One read per
 * instance every few minutes, shared by all requests (single-flight); memory is bounded by the
 * number of configured instances and the jobs in one (size-bounded) targets answer.
 */
export class ScrapeIntervals {
  private readonly byInstance = new Map<
    string,
    { expiresAt: number; jobs: Promise<Map<string, number>> }
  >();

  private constructor(
    private readonly prometheus: TargetsSource,
    private readonly now: () => number,
    private readonly waitMs: number,
  ) {}

  static create(options: {
    prometheus: TargetsSource;
    /** Clock in ms, injectable for tests. */
    now?: () => number;
    waitMs?: number;
  }): ScrapeIntervals {
    return new ScrapeIntervals(
      options.prometheus,
      options.now ?? Date.now,
      options.waitMs ?? WAIT_MS,
    );
  }

  /** Seconds between scrapes of `job` on `instance`. */
  async forJob(instance: PrometheusInstance, job: string): Promise<number> {
    const fallback = instance.scrapeIntervalSeconds;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), this.waitMs);
    });
    try {
      const jobs = await Promise.race([this.jobs(instance), timeout]);
      return jobs?.get(job) ?? fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  private jobs(instance: PrometheusInstance): Promise<Map<string, number>> {
    const now = this.now();
    const entry = this.byInstance.get(instance.name);
    if (entry && entry.expiresAt > now) return entry.jobs;
    const next = {
      expiresAt: now + TTL_MS,
      jobs: this.prometheus.targets(instance).then(intervalsByJob, () => {
        next.expiresAt = this.now() + FAILED_TTL_MS;
        return new Map<string, number>();
      }),
    };
    this.byInstance.set(instance.name, next);
    return next.jobs;
  }
}
