import { parseQuantity } from './quantities';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['250000000n', 0.25],
    ['512Mi', 512 * 1024 * 1024],
    ['209715Ki', 209715 * 1024],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e3', 1000],
    ['100k', 100_000],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['', 'abc', '5KB', '1 Mi', 'Mi'])('refuses %j', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
