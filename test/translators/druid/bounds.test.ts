/** Druid cost bounds, decided from the request alone (no engine): each refusal names its limit and part. */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../translators/druid/parse.js';
import { collapseWildcardRuns } from '../../../src/policy/engine-patterns.js';
import { bucketStarts, parseInstant, parseInterval, seriesLengthBound } from '../../../translators/druid/time.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { defaultLimits } from '../../../src/policy/limits.js';

const collapseWildcards = (p: string): string => collapseWildcardRuns(p, '%');

const base = { queryType: 'timeseries', dataSource: 'testing', intervals: ['2011-01-01/2011-02-01'], granularity: 'all' };
const q = (extra: object) => ({ ...base, ...extra });

/** The refusal a body gets: kind, limit name and pointer. */
function refusal(body: unknown, limits = defaultLimits): { kind: string; limit?: string; pointer?: string; message: string } {
  try {
    parseQuery(body, limits);
  } catch (e) {
    if (!(e instanceof ProxyError)) throw e;
    const d = e.detail as { kind: string; limit?: string; at?: { pointer?: string } };
    return { kind: d.kind, ...(d.limit ? { limit: d.limit } : {}), ...(d.at?.pointer !== undefined ? { pointer: d.at.pointer } : {}), message: e.message };
  }
  throw new Error('accepted');
}

const nest = (depth: number, leaf: object, wrap: (inner: object) => object): object => {
  let f = leaf;
  for (let i = 0; i < depth; i++) f = wrap(f);
  return f;
};
const selector = { type: 'selector', dimension: 'market', value: 'spot' };

