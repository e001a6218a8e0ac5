import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MonitoringAlert } from '@internal/plugin-monitoring-common';
import { act, screen, waitFor } from '@testing-library/react';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { AlertsContent } from './AlertsContent';

// Its own file: fake timers stay away from the other tests' promises and dialogs.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'festivals-api',
    annotations: { 'monitoring.festivals.io/job': 'festivals-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('AlertsContent refresh', () => {
  beforeEach(() => {
    // Timers and the clock are fake; promises and React's scheduling stay real.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'],
    });
  });
  afterEach(() => {
    setVisibility('visible');
    jest.useRealTimers();
  });

  it('reloads every 30 s while the browser tab is visible, not while hidden, and counts durations up', async () => {
    const alert: MonitoringAlert = {
      fingerprint: 'f1',
      alertname: 'FestivalsHighErrorRate',
      severity: 'critical',
      labels: { alertname: 'FestivalsHighErrorRate', service: 'festivals-api' },
      annotations: { summary: 'High error rate detected' },
      startsAt: new Date(Date.now() - 125_000).toISOString(),
      updatedAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      state: 'active',
      silencedBy: [],
      inhibitedBy: [],
      receivers: [],
    };
    const api = {
      getAlerts: jest.fn(async () => ({
        entityRef: 'component:default/festivals-api',
        alertmanager: 'local',
        matchers: [],
        alerts: [alert],
      })),
      getRules: jest.fn(async () => ({
        entityRef: 'component:default/festivals-api',
        prometheus: 'local',
        rules: [],
      })),
      getSilences: jest.fn(async () => ({
        entityRef: 'component:default/festivals-api',
        alertmanager: 'local',
        silences: [],
      })),
    } as Partial<MonitoringApi> as jest.Mocked<MonitoringApi>;

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [monitoringApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <AlertsContent />
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: ['/alerts'] },
    );
    await screen.findByText('High error rate detected');
    const started = () => screen.getByTestId('alert-started-f1');
    const updated = () => screen.getByTestId('alerts-updated');
    expect(started()).toHaveTextContent(/^2m ago/);
    expect(updated()).toHaveTextContent(/· 0s ago/);
    expect(api.getAlerts).toHaveBeenCalledTimes(1);

    // The clock ticks in the browser between reloads.
    act(() => jest.advanceTimersByTime(12_000));
    await waitFor(() => expect(updated()).toHaveTextContent(/· 12s ago/));
    expect(api.getAlerts).toHaveBeenCalledTimes(1);

    // Each 30 s, all three lists reload.
    for (const calls of [2, 3]) {
      act(() => jest.advanceTimersByTime(30_000));
      await waitFor(() => expect(api.getAlerts).toHaveBeenCalledTimes(calls));
      await waitFor(() => expect(api.getSilences).toHaveBeenCalledTimes(calls));
      await waitFor(() => expect(api.getRules).toHaveBeenCalledTimes(calls));
      // Loaded and shown before the next one is due.
      await waitFor(() => expect(updated()).toHaveTextContent(/· 0s ago/));
    }
    await waitFor(() => expect(started()).toHaveTextContent(/^3m ago/));

    // A hidden browser tab asks nobody.
    setVisibility('hidden');
    act(() => jest.advanceTimersByTime(5 * 60_000));
    expect(api.getAlerts).toHaveBeenCalledTimes(3);
  });
});
