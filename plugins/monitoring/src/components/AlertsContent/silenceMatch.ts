import {
  MonitoringAlert,
  SilenceMatcher,
} from '@internal/plugin-monitoring-common';

/**
 * Which current alerts a silence's matchers catch, computed in the browser for the create
 * dialog's preview. Alertmanager semantics: every matcher must hold; a missing label is the
 * empty string; regexes are RE2 and fully anchored. JavaScript runs most simple RE2 patterns the
 * same; syntax where the two differ (`(?i)`, `(?P<n>`, `\z`, `\p{..}`, `[[:alpha:]]`, `\Q`, back
 * references, look-around) makes the preview say it cannot tell rather than guess.
 */

const RE2_ONLY_OR_JS_ONLY = /\(\?[^:]|\\[zAQEpPC0-9]|\[\[:|\\k</;

/** A tester for one matcher's value, or the reason the browser cannot evaluate it. */
function tester(m: SilenceMatcher): ((value: string) => boolean) | string {
  if (!m.isRegex) return value => value === m.value;
  if (RE2_ONLY_OR_JS_ONLY.test(m.value))
    return `the pattern ${m.value} uses syntax the browser cannot evaluate as Alertmanager would`;
  try {
    const re = new RegExp(`^(?:${m.value})$`);
    return value => re.test(value);
  } catch {
    return `${m.value} is not a pattern the browser can compile`;
  }
}

export type SilencePreview =
  | { kind: 'count'; matched: MonitoringAlert[] }
  | { kind: 'unknown'; reason: string };

/** The alerts a silence with these matchers would mute now, or why that cannot be told. */
export function previewSilence(
  matchers: SilenceMatcher[],
  alerts: MonitoringAlert[],
): SilencePreview {
  const tests: Array<{
    name: string;
    isEqual: boolean;
    test: (v: string) => boolean;
  }> = [];
  for (const m of matchers) {
    const t = tester(m);
    if (typeof t === 'string') return { kind: 'unknown', reason: t };
    tests.push({ name: m.name, isEqual: m.isEqual, test: t });
  }
  const matched = alerts.filter(alert =>
    tests.every(
      ({ name, isEqual, test }) => test(alert.labels[name] ?? '') === isEqual,
    ),
  );
  return { kind: 'count', matched };
}
