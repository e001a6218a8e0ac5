import { DIAGNOSTIC_STEPS, RUNBOOKS } from '@internal/plugin-monitoring-common';
import { anchoredAlert, commandOf } from './runbookView';

describe('anchoredAlert', () => {
  it('reads the hash the Alerts tab links to, and ?alert=', () => {
    expect(
      anchoredAlert({ hash: '#FestivalsHighMemory', search: '' }, RUNBOOKS),
    ).toBe('FestivalsHighMemory');
    expect(
      anchoredAlert(
        { hash: '', search: '?alert=FestivalsQueueStuck' },
        RUNBOOKS,
      ),
    ).toBe('FestivalsQueueStuck');
  });

  it('ignores unknown names and malformed escapes', () => {
    expect(anchoredAlert({ hash: '#NotAnAlert', search: '' }, RUNBOOKS)).toBe(
      undefined,
    );
    expect(anchoredAlert({ hash: '#%E0%A4%A', search: '' }, RUNBOOKS)).toBe(
      undefined,
    );
  });
});

describe('commandOf', () => {
  it('prefers the backend’s command, which names the live Deployment', () => {
    expect(
      commandOf(
        DIAGNOSTIC_STEPS.pods,
        { namespace: 'a' },
        {
          kind: 'pods',
          status: 'ok',
          readAt: '2026-11-27T17:09:54Z',
          source: 'kubernetes',
          command: 'kubectl get pods -n festivals-production',
          data: { pods: [] },
        },
      ),
    ).toEqual({ text: 'kubectl get pods -n festivals-production' });
  });

  it('keeps the template and says why when a value is missing', () => {
    const result = commandOf(DIAGNOSTIC_STEPS.oomLogs, {
      namespace: 'festivals-production',
    });
    expect(result.text).toContain('deployment/{deployment}');
    expect(result.problem).toBe(
      'The command needs a deployment, and the entity has none',
    );
  });
});
