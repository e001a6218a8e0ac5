/** The tracing UI's page for a trace: `{traceId}` replaced by the URL-encoded id. */
export function traceUrl(template: string, traceId: string): string {
  return template.split('{traceId}').join(encodeURIComponent(traceId));
}
