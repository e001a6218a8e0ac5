import { valueTicks } from './valueTicks';

describe('valueTicks', () => {
  it('steps 1, 2 or 5 × 10^k from 0 to just above the maximum', () => {
    expect(valueTicks(12.37)).toEqual([0, 5, 10, 15]);
    expect(valueTicks(16)).toEqual([0, 5, 10, 15, 20]);
    expect(valueTicks(0.63)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(valueTicks(5)).toEqual([0, 2, 4, 6]);
    expect(valueTicks(20)).toEqual([0, 5, 10, 15, 20]);
  });

  it('gives an axis of 0–1 without data', () => {
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(Number.NaN)).toEqual([0, 1]);
  });
});
