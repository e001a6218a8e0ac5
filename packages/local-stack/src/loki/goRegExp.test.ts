import { goRegExp } from './evaluate.ts';

describe('goRegExp', () => {
  it("reads RE2's leading flag group as Loki does", () => {
    const oom = goRegExp('(?i)memory|oom');
    expect(oom.test('Out Of Memory')).toBe(true);
    expect(oom.test('container OOMKilled')).toBe(true);
    expect(oom.test('GET / 200')).toBe(false);
    expect(goRegExp('memory').test('MEMORY')).toBe(false);
  });

  it('anchors label matchers', () => {
    expect(goRegExp('(?i)api', true).test('API')).toBe(true);
    expect(goRegExp('api', true).test('festivals-api')).toBe(false);
  });
});
