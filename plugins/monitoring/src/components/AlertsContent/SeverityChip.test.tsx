import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { contrastRatio } from './contrast';
import { SeverityChip } from './SeverityChip';

/** `rgb(r, g, b)` as the browser computes it → `#rrggbb`. */
function hex(rgb: string): string {
  const parts = rgb.match(/\d+/g);
  if (!parts || parts.length < 3) throw new Error(`Not rgb(): ${rgb}`);
  return `#${parts
    .slice(0, 3)
    .map(n => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;
}

describe('SeverityChip as rendered', () => {
  it.each([
    ['critical', true],
    ['warning', true],
    ['info', true],
    ['critical', false],
    ['warning', false],
  ])(
    '%s (firing %s): its label text meets WCAG AA (≥ 4.5:1) on its background',
    async (severity, firing) => {
      await renderInTestApp(
        <SeverityChip severity={severity} firing={firing} />,
      );
      const chip = screen.getByTestId(`severity-${severity}`);
      const label = chip.querySelector('.MuiChip-label') as HTMLElement;
      expect(label).toHaveTextContent(severity);
      // The colours the chip really got, as computed styles, not the constants.
      const background = hex(getComputedStyle(chip).backgroundColor);
      const text = hex(getComputedStyle(label).color);
      expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(4.5);
      // A chip is text, not a control: no Tab stop.
      expect(chip).not.toHaveAttribute('tabindex');
    },
  );
});
