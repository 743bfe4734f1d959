/**
 * Druid cost bounds through HTTP: hostile queries answer 400 in Druid's error shape naming the limit and
 * the offending part, decided before the engine is asked; the accepted neighbours answer whole and right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineUrl, startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const FULL = ['1970-01-01/2020-01-01'];
const base = { dataSource: 'testing', queryType: 'timeseries', intervals: FULL, granularity: 'all', aggregations: [{ type: 'count', name: 'n' }] };
const selector = { type: 'selector', dimension: 'market', value: 'spot' };
const doubling = (levels: number) => [
  { type: 'fieldAccess', name: 'p0', fieldName: 'n' },
  ...Array.from({ length: levels }, (_, i) => ({
    type: 'arithmetic', name: `p${i + 1}`, fn: '+',
    fields: [{ type: 'fieldAccess', fieldName: `p${i}` }, { type: 'fieldAccess', fieldName: `p${i}` }],
  })),
];

/** JSON text nested `depth` deep, written as text: JSON.stringify itself overflows the stack on it. */
const deep = (depth: number, open: string, leaf: object, close: string): string => open.repeat(depth) + JSON.stringify(leaf) + close.repeat(depth);
/** A query body as text with one key's value given as text. */
const withText = (q: object, key: string, text: string): string => `${JSON.stringify({ ...base, ...q }).slice(0, -1)},${JSON.stringify(key)}:${text}}`;

// [case, body (object or text), limit named in the message (or a pattern), pointer]
const refused: [string, object | string, RegExp, string][] = [
  ['5,000-deep not filters', withText({}, 'filter', deep(5000, '{"type":"not","field":', selector, '}')), /limits\.maxDepth/, '/filter/field/field'],
  ['5,000-deep or filters', withText({}, 'filter', deep(5000, '{"type":"or","fields":[', selector, ']}')), /limits\.maxDepth/, '/filter/fields/0'],
  ['5,000-deep having', withText({ queryType: 'groupBy', dimensions: [] }, 'having', deep(5000, '{"type":"not","havingSpec":', { type: 'greaterThan', aggregation: 'n', value: 1 }, '}')), /limits\.maxDepth/, '/having/havingSpec'],
  ['5,000-deep post-aggregator', withText({}, 'postAggregations', `[${deep(5000, '{"type":"arithmetic","name":"x","fn":"+","fields":[{"type":"constant","value":1},', { type: 'constant', value: 1 }, ']}')}]`), /limits\.maxDepth/, '/postAggregations/0/fields/1'],
  ['100,000-deep lists', withText({}, 'context', deep(100_000, '[', [], ']')), /limits\.maxDepth/, '/context/0/0'],
  ['like of 10,000 % and x', { filter: { type: 'like', dimension: 'quality', pattern: '%'.repeat(10_000) + 'x' } }, /limits\.maxPatternLength \(1000\)/, '/filter/pattern'],
  ['regex of 50,000 characters', { filter: { type: 'regex', dimension: 'quality', pattern: '(a|b)*'.repeat(10_000) } }, /limits\.maxPatternLength/, '/filter/pattern'],
  ['in of 20,000 values', { filter: { type: 'in', dimension: 'quality', values: Array.from({ length: 20_000 }, (_, i) => `v${i}`) } }, /limits\.maxTerms \(10000\)/, '/filter/values/10000'],
  ['or of 10,000 branches', { filter: { type: 'or', fields: Array.from({ length: 10_000 }, () => selector) } }, /limits\.maxClauses/, '/filter/fields/1024'],
  ['10,000 intervals', { intervals: Array.from({ length: 10_000 }, (_, i) => `2011-01-01T00:00:${String(i % 60).padStart(2, '0')}Z/2011-01-02`) }, /limits\.maxClauses \(1024\)/, '/intervals/1024'],
  ['1,001 aggregations', { aggregations: Array.from({ length: 1001 }, (_, i) => ({ type: 'count', name: `c${i}` })) }, /limits\.maxAggregations/, '/aggregations/1000'],
  ['post-aggregators over maxExpressionNodes', { postAggregations: doubling(400) }, /limits\.maxExpressionNodes/, '/postAggregations/'],
  ['timeseries by second over 100 years', { granularity: 'second', intervals: ['1990-01-01/2090-01-01'] }, /limits\.maxBuckets \(500000\)/, '/granularity'],
  ['timeseries by day over 0001-9999', { granularity: 'day', intervals: ['0001-01-01/9999-12-31'] }, /limits\.maxBuckets/, '/granularity'],
  ['duration 1e308', { granularity: { type: 'duration', duration: 1e308 } }, /duration/, '/granularity/duration'],
  ['origin out of range', { granularity: { type: 'duration', duration: 60000, origin: 1e300 } }, /origin/, '/granularity/origin'],
  ['interval on 30 February', { intervals: ['2011-02-30/2011-03-01'] }, /Invalid interval/, '/intervals/0'],
  ['a long past the safe range', { filter: { type: 'selector', dimension: 'qualityLong', value: '9007199254740993' } }, /9007199254740993/, '/filter/value'],
  ['a virtual column with a function not lowered yet', { virtualColumns: [{ type: 'expression', name: 'v', expression: 'strlen(market)', outputType: 'LONG' }] }, /Function \[strlen\] is not supported here yet at position 0/, '/virtualColumns/0/expression'],
];

