import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TimeRangePicker } from './TimeRangePicker';

jest.setTimeout(30_000);

const start = Date.UTC(2026, 10, 20, 16, 30) / 1000;

async function renderPicker() {
  const onRangeChange = jest.fn();
  await renderInTestApp(
    <TimeRangePicker
      range={{ kind: 'absolute', start, end: start + 2700 }}
      onRangeChange={onRangeChange}
      refreshMs={0}
      onRefreshChange={jest.fn()}
    />,
  );
  return onRangeChange;
}

describe('TimeRangePicker accessibility', () => {
  it('names each input by its visible label', async () => {
    await renderPicker();
    // The label a sighted user reads is the name a screen reader announces (WCAG 2.5.3).
    expect(screen.getByRole('textbox', { name: 'From (UTC)' })).toHaveValue(
      '2026-11-20 16:30',
    );
    expect(screen.getByRole('textbox', { name: 'To (UTC)' })).toHaveValue(
      '2026-11-20 17:15',
    );
    expect(
      screen.getByRole('button', { name: /^Time range Custom range/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /^Auto-refresh Off/ }),
    ).toBeInTheDocument();
  });

  it('has one Tab stop per control, in reading order', async () => {
    const onRangeChange = await renderPicker();
    const stops: string[] = [];
    for (let i = 0; i < 7; i++) {
      await userEvent.tab();
      const el = document.activeElement as HTMLElement;
      stops.push(
        `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${(
          el.getAttribute('aria-label') ??
          (el as HTMLInputElement).labels?.[0]?.textContent ??
          el.textContent ??
          ''
        ).trim()}`,
      );
    }
    expect(stops).toEqual([
      'button:Custom range…',
      'input:From (UTC)',
      'input:To (UTC)',
      'button:Apply',
      'button:UTC',
      expect.stringMatching(/^button:Local \(/),
      'button:Off',
    ]);
    // Enter on the focused Apply applies the typed range.
    await userEvent.tab({ shift: true });
    await userEvent.tab({ shift: true });
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toHaveTextContent('Apply');
    await userEvent.keyboard('{Enter}');
    expect(onRangeChange).toHaveBeenCalledWith({
      kind: 'absolute',
      start,
      end: start + 2700,
    });
  });
});
