import {
  DiagnosticKind,
  DiagnosticResult,
  DiagnosticStep,
  MonitoringAlert,
  renderRunbookCommand,
  Runbook,
  RunbookCommandValues,
} from '@internal/plugin-monitoring-common';

/** Alert names firing for the entity now: active, neither silenced nor inhibited. */
export function firingAlertNames(alerts: MonitoringAlert[]): Set<string> {
  return new Set(
    alerts.filter(a => a.state === 'active').map(a => a.alertname),
  );
}

/** Firing runbooks first, each group in the guide's order. */
export function orderRunbooks(
  runbooks: readonly Runbook[],
  firing: Set<string>,
): Runbook[] {
  return [
    ...runbooks.filter(r => firing.has(r.alert)),
    ...runbooks.filter(r => !firing.has(r.alert)),
  ];
}

/** Every kind the runbooks' steps read, once, so one request serves the whole tab. */
export function neededKinds(runbooks: readonly Runbook[]): DiagnosticKind[] {
  return [...new Set(runbooks.flatMap(r => r.steps.map(s => s.kind)))];
}

/**
 * The alert the URL points at: the Alerts tab links to `…/runbooks#<alertname>`, others may use
 * `?alert=<alertname>`. Only a known runbook counts.
 */
export function anchoredAlert(
  location: { hash: string; search: string },
  runbooks: readonly Runbook[],
): string | undefined {
  let name = new URLSearchParams(location.search).get('alert') ?? undefined;
  if (!name && location.hash.length > 1) {
    try {
      name = decodeURIComponent(location.hash.slice(1));
    } catch {
      name = undefined;
    }
  }
  return runbooks.some(r => r.alert === name) ? name : undefined;
}

/**
 * The command to show for a step: the backend's (it knows the live Deployment name), else the
 * template rendered with the entity's values, else the template as the guide writes it with a
 * note saying which value is missing.
 */
export function commandOf(
  step: DiagnosticStep,
  values: RunbookCommandValues | undefined,
  result?: DiagnosticResult,
): { text: string; problem?: string } {
  if (result?.command) return { text: result.command };
  if (!values) {
    return {
      text: step.command,
      problem: 'Placeholders left as is: the entity has no Kubernetes target.',
    };
  }
  try {
    return { text: renderRunbookCommand(step.command, values) };
  } catch (e) {
    return { text: step.command, problem: (e as Error).message };
  }
}
