/** Druid filters, timeseries, topN, the data source list and errors, end to end on Druid's test data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows, type Row } from './fixtures.js';
import { DAY, group, indexSum, iso, lex, within } from './reference.js';
import { engineHas } from '../../helpers/engine.js';
import { expectClose } from '../../helpers/reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([...fixtures, { dataset: 'no_time', mapping: { properties: { a: { type: 'keyword' } } }, docs: [{ a: 'x' }] }]);
});
afterAll(async () => proxy?.close());

const post = (q: object, path = '/druid/v2') => proxy.post(path, { dataSource: 'testing', ...q });
async function ok(q: object): Promise<any[]> {
  const res = await post(q);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const FULL = ['1970-01-01/2020-01-01'];

describe('druid filters', () => {
  /** the number of rows a filter keeps, through a summary groupBy */
  const count = async (filter: object): Promise<number> =>
    (await ok({ queryType: 'groupBy', granularity: 'all', intervals: FULL, dimensions: [], filter, aggregations: [{ type: 'count', name: 'n' }] }))[0].event.n;
  const where = (f: (r: Row) => boolean) => rows.filter(f).length;

  it('selector (also value null), in, bound lexicographic and numeric with strict flags', async () => {
    expect(await count({ type: 'selector', dimension: 'market', value: 'spot' })).toBe(837);
    expect(await count({ type: 'selector', dimension: 'partial_null_column', value: null })).toBe(where((r) => r.partial_null_column === undefined));
    expect(await count({ type: 'selector', dimension: 'no_such_column', value: null })).toBe(rows.length);
    expect(await count({ type: 'selector', dimension: 'qualityLong', value: '1200' })).toBe(where((r) => r.qualityLong === 1200));
    expect(await count({ type: 'in', dimension: 'quality', values: ['news', 'travel', null] })).toBe(where((r) => r.quality === 'news' || r.quality === 'travel'));
    expect(await count({ type: 'bound', dimension: 'quality', lower: 'mezzanine', upper: 'premium', upperStrict: true })).toBe(where((r) => r.quality >= 'mezzanine' && r.quality < 'premium'));
    expect(await count({ type: 'bound', dimension: 'index', lower: '100', lowerStrict: true, upper: '1000', ordering: 'numeric' })).toBe(where((r) => r.index > 100 && r.index <= 1000));
    expect(await count({ type: 'bound', dimension: 'SPOT'.toLowerCase(), lower: 'a' })).toBe(0);
  });

  it('regex is unanchored (find), like, search contains / insensitive_contains / fragment', async () => {
    expect(await count({ type: 'regex', dimension: 'quality', pattern: 'ent' })).toBe(where((r) => /ent/.test(r.quality)));
    expect(await count({ type: 'regex', dimension: 'quality', pattern: '^t' })).toBe(where((r) => /^t/.test(r.quality)));
    expect(await count({ type: 'like', dimension: 'quality', pattern: '%e_s' })).toBe(where((r) => /^.*e.s$/.test(r.quality)));
    expect(await count({ type: 'search', dimension: 'market', query: { type: 'contains', value: 'MARK', caseSensitive: true } })).toBe(0);
    expect(await count({ type: 'search', dimension: 'market', query: { type: 'insensitive_contains', value: 'MARK' } })).toBe(where((r) => r.market.includes('mark')));
    expect(await count({ type: 'search', dimension: 'quality', query: { type: 'fragment', values: ['E', 'n'] } })).toBe(where((r) => r.quality.includes('e') && r.quality.includes('n')));
  });

  it('and, or, not are three-valued: not(selector) keeps no row where the column is null', async () => {
    expect(await count({ type: 'not', field: { type: 'selector', dimension: 'longNumericNull', value: '10' } })).toBe(where((r) => r.longNumericNull !== undefined && r.longNumericNull !== 10));
    expect(await count({ type: 'not', field: { type: 'selector', dimension: 'partial_null_column', value: 'value' } })).toBe(0);
    expect(await count({ type: 'not', field: { type: 'selector', dimension: 'no_such_column', value: 'x' } })).toBe(0);
    expect(await count({ type: 'not', field: { type: 'or', fields: [{ type: 'selector', dimension: 'market', value: 'spot' }, { type: 'selector', dimension: 'longNumericNull', value: '10' }] } })).toBe(
      where((r) => r.market !== 'spot' && r.longNumericNull !== undefined && r.longNumericNull !== 10),
    );
    expect(await count({ type: 'and', fields: [{ type: 'selector', dimension: 'market', value: 'spot' }, { type: 'not', field: { type: 'in', dimension: 'quality', values: ['news'] } }] })).toBe(
      where((r) => r.market === 'spot' && r.quality !== 'news'),
    );
  });

  it('interval, true and false filters', async () => {
    expect(await count({ type: 'interval', dimension: '__time', intervals: ['2011-04-01/2011-04-03', '2011-01-12/P1D'] })).toBe(26 + 13);
    expect(await count({ type: 'true' })).toBe(rows.length);
    expect(await count({ type: 'false' })).toBe(0);
  });
});

