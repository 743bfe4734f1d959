/** Druid groupBy end to end on Druid's own test data, expected rows computed by plain code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows, type Row } from './fixtures.js';
import { DAY, at, group, indexSum, iso, lex, longSum, max, min, sum, within } from './reference.js';
import { engineHas, itNeeds } from '../../helpers/engine.js';
import { expectClose } from '../../helpers/reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

async function druid(query: object): Promise<any[]> {
  const res = await proxy.post('/druid/v2', { queryType: 'groupBy', dataSource: 'testing', ...query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const FIRST_TO_THIRD = ['2011-04-01/2011-04-03'];
const ft = within(rows, '2011-04-01', '2011-04-03');
const row = (timestamp: string, event: object) => ({ version: 'v1', timestamp, event });

describe('druid groupBy', () => {
  itNeeds('scripts')('granularity day, one dimension: natural order by time then dimension; longSum truncates each row', async () => {
    const res = await druid({
      granularity: 'day',
      intervals: FIRST_TO_THIRD,
      dimensions: ['quality'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'longSum', name: 'idx', fieldName: 'index' }, { type: 'doubleSum', name: 'idxDouble', fieldName: 'index' }],
    });
    const expected = [...group(ft, (r) => `${Math.floor(r.t / DAY) * DAY}|${r.quality}`)]
      .map(([k, rs]) => ({ t: Number(k.split('|')[0]), q: k.split('|')[1] as string, rs }))
      .sort((a, b) => a.t - b.t || lex(a.q, b.q))
      .map(({ t, q, rs }) => row(iso(t), { quality: q, rows: rs.length, idx: longSum(rs), idxDouble: sum(rs, (r) => r.index) }));
    expect(res.map((r) => ({ ...r, event: { ...r.event, idxDouble: Number(r.event.idxDouble.toFixed(6)) } }))).toEqual(
      expected.map((r: any) => ({ ...r, event: { ...r.event, idxDouble: Number((r.event.idxDouble as number).toFixed(6)) } })),
    );
    expect(res).toHaveLength(18);
    expect(res[0]).toMatchObject(row('2011-04-01T00:00:00.000Z', { quality: 'automotive', rows: 1, idx: 135 }));
  });

  it('granularity all: every row stamped with the interval start; numbers as STRING, LONG and FLOAT dimensions', async () => {
    const res = await druid({
      granularity: 'all',
      intervals: ['2011-04-02T00:00:00.000Z/2011-04-03T00:00:00.000Z'],
      dimensions: [
        'qualityLong',
        { type: 'default', dimension: 'qualityFloat', outputName: 'qf', outputType: 'STRING' },
        { type: 'default', dimension: 'qualityNumericString', outputName: 'qns', outputType: 'LONG' },
        { type: 'default', dimension: 'qualityDouble', outputName: 'qd', outputType: 'DOUBLE' },
      ],
      aggregations: [{ type: 'count', name: 'rows' }],
      limitSpec: { type: 'default', limit: 2 },
    });
    expect(res).toEqual([
      row('2011-04-02T00:00:00.000Z', { qualityLong: '1000', qf: '10000.0', qns: 100000, qd: 10000, rows: 1 }),
      row('2011-04-02T00:00:00.000Z', { qualityLong: '1100', qf: '11000.0', qns: 110000, qd: 11000, rows: 1 }),
    ]);
  });

  it('a multi-value dimension explodes each row into one group per value; a missing column groups as null', async () => {
    const res = await druid({
      granularity: 'all',
      intervals: FIRST_TO_THIRD,
      dimensions: ['placementish', 'null_column', 'no_such_column'],
      aggregations: [{ type: 'count', name: 'rows' }],
    });
    const expected = [...group(ft, (r) => r.placementish)].sort(([a], [b]) => lex(a, b)).map(([v, rs]) => row('2011-04-01T00:00:00.000Z', { placementish: v, null_column: null, no_such_column: null, rows: rs.length }));
    expect(res).toEqual(expected);
  });

  it('limitSpec: columns with direction and dimensionOrder, offset, limit; having applies first', async () => {
    const idx = indexSum(engineHas('scripts'));
    const res = await druid({
      granularity: 'all',
      intervals: ['1970-01-01/2020-01-01'],
      dimensions: ['market', 'quality'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: idx.type, name: 'idx', fieldName: 'index' }],
      having: { type: 'greaterThan', aggregation: 'idx', value: 100000 },
      limitSpec: { type: 'default', offset: 1, limit: 3, columns: [{ dimension: 'idx', direction: 'descending' }] },
    });
    const all = [...group(rows, (r) => `${r.market}|${r.quality}`)]
      .map(([k, rs]) => ({ market: k.split('|')[0], quality: k.split('|')[1], rows: rs.length, idx: idx.of(rs) }))
      .filter((r) => r.idx > 100000)
      .sort((a, b) => b.idx - a.idx);
    expectClose(res.map((r) => r.event), all.slice(1, 4));
    expect(res[0].timestamp).toBe('1970-01-01T00:00:00.000Z');
  });

  it('dimensionOrder numeric, strlen and alphanumeric; sortByDimsFirst puts dimensions before time', async () => {
    const q = { granularity: 'all', intervals: ['2011-04-01/2011-04-02'], aggregations: [{ type: 'count', name: 'rows' }] };
    const strlen = await druid({ ...q, dimensions: ['quality'], limitSpec: { type: 'default', columns: [{ dimension: 'quality', direction: 'descending', dimensionOrder: 'strlen' }] } });
    const qs = [...new Set(within(rows, '2011-04-01', '2011-04-02').map((r) => r.quality))];
    expect(strlen.map((r) => r.event.quality)).toEqual([...qs].sort((a, b) => b.length - a.length || lex(b, a)));
    const numeric = await druid({ ...q, dimensions: ['qualityNumericString'], limitSpec: { type: 'default', columns: [{ dimension: 'qualityNumericString', dimensionOrder: { type: 'numeric' } }] } });
    expect(numeric.map((r) => r.event.qualityNumericString)).toEqual(['100000', '110000', '120000', '130000', '140000', '150000', '160000', '170000', '180000']);
    const byDims = await druid({ ...q, granularity: 'day', intervals: ['2011-04-01/2011-04-03'], dimensions: ['market'], context: { sortByDimsFirst: true } });
    expect(byDims.map((r) => `${r.event.market}@${r.timestamp.slice(0, 10)}`)).toEqual([
      'spot@2011-04-01', 'spot@2011-04-02', 'total_market@2011-04-01', 'total_market@2011-04-02', 'upfront@2011-04-01', 'upfront@2011-04-02',
    ]);
  });

  it('min, max, first, last, float and long variants; nulls for a group without values', async () => {
    const res = await druid({
      granularity: 'all',
      intervals: FIRST_TO_THIRD,
      dimensions: ['quality'],
      filter: { type: 'in', dimension: 'quality', values: ['automotive', 'entertainment'] },
      aggregations: [
        { type: 'longMin', name: 'lmin', fieldName: 'index' },
        { type: 'doubleMax', name: 'dmax', fieldName: 'index' },
        { type: 'floatSum', name: 'fsum', fieldName: 'indexFloat' },
        { type: 'doubleFirst', name: 'first', fieldName: 'index' },
        { type: 'longLast', name: 'last', fieldName: 'index' },
        { type: 'longSum', name: 'nullable', fieldName: 'longNumericNull' },
        { type: 'doubleMin', name: 'nullableMin', fieldName: 'doubleNumericNull' },
      ],
    });
    const ev = (q: string) => {
      const rs = ft.filter((r) => r.quality === q).sort((a, b) => a.t - b.t || a.row - b.row);
      return {
        quality: q,
        lmin: Math.trunc(min(rs, (r) => r.index) as number),
        dmax: max(rs, (r) => r.index),
        fsum: Math.fround(sum(rs, (r) => Math.fround(r.index)) as number),
        first: rs[0]?.index,
        last: Math.trunc(rs[rs.length - 1]?.index as number),
        nullable: sum(rs, (r) => r.longNumericNull),
        nullableMin: min(rs, (r) => r.doubleNumericNull),
      };
    };
    expect(res.map((r) => r.event)).toEqual([ev('automotive'), ev('entertainment')]);
    expect(res[1].event.nullable).toBeNull();
  });

  itNeeds('scripts')('cardinality (byRow false and true), hyperUnique and filtered aggregators', async () => {
    const res = await druid({
      granularity: 'all',
      intervals: FIRST_TO_THIRD,
      dimensions: [],
      aggregations: [
        { type: 'cardinality', name: 'union', fields: ['market', 'quality'] },
        { type: 'cardinality', name: 'pairs', fields: ['market', 'quality'], byRow: true },
        { type: 'hyperUnique', name: 'uniques', fieldName: 'quality_uniques' },
        { type: 'filtered', name: 'spotRows', filter: { type: 'selector', dimension: 'market', value: 'spot' }, aggregator: { type: 'count', name: 'x' } },
        { type: 'filtered', name: 'spotIdx', filter: { type: 'selector', dimension: 'market', value: 'spot' }, aggregator: { type: 'longSum', name: 'y', fieldName: 'index' } },
      ],
    });
    expect(res).toEqual([
      row('2011-04-01T00:00:00.000Z', {
        union: new Set([...ft.map((r) => r.market), ...ft.map((r) => r.quality)]).size,
        pairs: new Set(ft.map((r) => `${r.market}|${r.quality}`)).size,
        uniques: 9,
        spotRows: ft.filter((r) => r.market === 'spot').length,
        spotIdx: longSum(ft.filter((r) => r.market === 'spot')),
      }),
    ]);
  });

  it('post-aggregators: arithmetic folded left, / by zero is 0, quotient, pow, constant, greatest/least, nested, null in → null out', async () => {
    const res = await druid({
      granularity: 'all',
      intervals: FIRST_TO_THIRD,
      dimensions: ['quality'],
      filter: { type: 'in', dimension: 'quality', values: ['automotive', 'news'] },
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }, { type: 'longSum', name: 'n', fieldName: 'longNumericNull' }],
      postAggregations: [
        { type: 'arithmetic', name: 'avg', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'fieldAccess', fieldName: 'rows' }] },
        { type: 'arithmetic', name: 'zero', fn: '/', fields: [{ type: 'fieldAccess', fieldName: 'idx' }, { type: 'constant', value: 0 }] },
        { type: 'arithmetic', name: 'chain', fn: '-', fields: [{ type: 'constant', value: 100 }, { type: 'fieldAccess', fieldName: 'rows' }, { type: 'constant', value: 1 }] },
        { type: 'arithmetic', name: 'sq', fn: 'pow', fields: [{ type: 'fieldAccess', fieldName: 'rows' }, { type: 'constant', value: 2 }] },
        { type: 'arithmetic', name: 'q', fn: 'quotient', fields: [{ type: 'fieldAccess', fieldName: 'avg' }, { type: 'constant', value: 2 }] },
        { type: 'doubleGreatest', name: 'g', fields: [{ type: 'fieldAccess', fieldName: 'rows' }, { type: 'constant', value: 3 }] },
        { type: 'longLeast', name: 'l', fields: [{ type: 'fieldAccess', fieldName: 'rows' }, { type: 'constant', value: 3 }] },
        { type: 'arithmetic', name: 'withNull', fn: '+', fields: [{ type: 'fieldAccess', fieldName: 'n' }, { type: 'constant', value: 1 }] },
      ],
    });
    const ev = (q: string) => {
      const rs = ft.filter((r) => r.quality === q);
      const idx = sum(rs, (r) => r.index) as number;
      const n = sum(rs, (r) => r.longNumericNull);
      return { quality: q, rows: rs.length, idx, n, avg: idx / rs.length, zero: 0, chain: 100 - rs.length - 1, sq: rs.length ** 2, q: idx / rs.length / 2, g: Math.max(rs.length, 3), l: Math.min(rs.length, 3), withNull: n === null ? null : n + 1 };
    };
    const got = res.map((r) => r.event);
    const want = [ev('automotive'), ev('news')];
    for (const [i, w] of want.entries()) {
      for (const [k, v] of Object.entries(w)) {
        if (typeof v === 'number') expect(got[i][k], k).toBeCloseTo(v, 6);
        else expect(got[i][k], k).toEqual(v);
      }
    }
    expect(got[1].withNull).toBeNull();
  });

  it('having: lessThan, equalTo, and/or/not, dimSelector and filter', async () => {
    const base = { granularity: 'all', intervals: FIRST_TO_THIRD, dimensions: ['quality'], aggregations: [{ type: 'count', name: 'rows' }] };
    const by = (r: any[]) => r.map((x) => x.event.quality);
    const counts = [...group(ft, (r) => r.quality)].map(([q, rs]) => ({ q, n: rs.length })).sort((a, b) => lex(a.q, b.q));
    expect(by(await druid({ ...base, having: { type: 'lessThan', aggregation: 'rows', value: 3 } }))).toEqual(counts.filter((c) => c.n < 3).map((c) => c.q));
    expect(by(await druid({ ...base, having: { type: 'equalTo', aggregation: 'rows', value: 6 } }))).toEqual(counts.filter((c) => c.n === 6).map((c) => c.q));
    expect(by(await druid({ ...base, having: { type: 'or', havingSpecs: [{ type: 'dimSelector', dimension: 'quality', value: 'news' }, { type: 'not', havingSpec: { type: 'lessThan', aggregation: 'rows', value: 3 } }] } }))).toEqual(
      counts.filter((c) => c.q === 'news' || c.n >= 3).map((c) => c.q),
    );
    expect(by(await druid({ ...base, having: { type: 'filter', filter: { type: 'bound', dimension: 'rows', lower: '3', ordering: 'numeric' } } }))).toEqual(counts.filter((c) => c.n >= 3).map((c) => c.q));
  });

  it('granularities: week, six_hour, period with time zone and origin, duration, none', async () => {
    const q = { intervals: ['2011-01-17/2011-01-24'], dimensions: [], aggregations: [{ type: 'count', name: 'rows' }] };
    const span = within(rows, '2011-01-17', '2011-01-24');
    const week = await druid({ ...q, granularity: 'week' });
    expect(week.map((r) => [r.timestamp, r.event.rows])).toEqual([['2011-01-17T00:00:00.000Z', span.length]]);
    const sixHour = await druid({ ...q, granularity: 'six_hour' });
    expect(sixHour.map((r) => r.timestamp)).toContain('2011-01-20T00:00:00.000Z');
    expect(sixHour.map((r) => r.event.rows).reduce((a: number, b: number) => a + b)).toBe(span.length);
    const la = await druid({ ...q, granularity: { type: 'period', period: 'P1D', timeZone: 'America/Los_Angeles' } });
    // UTC midnight is 16:00 the day before in Los Angeles (PST, -08:00)
    expect(la[0].timestamp).toBe('2011-01-16T00:00:00.000-08:00');
    expect(la.map((r) => r.event.rows).reduce((a: number, b: number) => a + b)).toBe(span.length);
    const origin = await druid({ ...q, granularity: { type: 'period', period: 'P1D', origin: '1970-01-01T01:00:00Z' } });
    expect(origin.find((r) => r.timestamp.startsWith('2011-01-20'))).toEqual(row('2011-01-20T01:00:00.000Z', { rows: 13 }));
    const duration = await druid({ ...q, granularity: { type: 'duration', duration: 2 * DAY, origin: '2011-01-17T00:00:00Z' } });
    expect(duration.map((r) => r.timestamp)).toEqual(['2011-01-17T00:00:00.000Z', '2011-01-19T00:00:00.000Z', '2011-01-21T00:00:00.000Z', '2011-01-23T00:00:00.000Z']);
    const none = await druid({ ...q, granularity: 'none' });
    expect(none.map((r) => r.timestamp)).toEqual([...new Set(span.map((r) => r.ts))].sort());
    const month = await druid({ ...q, intervals: ['2011-01-01/2011-05-01'], granularity: 'month' });
    expect(month.map((r) => [r.timestamp.slice(0, 7), r.event.rows])).toEqual(
      ['2011-01', '2011-02', '2011-03', '2011-04'].map((m) => [m, rows.filter((r: Row) => r.ts.startsWith(m)).length]),
    );
  });

  it('summary row: granularity all without dimensions answers one row even when nothing matches', async () => {
    const res = await druid({ granularity: 'all', intervals: ['2020-01-01/2020-01-02'], dimensions: [], aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 's', fieldName: 'index' }] });
    expect(res).toEqual([row('2020-01-01T00:00:00.000Z', { rows: 0, s: null })]);
    expect(await druid({ granularity: 'all', intervals: ['2020-01-01/2020-01-02'], dimensions: ['market'], aggregations: [{ type: 'count', name: 'rows' }] })).toEqual([]);
  });

  it('intervals: several, start/period and period/end forms', async () => {
    const res = await druid({ granularity: 'all', intervals: ['2011-04-01/P1D', 'P1D/2011-04-15'], dimensions: [], aggregations: [{ type: 'count', name: 'rows' }] });
    expect(res).toEqual([row('2011-04-01T00:00:00.000Z', { rows: within(rows, '2011-04-01', '2011-04-02').length + within(rows, '2011-04-14', '2011-04-15').length })]);
    expect(at('2011-04-01')).toBe(Date.UTC(2011, 3, 1));
  });
});
