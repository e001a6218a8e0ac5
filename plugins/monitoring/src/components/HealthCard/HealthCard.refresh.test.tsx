import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { HealthResponse } from '@internal/plugin-monitoring-common';
import { act, screen, waitFor } from '@testing-library/react';
import { MonitoringApi, monitoringApiRef } from '../../api';
import { HealthCard } from './HealthCard';

// Its own file: fake timers stay away from the other tests.
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

describe('HealthCard refresh', () => {
  beforeEach(() =>
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'],
    }),
  );
  afterEach(() => jest.useRealTimers());

  it('reloads health and alerts every 30 s and says how long ago it did', async () => {
    let errorRate = 1;
    const getHealth = jest.fn(
      async (): Promise<HealthResponse> => ({
        entityRef: 'component:default/festivals-api',
        time: 0,
        state: 'healthy',
        reasons: [],
        errorRatePercent: errorRate,
        requestRate: [],
        alerts: { critical: 0, warning: 0, other: 0 },
        errors: [],
      }),
    );
    const getAlerts = jest.fn(async () => ({
      entityRef: 'component:default/festivals-api',
      alertmanager: 'local',
      matchers: [],
      alerts: [],
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            monitoringApiRef,
            { getHealth, getAlerts } as Partial<MonitoringApi>,
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <HealthCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('health-error-rate')).toHaveTextContent(
      '1%',
    );
    act(() => jest.advanceTimersByTime(12_000));
    await waitFor(() =>
      expect(screen.getByTestId('health-updated')).toHaveTextContent(
        /· 12s ago$/,
      ),
    );
    errorRate = 6;
    act(() => jest.advanceTimersByTime(18_000));
    await waitFor(() =>
      expect(screen.getByTestId('health-error-rate')).toHaveTextContent('6%'),
    );
    expect(getHealth).toHaveBeenCalledTimes(2);
    expect(getAlerts).toHaveBeenCalledTimes(2);
  });
});