describe('druid timeseries', () => {
  it('zero-fills empty buckets (2011-01-21 has no rows), descending, limit', async () => {
    const idx = indexSum(engineHas('scripts'));
    const q = { queryType: 'timeseries', granularity: 'day', intervals: ['2011-01-19/2011-01-23'], aggregations: [{ type: 'count', name: 'rows' }, { type: idx.type, name: 'idx', fieldName: 'index' }] };
    const res = await ok(q);
    const day = (d: string) => within(rows, d, new Date(Date.parse(d) + DAY).toISOString());
    expectClose(
      res,
      ['2011-01-19', '2011-01-20', '2011-01-21', '2011-01-22'].map((d) => ({
        timestamp: `${d}T00:00:00.000Z`,
        result: day(d).length === 0 ? { rows: 0, idx: null } : { rows: day(d).length, idx: idx.of(day(d)) },
      })),
    );
    const desc = await ok({ ...q, descending: true });
    expect(desc.map((r) => r.timestamp)).toEqual(res.map((r) => r.timestamp).reverse());
    const skip = await ok({ ...q, context: { skipEmptyBuckets: true } });
    expect(skip.map((r) => r.timestamp.slice(0, 10))).toEqual(['2011-01-19', '2011-01-20', '2011-01-22']);
    expect(await ok({ ...q, limit: 2 })).toEqual(res.slice(0, 2));
  });

  it('zero-fills over several intervals (out of order, overlapping) in time order, descending with a limit, post-aggregators on empty buckets', async () => {
    const q = {
      queryType: 'timeseries',
      granularity: 'day',
      intervals: ['2011-01-25/2011-01-27', '2011-01-19/2011-01-23', '2011-01-21/2011-01-24'],
      aggregations: [{ type: 'count', name: 'rows' }],
      postAggregations: [{ type: 'arithmetic', name: 'plus', fn: '+', fields: [{ type: 'fieldAccess', fieldName: 'rows' }, { type: 'constant', value: 1 }] }],
    };
    const days = ['2011-01-19', '2011-01-20', '2011-01-21', '2011-01-22', '2011-01-23', '2011-01-25', '2011-01-26'];
    const expected = days.map((d) => {
      const n = within(rows, d, new Date(Date.parse(d) + DAY).toISOString()).length;
      return { timestamp: `${d}T00:00:00.000Z`, result: { rows: n, plus: n + 1 } };
    });
    expect(await ok(q)).toEqual(expected);
    expect(await ok({ ...q, descending: true, limit: 4 })).toEqual([...expected].reverse().slice(0, 4));
    // a long series (3,600 hours) comes back whole and in order, built in slices
    const hours = await ok({ ...q, granularity: 'hour', intervals: ['2011-01-01/2011-06-01'] });
    expect(hours).toHaveLength((Date.parse('2011-06-01') - Date.parse('2011-01-01')) / 3_600_000);
    expect(hours.reduce((n, e) => n + e.result.rows, 0)).toBe(within(rows, '2011-01-01', '2011-06-01').length);
    expect(hours.every((e, i) => i === 0 || e.timestamp > hours[i - 1].timestamp)).toBe(true);
  });

  it('granularity all gives one row at the interval start; post-aggregators included', async () => {
    const res = await ok({
      queryType: 'timeseries',
      granularity: 'all',
      intervals: ['2011-04-01/2011-04-03'],
      filter: { type: 'selector', dimension: 'market', value: 'upfront' },
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }],
      postAggregations: [{ type: 'arithmetic', name: 'avg', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] }],
    });
    const up = within(rows, '2011-04-01', '2011-04-03').filter((r) => r.market === 'upfront');
    const idx = up.reduce((a, r) => a + r.index, 0);
    expect(res).toHaveLength(1);
    expect(res[0].timestamp).toBe('2011-04-01T00:00:00.000Z');
    expect(res[0].result.rows).toBe(4);
    expect(res[0].result.idx).toBeCloseTo(idx, 6);
    expect(res[0].result.avg).toBeCloseTo(idx / 4, 6);
  });
});