describe('druid bounds: depth', () => {
  it.each([
    ['not filters', { filter: nest(5000, selector, (field) => ({ type: 'not', field })) }],
    ['or filters', { filter: nest(5000, selector, (f) => ({ type: 'or', fields: [f] })) }],
    ['having specs', { queryType: 'groupBy', having: nest(5000, { type: 'greaterThan', aggregation: 'c', value: 1 }, (h) => ({ type: 'not', havingSpec: h })) }],
    ['post-aggregators', { postAggregations: [nest(5000, { type: 'constant', value: 1 }, (p) => ({ type: 'arithmetic', name: 'x', fn: '+', fields: [p, p] }))] }],
    ['lists in lists', { context: nest(100_000, [], (l) => [l]) }],
  ])('5,000-deep %s answer maxDepth within milliseconds', (_name, extra) => {
    const r = refusal(q(extra));
    expect(r).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
    expect(r.pointer).toMatch(/^\//);
  });

  it('points at the first part past the depth', () => {
    const r = refusal(q({ filter: nest(100, selector, (field) => ({ type: 'not', field })) }));
    expect(r.pointer).toBe(`/filter${'/field'.repeat(63)}`);
  });

  it('accepts a filter within the depth', () => {
    expect(() => parseQuery(q({ filter: nest(60, selector, (field) => ({ type: 'not', field })) }))).not.toThrow();
  });
});

describe('druid bounds: sizes', () => {
  const filter = (f: object) => q({ filter: f });
  it.each([
    ['like pattern', filter({ type: 'like', dimension: 'market', pattern: '%'.repeat(10_000) + 'x' }), 'maxPatternLength', '/filter/pattern'],
    ['regex pattern', filter({ type: 'regex', dimension: 'market', pattern: 'a'.repeat(50_000) }), 'maxPatternLength', '/filter/pattern'],
    ['search value', filter({ type: 'search', dimension: 'market', query: { type: 'contains', value: 'a'.repeat(1001) } }), 'maxPatternLength', '/filter/query/value'],
    ['search fragment', filter({ type: 'search', dimension: 'market', query: { type: 'fragment', values: ['a', 'b'.repeat(1001)] } }), 'maxPatternLength', '/filter/query/values/1'],
    ['in values', filter({ type: 'in', dimension: 'market', values: Array.from({ length: 10_001 }, (_, i) => `v${i}`) }), 'maxTerms', '/filter/values/10000'],
    ['in value length', filter({ type: 'in', dimension: 'market', values: ['a', 'b'.repeat(1001)] }), 'maxPatternLength', '/filter/values/1'],
    ['or branches', filter({ type: 'or', fields: Array.from({ length: 10_000 }, () => selector) }), 'maxClauses', '/filter/fields/1024'],
    ['intervals', q({ intervals: Array.from({ length: 10_000 }, () => '2011-01-01/2011-01-02') }), 'maxClauses', '/intervals/1024'],
    ['interval filter', filter({ type: 'interval', dimension: '__time', intervals: Array.from({ length: 2000 }, () => '2011-01-01/2011-01-02') }), 'maxClauses', '/filter/intervals/1024'],
    ['aggregations', q({ aggregations: Array.from({ length: 1001 }, (_, i) => ({ type: 'count', name: `c${i}` })) }), 'maxAggregations', '/aggregations/1000'],
    ['dimensions', q({ queryType: 'groupBy', dimensions: Array.from({ length: 1001 }, (_, i) => `d${i}`) }), 'maxAggregations', '/dimensions/1000'],
    ['filtered aggregator', q({ aggregations: [{ type: 'filtered', name: 'f', filter: { type: 'like', dimension: 'm', pattern: 'x'.repeat(2000) }, aggregator: { type: 'count', name: 'c' } }] }), 'maxPatternLength', '/aggregations/0/filter/pattern'],
  ])('%s', (_name, body, limit, pointer) => {
    expect(refusal(body)).toMatchObject({ kind: 'limit', limit: `limits.${limit}`, pointer });
  });
});

describe('druid bounds: post-aggregators after sharing', () => {
  /** level i reads level i-1 twice: 2^levels nodes as a tree, 3 per level as written */
  const chain = (levels: number) => [
    { type: 'fieldAccess', name: 'p0', fieldName: 'c' },
    ...Array.from({ length: levels }, (_, i) => ({
      type: 'arithmetic', name: `p${i + 1}`, fn: '+',
      fields: [{ type: 'fieldAccess', fieldName: `p${i}` }, { type: 'fieldAccess', fieldName: `p${i}` }],
    })),
  ];
  it('a 300-level doubling chain is measured as written: accepted', () => {
    expect(() => parseQuery(q({ aggregations: [{ type: 'count', name: 'c' }], postAggregations: chain(300) }))).not.toThrow();
  });
  it('more nodes than maxExpressionNodes as written are refused', () => {
    expect(refusal(q({ postAggregations: chain(400) }))).toMatchObject({ kind: 'limit', limit: 'limits.maxExpressionNodes' });
  });
});

describe('druid bounds: series length and time ranges', () => {
  it.each([
    ['second over 100 years', 'second', '1990-01-01/2090-01-01'],
    ['day over 0001-9999', 'day', '0001-01-01/9999-12-31'],
  ])('timeseries by %s is refused before generating buckets', (_n, granularity, interval) => {
    expect(refusal(q({ granularity, intervals: [interval] }))).toMatchObject({ kind: 'limit', limit: 'limits.maxBuckets', pointer: '/granularity' });
  });
  it('the same with skipEmptyBuckets generates nothing and is accepted', () => {
    expect(() => parseQuery(q({ granularity: 'day', intervals: ['0001-01-01/9999-12-31'], context: { skipEmptyBuckets: true } }))).not.toThrow();
  });
  it('the bound is never below the series the formatter generates, and the series is not cut', () => {
    const g = { kind: 'period' as const, period: { years: 0, months: 0, weeks: 0, days: 1, hours: 0, minutes: 0, seconds: 0, millis: 0 }, timeZone: 'America/New_York', text: 'P1D' };
    const iv = parseInterval('2000-01-01/2060-01-01')!;
    const starts = bucketStarts(g, iv);
    expect(starts.length).toBeGreaterThan(20_000);
    expect(seriesLengthBound(g, iv)).toBeGreaterThanOrEqual(starts.length);
    const month = { ...g, period: { ...g.period, days: 0, months: 1 }, text: 'P1M' };
    expect(seriesLengthBound(month, iv)).toBeGreaterThanOrEqual(bucketStarts(month, iv).length);
  });
  it.each([
    ['duration 1e308', { granularity: { type: 'duration', duration: 1e308 } }, '/granularity/duration'],
    ['duration beyond the date range', { granularity: { type: 'duration', duration: 2 ** 53 - 1 } }, '/granularity/duration'],
    ['origin 1e300', { granularity: { type: 'duration', duration: 60000, origin: 1e300 } }, '/granularity/origin'],
    ['origin month 13', { granularity: { type: 'period', period: 'P1D', origin: '2011-13-01' } }, '/granularity/origin'],
    ['interval on 31 February', { intervals: ['2011-02-31/2011-03-01'] }, '/intervals/0'],
    ['interval with a huge period', { intervals: ['2011-01-01/P99999999999Y'] }, '/intervals/0'],
    ['period with huge hours', { granularity: { type: 'period', period: 'PT99999999999999999H' } }, '/granularity/period'],
    ['limit 1e300', { limit: 1e300 }, '/limit'],
    ['timeout 1e308', { context: { timeout: 1e308 } }, '/context/timeout'],
  ])('%s is a 400 naming the key', (_n, extra, pointer) => {
    expect(refusal(q(extra))).toMatchObject({ kind: 'invalid_request', pointer });
  });
  it('instants: years before 100 are not read as 19xx; invalid dates are refused', () => {
    expect(new Date(parseInstant('0001-01-01') as number).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseInstant('2012-02-29T23:59:59Z')).toBe(Date.UTC(2012, 1, 29, 23, 59, 59));
    expect(parseInstant('2011-02-29')).toBeUndefined();
    expect(parseInstant('2011-01-01T24:00')).toBeUndefined();
    expect(parseInstant('2011-01-01T00:00+19:00')).toBeUndefined();
  });
});

describe('druid bounds: other keys', () => {
  it('virtualColumns of another type than expression are refused by name, empty ones accepted', () => {
    expect(refusal(q({ virtualColumns: [{ type: 'mapped', name: 'v' }] }))).toMatchObject({ pointer: '/virtualColumns/0/type' });
    expect(() => parseQuery(q({ virtualColumns: [{ type: 'expression', name: 'v', expression: 'x + 1' }] }))).not.toThrow();
    expect(() => parseQuery(q({ virtualColumns: [] }))).not.toThrow();
  });
  it('like: runs of % collapse, escaped % stay', () => {
    expect(collapseWildcards('%%%%x')).toBe('%x');
    expect(collapseWildcards('a%%_%%b')).toBe('a%_%b');
    expect(collapseWildcards('\\%%%\\%')).toBe('\\%%\\%');
    expect(collapseWildcards('%'.repeat(999) + 'x')).toBe('%x');
  });
});
