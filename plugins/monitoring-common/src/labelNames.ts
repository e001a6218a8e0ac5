/**
 * The Prometheus label-name rule (`[a-zA-Z_][a-zA-Z0-9_]*`): one regex for every place that
 * checks a label name — PromQL matchers, Alertmanager silences, generated alert rules.
 * @public
 */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** @public */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME_PATTERN.test(name);
}
