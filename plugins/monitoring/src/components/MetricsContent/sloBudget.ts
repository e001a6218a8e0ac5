import { PanelResult, SLO_SERIES } from '@internal/plugin-monitoring-common';

/** What a budget panel says, read from its two series. */
export interface SloBudget {
  /** Percent of the window's budget left; negative when overspent; undefined without requests. */
  leftPercent?: number;
  /** Seconds of data Prometheus holds within the window. */
  coverageSeconds?: number;
}

function last(panel: PanelResult, series: string): number | undefined {
  const found = panel.series?.find(s => s.labels.series === series);
  const values = (found?.points ?? [])
    .map(([, v]) => v)
    .filter((v): v is number => v !== null);
  return values.length ? values[values.length - 1] : undefined;
}

export function readSloBudget(panel: PanelResult): SloBudget {
  return {
    leftPercent: last(panel, SLO_SERIES.budget),
    coverageSeconds: last(panel, SLO_SERIES.coverage),
  };
}

const percent = (v: number) => `${Number(v.toFixed(1))} %`;

/** "83 % of the 30-day error budget left", or how far it is overspent. */
export function budgetSentence(
  leftPercent: number,
  windowDays: number,
): string {
  const budget = `${windowDays}-day error budget`;
  return leftPercent >= 0
    ? `${percent(leftPercent)} of the ${budget} left`
    : `No error budget left: ${percent(
        100 - leftPercent,
      )} of the ${budget} spent`;
}

/**
 * When Prometheus holds less than the window (a young stack, a short retention), the budget is
 * measured over what it holds: say how much. The first sample is found to the minute, so a
 * window within 2 minutes of full counts as full.
 */
export function coverageSentence(
  coverageSeconds: number | undefined,
  windowDays: number,
): string | undefined {
  if (coverageSeconds === undefined) return undefined;
  const windowSeconds = windowDays * 86400;
  if (coverageSeconds >= windowSeconds - 120) return undefined;
  return `Measured over the ${spanWords(
    coverageSeconds,
  )} of data Prometheus holds, not the full ${windowDays} days.`;
}

function spanWords(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days)
    return hours
      ? `${unit(days, 'day')} ${unit(hours, 'hour')}`
      : unit(days, 'day');
  if (hours)
    return minutes
      ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`
      : unit(hours, 'hour');
  return unit(Math.max(1, minutes), 'minute');
}
