import { filtersToParams } from '../LogsContent/logFilters';
import { ChartWindow } from '../PanelCard';
import { rangeToParams } from '../TimeRange/timeRange';

/** Panels about errors: their logs open on error lines. */
export const ERROR_PANEL_IDS = ['error-rate', 'error-rate-by-endpoint'];

/**
 * The Logs tab on a chart window (absolute, whole seconds, in the URL form both tabs read);
 * from an error panel, the `level` view on `error` lines.
 */
export function logsWindowLink(
  logsPath: string,
  window: ChartWindow,
  panelId: string,
): string {
  let params = rangeToParams(
    {
      kind: 'absolute',
      start: Math.floor(window.start),
      end: Math.ceil(window.end),
    },
    new URLSearchParams(),
  );
  if (ERROR_PANEL_IDS.includes(panelId)) {
    params = filtersToParams(
      {
        view: 'level',
        level: 'error',
        contains: [],
        notContains: [],
        fields: {},
      },
      params,
    );
  }
  return `${logsPath}?${params}`;
}