describe('druid topN', () => {
  const idx = indexSum(engineHas('scripts'));
  const base = { queryType: 'topN', granularity: 'all', intervals: ['2011-04-01/2011-04-03'], dimension: 'quality', threshold: 3, aggregations: [{ type: idx.type, name: 'idx', fieldName: 'index' }, { type: 'count', name: 'rows' }] };
  const ranked = [...group(within(rows, '2011-04-01', '2011-04-03'), (r) => r.quality)].map(([q, rs]) => ({ quality: q, idx: idx.of(rs), rows: rs.length }));

  it('numeric metric: the threshold largest, exact', async () => {
    const res = await ok({ ...base, metric: 'idx' });
    expectClose(res, [{ timestamp: '2011-04-01T00:00:00.000Z', result: [...ranked].sort((a, b) => b.idx - a.idx).slice(0, 3) }]);
  });

  it('inverted metric, dimension ordering with previousStop', async () => {
    const inv = await ok({ ...base, metric: { type: 'inverted', metric: 'idx' } });
    expectClose(inv[0].result, [...ranked].sort((a, b) => a.idx - b.idx).slice(0, 3));
    const lexi = await ok({ ...base, metric: { type: 'dimension', ordering: 'lexicographic', previousStop: 'health' } });
    expectClose(lexi[0].result, [...ranked].filter((r) => r.quality > 'health').sort((a, b) => lex(a.quality, b.quality)).slice(0, 3));
  });

  it('per time bucket with a granularity', async () => {
    const res = await ok({ ...base, granularity: 'day', threshold: 1, metric: 'idx', dimension: { type: 'default', dimension: 'market', outputName: 'm' } });
    const perDay = ['2011-04-01', '2011-04-02'].map((d) => {
      const best = [...group(within(rows, d, `${d.slice(0, 8)}${String(Number(d.slice(8)) + 1).padStart(2, '0')}`), (r) => r.market)]
        .map(([m, rs]) => ({ m, idx: idx.of(rs), rows: rs.length }))
        .sort((a, b) => b.idx - a.idx)[0];
      return { timestamp: `${d}T00:00:00.000Z`, result: [best] };
    });
    expectClose(res, perDay);
  });
});

