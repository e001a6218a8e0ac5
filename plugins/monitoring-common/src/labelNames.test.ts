import { isValidLabelName, LABEL_NAME_PATTERN } from './labelNames';

describe('isValidLabelName', () => {
  it.each(['job', '_x9', 'A_b', '__name__'])('accepts %j', name => {
    expect(isValidLabelName(name)).toBe(true);
    expect(LABEL_NAME_PATTERN.test(name)).toBe(true);
  });
  it.each(['9x', 'a-b', '', 'a b', 'é', 'a"b'])('rejects %j', name => {
    expect(isValidLabelName(name)).toBe(false);
  });
});
