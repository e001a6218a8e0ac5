import { formatStepWords } from './stepWords';

describe('formatStepWords', () => {
  it.each([
    [1800, '30 min'],
    [60, '1 min'],
    [15, '15 s'],
    [90, '1 min 30 s'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
    [86400, '1 day'],
    [172800 + 3600, '2 days 1 h'],
    [0.5, '500 ms'],
  ])('%p s reads "%s"', (seconds, words) => {
    expect(formatStepWords(seconds)).toBe(words);
  });

  it('refuses a step that is not a positive number', () => {
    expect(() => formatStepWords(0)).toThrow('positive number of seconds');
    expect(() => formatStepWords(NaN)).toThrow('got NaN');
  });
});