describe('druid surface', () => {
  it('lists the data sources with a time field; accepts /druid/v2/ and ?pretty', async () => {
    const res = await fetch(`${proxy.base}/druid/v2/datasources`);
    expect(await res.json()).toEqual(['testing']);
    const q = { queryType: 'timeseries', granularity: 'all', intervals: ['2011-04-01/2011-04-02'], aggregations: [{ type: 'count', name: 'rows' }] };
    const slash = await post(q, '/druid/v2/');
    expect(slash.body).toEqual([{ timestamp: '2011-04-01T00:00:00.000Z', result: { rows: 13 } }]);
    const pretty = await fetch(`${proxy.base}/druid/v2?pretty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataSource: 'testing', ...q }) });
    expect(await pretty.text()).toBe(JSON.stringify(slash.body, null, 2));
  });

  const errors: [string, object, number, string, string][] = [
    ['unknown queryType', { queryType: 'select' }, 400, 'Unknown exception', '/queryType'],
    ['missing intervals', { queryType: 'groupBy', granularity: 'all', dimensions: [] }, 400, 'Unknown exception', '/intervals'],
    ['bad interval', { queryType: 'groupBy', granularity: 'all', intervals: ['2011-04-01/yesterday'] }, 400, 'Unknown exception', '/intervals/0'],
    ['unknown granularity', { queryType: 'groupBy', granularity: 'fortnight', intervals: FULL }, 400, 'Unknown exception', '/granularity'],
    ['bad time zone', { queryType: 'groupBy', granularity: { type: 'period', period: 'P1D', timeZone: 'Mars/Base' }, intervals: FULL }, 400, 'Unknown exception', '/granularity/timeZone'],
    ['period the engine cannot bucket', { queryType: 'groupBy', granularity: { type: 'period', period: 'P2M' }, intervals: FULL }, 400, 'Unknown exception', '/granularity/period'],
    ['unknown aggregator', { queryType: 'groupBy', granularity: 'all', intervals: FULL, aggregations: [{ type: 'median', name: 'm', fieldName: 'index' }] }, 400, 'Unknown exception', '/aggregations/0/type'],
    ['aggregator on an unknown column', { queryType: 'groupBy', granularity: 'all', intervals: FULL, aggregations: [{ type: 'doubleSum', name: 's', fieldName: 'nope' }] }, 400, 'Unknown exception', '/aggregations/0/fieldName'],
    ['duplicate output name', { queryType: 'groupBy', granularity: 'all', intervals: FULL, dimensions: ['market'], aggregations: [{ type: 'count', name: 'market' }] }, 400, 'Unknown exception', '/aggregations/0'],
    ['post-aggregator on a missing field', { queryType: 'groupBy', granularity: 'all', intervals: FULL, aggregations: [{ type: 'count', name: 'rows' }], postAggregations: [{ type: 'fieldAccess', name: 'x', fieldName: 'nope' }] }, 400, 'Unknown exception', '/postAggregations/0/fieldName'],
    ['unknown filter type', { queryType: 'groupBy', granularity: 'all', intervals: FULL, filter: { type: 'spatial' } }, 400, 'Unknown exception', '/filter/type'],
    ['deep filter problem', { queryType: 'groupBy', granularity: 'all', intervals: FULL, filter: { type: 'and', fields: [{ type: 'not', field: { type: 'selector' } }] } }, 400, 'Unknown exception', '/filter/fields/0/field/dimension'],
    ['order by an unknown column', { queryType: 'groupBy', granularity: 'all', intervals: FULL, dimensions: ['market'], limitSpec: { type: 'default', columns: ['nope'] } }, 400, 'Unknown exception', '/limitSpec/columns/0'],
    ['having on an unknown column', { queryType: 'groupBy', granularity: 'all', intervals: FULL, having: { type: 'greaterThan', aggregation: 'nope', value: 1 } }, 400, 'Unknown exception', '/having/aggregation'],
    ['numeric bound on a string column', { queryType: 'groupBy', granularity: 'all', intervals: FULL, filter: { type: 'bound', dimension: 'quality', lower: '1', ordering: 'numeric' } }, 400, 'Unsupported operation', '/filter/ordering'],
    ['topN without threshold', { queryType: 'topN', granularity: 'all', intervals: FULL, dimension: 'market', metric: 'rows', aggregations: [{ type: 'count', name: 'rows' }] }, 400, 'Unknown exception', '/threshold'],
    ['topN on an unknown metric', { queryType: 'topN', granularity: 'all', intervals: FULL, dimension: 'market', threshold: 2, metric: 'nope' }, 400, 'Unknown exception', '/metric'],
  ];
  for (const [title, q, status, error, at] of errors) {
    it(`error: ${title}`, async () => {
      const res = await post(q);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body).toMatchObject({ error, host: null });
      expect(res.body.errorClass).toEqual(expect.any(String));
      expect(res.body.errorMessage).toContain(`(at ${at})`);
    });
  }

  it('error: an unknown or time-less data source is a 404; a bad body a 400', async () => {
    const q = { queryType: 'timeseries', granularity: 'all', intervals: FULL, aggregations: [] };
    expect((await post({ ...q, dataSource: 'nope' })).status).toBe(404);
    expect((await post({ ...q, dataSource: 'no_time' })).status).toBe(404);
    const bad = await proxy.post('/druid/v2', '{"queryType":');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: expect.any(String), errorMessage: expect.any(String), host: null });
    expect(iso(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
