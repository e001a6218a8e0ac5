import { DiagnosticsResponse } from '@internal/plugin-monitoring-common';

/** What the steps can show live, decided once for the whole tab. */
export type LiveState =
  /** The permission framework is still answering, or the request is in flight. */
  | { status: 'loading' }
  /** monitoring.diagnostics.read denied: nothing was asked of the backend. */
  | { status: 'denied' }
  /** The entity lacks (valid) Kubernetes annotations: the message says which. */
  | { status: 'unavailable'; message: string }
  /** The whole request failed (backend down, 5xx): each step says so. */
  | { status: 'failed'; error: Error }
  | { status: 'loaded'; response: DiagnosticsResponse };
