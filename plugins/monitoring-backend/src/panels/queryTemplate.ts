import {
  escapeLabelValue,
  formatMatchers,
  PanelScope,
} from '@internal/plugin-monitoring-common';

/**
 * Variables of a configured panel query, Grafana-style so a dashboard query can be pasted:
 * `$selector` = `{namespace="…",job="…"}`, `$matchers` = the same without braces (to add more),
 * `$namespace` / `$job` = the escaped values for use inside double quotes, `$__rate_interval`.
 */
const VARIABLE = /\$(__rate_interval|selector|matchers|namespace|job)\b/g;

export function renderQueryTemplate(
  template: string,
  scope: PanelScope,
): string {
  const value = (label: string) =>
    escapeLabelValue(scope.matchers.find(m => m.name === label)?.value ?? '');
  return template.replace(VARIABLE, (_, name: string) => {
    switch (name) {
      case '__rate_interval':
        return scope.rateInterval;
      case 'selector':
        return `{${formatMatchers(scope.matchers)}}`;
      case 'matchers':
        return formatMatchers(scope.matchers);
      default:
        return value(name);
    }
  });
}
