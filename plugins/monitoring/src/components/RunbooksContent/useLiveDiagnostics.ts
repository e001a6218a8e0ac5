import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DiagnosticKind,
  monitoringDiagnosticsReadPermission,
} from '@internal/plugin-monitoring-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { monitoringApiRef } from '../../api';
import { LiveState } from './liveState';

/**
 * One request for every step the runbooks show, only once the permission framework allows it
 * and the entity names its workload (`targetProblem` undefined); `retry` is the Refresh button.
 */
export function useLiveDiagnostics(options: {
  entityRef: string;
  kinds: DiagnosticKind[];
  targetProblem?: string;
}): { live: LiveState; refresh?: () => void; refreshing: boolean } {
  const { entityRef, kinds, targetProblem } = options;
  const api = useApi(monitoringApiRef);
  const permission = usePermission({
    permission: monitoringDiagnosticsReadPermission,
    resourceRef: entityRef,
  });
  const canRead = !permission.loading && permission.allowed && !targetProblem;
  const key = kinds.join(',');
  const state = useAsyncRetry(async () => {
    if (!canRead) return undefined;
    return api.getDiagnostics({
      entityRef,
      steps: key.split(',') as DiagnosticKind[],
    });
  }, [api, entityRef, key, canRead]);

  const refreshing = state.loading;
  if (permission.loading) return { live: { status: 'loading' }, refreshing };
  if (!permission.allowed) return { live: { status: 'denied' }, refreshing };
  if (targetProblem)
    return {
      live: { status: 'unavailable', message: targetProblem },
      refreshing,
    };
  if (state.error && !state.loading) {
    // The backend's 400 names the annotation when the catalog entity lacks it.
    if (
      state.error instanceof ResponseError &&
      state.error.statusCode === 400
    ) {
      return {
        live: {
          status: 'unavailable',
          message: state.error.body.error.message,
        },
        refresh: state.retry,
        refreshing,
      };
    }
    return {
      live: { status: 'failed', error: state.error },
      refresh: state.retry,
      refreshing,
    };
  }
  // A refresh keeps the previous results on screen until the new ones arrive.
  if (!state.value) return { live: { status: 'loading' }, refreshing };
  return {
    live: { status: 'loaded', response: state.value },
    refresh: state.retry,
    refreshing,
  };
}