describe('druid limits over HTTP', () => {
  it.each(refused)('%s: 400 in Druid shape', async (_name, q, message, at) => {
    const res = await proxy.post('/druid/v2', typeof q === 'string' ? q : { ...base, ...q });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'errorClass', 'errorMessage', 'host']);
    expect(res.body.errorMessage).toMatch(message);
    expect(res.body.errorMessage).toContain(`(at ${at}`);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|Error:|params\./);
  });

  it('a doubling post-aggregator chain answers right, without a huge script', async () => {
    const res = await proxy.post('/druid/v2', { ...base, queryType: 'groupBy', dimensions: ['market'], postAggregations: doubling(40) });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const byMarket = new Map<string, number>();
    for (const r of rows) byMarket.set(r.market, (byMarket.get(r.market) ?? 0) + 1);
    expect(res.body).toHaveLength(byMarket.size);
    for (const { event } of res.body) {
      expect(event.p40).toBe(byMarket.get(event.market)! * 2 ** 40);
      expect(event.p5).toBe(byMarket.get(event.market)! * 2 ** 5);
    }
  });

  it('a time bound or selector past the long range answers whole, where the engine failed the search (a 502 before)', async () => {
    const count = async (filter: object) => {
      const res = await proxy.post('/druid/v2', { ...base, filter });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      return res.body[0].result.n as number;
    };
    const inFull = rows.filter((r) => r.t >= 0 && r.t < Date.parse('2020-01-01')).length;
    expect(inFull).toBeGreaterThan(0);
    const time = (extra: object) => ({ type: 'bound', dimension: '__time', ordering: 'numeric', ...extra });
    expect(await count(time({ lower: '1e20' }))).toBe(0);
    expect(await count(time({ upper: '99999999999999999999', upperStrict: true }))).toBe(inFull);
    expect(await count(time({ lower: '-1e400' }))).toBe(inFull);
    expect(await count({ type: 'selector', dimension: '__time', value: '1e20' })).toBe(0);
    const first = Math.min(...rows.map((r) => r.t));
    expect(await count(time({ lower: String(first - 0.5), upper: String(first + 0.5) }))).toBe(rows.filter((r) => r.t === first).length);
  });

  it('like: a run of % means one %', async () => {
    const count = async (pattern: string) =>
      (await proxy.post('/druid/v2', { ...base, filter: { type: 'like', dimension: 'quality', pattern } })).body[0].result.n;
    const expected = rows.filter((r) => /^.*e.*s$/.test(r.quality)).length;
    expect(expected).toBeGreaterThan(0);
    expect(await count('%%%%e%%%%%s')).toBe(expected);
    expect(await count('%e%s')).toBe(expected);
  });

  it('a timeseries within the bucket budget answers every bucket: no cut at 100,000', async () => {
    const [start, end] = [Date.UTC(2011, 0, 1), Date.UTC(2011, 3, 1)];
    const res = await proxy.post('/druid/v2', { ...base, granularity: 'minute', intervals: ['2011-01-01/2011-04-01'] });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength((end - start) / 60_000);
    expect(res.body.at(-1).timestamp).toBe('2011-03-31T23:59:00.000Z');
    expect(res.body.reduce((s: number, b: { result: { n: number } }) => s + b.result.n, 0)).toBe(rows.filter((r) => r.t >= start && r.t < end).length);
  });

  it('the engine is healthy after the batch', async () => {
    const health = await (await fetch(`${engineUrl()}/_cluster/health`)).json();
    expect(['green', 'yellow']).toContain(health.status);
  });
});
