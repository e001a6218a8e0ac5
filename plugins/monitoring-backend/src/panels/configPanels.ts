import { Config } from '@backstage/config';
import {
  PANEL_CATALOG,
  PanelDefinition,
  PanelKind,
  PanelUnit,
} from '@internal/plugin-monitoring-common';
import { parser } from '@prometheus-io/lezer-promql';
import { renderQueryTemplate } from './queryTemplate';

const UNITS: PanelUnit[] = ['reqps', 'percent', 'seconds', 'count'];
const KINDS: PanelKind[] = ['timeseries', 'stat', 'table'];

/** The first syntax error position of a PromQL expression, or undefined when it parses. */
export function promqlSyntaxError(expr: string): number | undefined {
  let at: number | undefined;
  parser.parse(expr).iterate({
    enter: node => {
      if (at === undefined && node.type.isError) at = node.from;
    },
  });
  return at;
}

/**
 * Panels added per app in `monitoring.panels`, appended to the seed's catalog. Each query is a
 * template (see {@link renderQueryTemplate}) checked at start-up by rendering it for a sample
 * entity and parsing the result, so a typo fails the backend start, not an incident.
 */
export function readConfigPanels(config: Config): PanelDefinition[] {
  const panels: PanelDefinition[] = [];
  const seen = new Set(PANEL_CATALOG.map(p => p.id));
  (config.getOptionalConfigArray('monitoring.panels') ?? []).forEach((c, i) => {
    const where = `monitoring.panels[${i}]`;
    const id = c.getString('id');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      throw new Error(
        `${where}.id must be lowercase letters, digits and dashes: '${id}'`,
      );
    }
    if (seen.has(id)) {
      throw new Error(`${where}.id '${id}' is already used by another panel`);
    }
    seen.add(id);
    const unit = c.getString('unit') as PanelUnit;
    if (!UNITS.includes(unit)) {
      throw new Error(
        `${where}.unit must be one of ${UNITS.join(', ')}, got '${unit}'`,
      );
    }
    const kind = (c.getOptionalString('kind') ?? 'timeseries') as PanelKind;
    if (!KINDS.includes(kind)) {
      throw new Error(
        `${where}.kind must be one of ${KINDS.join(', ')}, got '${kind}'`,
      );
    }
    const template = c.getString('query');
    const sample = renderQueryTemplate(template, {
      matchers: [
        { name: 'namespace', op: '=', value: 'sample' },
        { name: 'job', op: '=', value: 'sample' },
      ],
      rateWindow: '5m',
      rateInterval: '1m',
    });
    const errorAt = promqlSyntaxError(sample);
    if (errorAt !== undefined) {
      throw new Error(
        `${where}.query is not valid PromQL near character ${errorAt}: ${sample}`,
      );
    }
    panels.push({
      id,
      title: c.getString('title'),
      description: c.getOptionalString('description') ?? '',
      kind,
      unit,
      legendLabel: c.getOptionalString('legendLabel'),
      thresholds: c.getOptionalConfigArray('thresholds')?.map(t => ({
        value: t.getNumber('value'),
        label: t.getString('label'),
      })),
      instant: kind !== 'timeseries',
      query: scope => renderQueryTemplate(template, scope),
    });
  });
  return panels;
}
