import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expressionWatches, selectorMatchers } from './ruleScope';

const api = {
  namespace: 'festivals-production',
  job: 'festivals-api',
  service: 'festivals-api',
};
const worker = {
  namespace: 'festivals-production',
  job: 'festivals-worker',
  service: 'festivals-worker',
};

describe('selectorMatchers', () => {
  it('reads every selector’s matchers with decoded values', () => {
    expect(
      selectorMatchers(
        'sum(rate(a{namespace="n\\"s",status=~"5.."}[5m])) / b{job!=\'x\'} or {"quoted.name"=`raw\\n`}',
      ),
    ).toEqual([
      [
        { name: 'namespace', op: '=', value: 'n"s' },
        { name: 'status', op: '=~', value: '5..' },
      ],
      [{ name: 'job', op: '!=', value: 'x' }],
      [{ name: 'quoted.name', op: '=', value: 'raw\\n' }],
    ]);
  });
});

describe('expressionWatches', () => {
  it.each([
    ['up{job="festivals-api"} == 0', true, false],
    ['rate(x{namespace="festivals-production"}[5m]) > 1', true, true],
    ['x{namespace=~"festivals-.*"} > 1', true, true],
    ['x{namespace="other"} or y{job="festivals-api"}', true, false],
    ['x{namespace="festivals-production",job!="festivals-api"}', false, true],
    ['node_load1 > 5', false, false],
    ['x{service!="festivals-api"}', false, false],
  ])('%s watches api=%s worker=%s', (expr, forApi, forWorker) => {
    expect(expressionWatches(expr, api)).toBe(forApi);
    expect(expressionWatches(expr, worker)).toBe(forWorker);
  });

  it('reads regex matchers as RE2 does (\\Q…\\E quoting, full anchoring)', () => {
    expect(expressionWatches('x{job=~"\\\\Qfestivals-api\\\\E"}', api)).toBe(
      true,
    );
    expect(expressionWatches('x{job=~"festivals"}', api)).toBe(false);
  });

  it('answers for a catastrophic pattern without backtracking on a long value', () => {
    // In a backtracking engine this pattern against this value takes exponential time.
    const long = { job: `${'a'.repeat(5000)}!` };
    expect(expressionWatches('x{job=~"(a+)+"}', long)).toBe(false);
    expect(expressionWatches('x{job=~"(a|aa)+!"}', long)).toBe(true);
  });

  it('finds all twelve seed rules for festivals-api, and all but FestivalsAPIDown for the worker', () => {
    // The shipped rule file (the stack loads it too) is the seed's twelve rules, adapted.
    const file = path.resolve(
      __dirname,
      '../../../../deploy/prometheus/festivals-rules.yml',
    );
    const rules: Array<{ alert: string; expr: string }> = parse(
      fs.readFileSync(file, 'utf8'),
    ).groups.flatMap((g: any) => g.rules);
    expect(rules).toHaveLength(12);
    expect(rules.filter(r => expressionWatches(r.expr, api))).toHaveLength(12);
    expect(
      rules.filter(r => !expressionWatches(r.expr, worker)).map(r => r.alert),
    ).toEqual(['FestivalsAPIDown']);
  });
});
