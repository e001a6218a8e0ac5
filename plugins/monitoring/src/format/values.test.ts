import { formatValue } from './values';

describe('formatValue', () => {
  it.each([
    ['reqps', 12.345, '12.3 req/s'],
    ['reqps', 0.5, '0.5 req/s'],
    ['percent', 5, '5%'],
    ['seconds', 0.0421, '42.1 ms'],
    ['seconds', 2.5, '2.5 s'],
    ['count', 1234, '1,234'],
  ] as const)('%s %d → %s', (unit, value, text) => {
    expect(formatValue(unit, value)).toBe(text);
  });

  it('shows a dash for missing values', () => {
    expect(formatValue('reqps', null)).toBe('–');
    expect(formatValue('reqps', NaN)).toBe('–');
  });
});
