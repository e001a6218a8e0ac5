import { contrastRatio, relativeLuminance } from './contrast';
import { SEVERITY_COLORS, severityTone } from './severityColors';

describe('severity chip colours', () => {
  it('computes WCAG ratios: white on orange #ff9800 fails AA, black on white is 21:1', () => {
    expect(contrastRatio('#ffffff', '#ff9800')).toBeCloseTo(2.16, 2);
    expect(contrastRatio('#ffffff', '#ff9800')).toBeLessThan(4.5);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2159, 3);
    expect(() => relativeLuminance('orange')).toThrow('Not #rrggbb');
  });

  it.each(Object.entries(SEVERITY_COLORS))(
    '%s text meets AA (≥ 4.5:1) on its background',
    (_tone, { text, background }) => {
      expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('colours only firing severities', () => {
    expect(severityTone('critical')).toBe('critical');
    expect(severityTone('warning')).toBe('warning');
    expect(severityTone('info')).toBe('neutral');
    expect(severityTone(undefined)).toBe('neutral');
    expect(severityTone('critical', false)).toBe('muted');
  });
});
