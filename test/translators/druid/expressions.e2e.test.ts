/** Druid expressions end to end on Druid's test data: expression post-aggregators, virtual columns, expression filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { group, lex, sum } from './reference.js';
import { expectClose } from '../../helpers/reference.js';
import { engineHas } from '../../helpers/engine.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const FULL = ['1970-01-01/2020-01-01'];
const post = (q: object) => proxy.post('/druid/v2', { dataSource: 'testing', intervals: FULL, granularity: 'all', ...q });
async function ok(q: object): Promise<any[]> {
  const res = await post(q);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('druid expression post-aggregators', () => {
  it("plywood's average and ratios: (sum / count), arithmetic with precedence, greatest, pow", async () => {
    const res = await ok({
      queryType: 'groupBy',
      dimensions: ['market'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }],
      postAggregations: [
        { type: 'expression', name: 'avg', expression: '("idx" / "rows")' },
        { type: 'expression', name: 'mix', expression: '"idx" - "rows" * 2 ^ 2 + -1' },
        { type: 'expression', name: 'g', expression: 'greatest("avg", 500.5, pow("rows", 1.0))' },
      ],
    });
    const expected = [...group(rows, (r) => r.market).entries()]
      .sort(([a], [b]) => lex(a, b))
      .map(([market, rs]) => {
        const idx = sum(rs, (r) => r.index) as number;
        const avg = idx / rs.length;
        return { version: 'v1', timestamp: '1970-01-01T00:00:00.000Z', event: { market, rows: rs.length, idx, avg, mix: idx - rs.length * 4 - 1, g: Math.max(avg, 500.5, rs.length) } };
      });
    expectClose(res, expected);
  });

  it('abs, ceil, floor, round (half away from zero), sqrt: null in gives null, sqrt of a negative is null', async () => {
    const res = await ok({
      queryType: 'groupBy',
      dimensions: ['market'],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx', fieldName: 'index' }],
      postAggregations: [
        { type: 'expression', name: 'avg', expression: '"idx" / "rows"' },
        { type: 'expression', name: 'a', expression: 'abs(-"avg") + abs(1 - "rows")' },
        { type: 'expression', name: 'c', expression: 'ceil("avg") - floor(-"avg")' },
        { type: 'expression', name: 'r', expression: 'round("avg" / 7.0) + round(-"avg" / 3.0, 0) + round(-2.5) + round(2.5)' },
        { type: 'expression', name: 's', expression: 'sqrt("idx")' },
        { type: 'expression', name: 'neg', expression: 'sqrt(-"idx")' },
      ],
    });
    const halfAway = (x: number) => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
    const expected = [...group(rows, (r) => r.market).entries()]
      .sort(([a], [b]) => lex(a, b))
      .map(([market, rs]) => {
        const idx = sum(rs, (r) => r.index) as number;
        const avg = idx / rs.length;
        const event = {
          market, rows: rs.length, idx, avg,
          a: avg + Math.abs(1 - rs.length),
          c: Math.ceil(avg) - Math.floor(-avg),
          r: halfAway(avg / 7) + halfAway(-avg / 3) - 3 + 3,
          s: Math.sqrt(idx),
          neg: null,
        };
        return { version: 'v1', timestamp: '1970-01-01T00:00:00.000Z', event };
      });
    expectClose(res, expected);
  });

  it("long / long is Druid's integer division, truncated toward zero; a zero divisor gives null", async () => {
    const res = await ok({
      queryType: 'groupBy',
      dimensions: ['market'],
      aggregations: [{ type: 'count', name: 'rows' }],
      postAggregations: [
        { type: 'expression', name: 'half', expression: '"rows" / 2' },
        { type: 'expression', name: 'neg', expression: '-"rows" / 3' },
        { type: 'expression', name: 'zero', expression: '"rows" / 0' },
        { type: 'expression', name: 'd', expression: 'div("rows", 4)' },
        { type: 'expression', name: 'sd', expression: 'safe_divide("rows", 0)' },
        { type: 'expression', name: 'sd2', expression: 'safe_divide("rows" * 1.0, 8)' },
      ],
    });
    const expected = [...group(rows, (r) => r.market).entries()]
      .sort(([a], [b]) => lex(a, b))
      .map(([market, rs]) => ({ version: 'v1', timestamp: '1970-01-01T00:00:00.000Z', event: { market, rows: rs.length, half: Math.trunc(rs.length / 2), neg: Math.trunc(-rs.length / 3), zero: null, d: Math.trunc(rs.length / 4), sd: null, sd2: rs.length / 8 } }));
    expect(res).toEqual(expected);
  });

  it('an unknown function, an unsupported one and a syntax error are 400s with the position', async () => {
    const q = (expression: string) => ({ queryType: 'timeseries', aggregations: [{ type: 'count', name: 'rows' }], postAggregations: [{ type: 'expression', name: 'x', expression }] });
    const cases: [string, RegExp][] = [
      ['"rows" + nosuch(1)', /Function \[nosuch\] is not a known Druid function at position 9 .*\/postAggregations\/0\/expression/],
      ['cbrt("rows")', /Function \[cbrt\] is not supported here yet at position 0/],
      ['1 + abs("rows", 2)', /Function \[abs\] needs 1 argument at position 4/],
      ['floor()', /Function \[floor\] needs 1 argument at position 0/],
      ['round("rows", 2)', /Function \[round\] with a scale other than 0 is not supported here yet at position 0/],
      ['pow("rows")', /Function \[pow\] needs 2 arguments at position 0/],
      ['div("rows", 2.5)', /Function \[div\] of a double argument is not supported here yet/],
      ['safe_divide("rows")', /Function \[safe_divide\] needs 2 arguments at position 0/],
      ['least()', /Function \[least\] needs at least 1 argument at position 0/],
      ['("rows" + ', /Unexpected end of expression at position 10/],
    ];
    for (const [expression, message] of cases) {
      const res = await post(q(expression));
      expect(res.status, expression).toBe(400);
      expect(res.body.errorMessage).toMatch(message);
      expect(Object.keys(res.body).sort()).toEqual(['error', 'errorClass', 'errorMessage', 'host']);
    }
  });
});

describe('druid expression virtual columns', () => {
  const scripts = engineHas('scripts');
  it.runIf(scripts)('a computed column as a dimension and as an aggregator fieldName; an alias in a filter', async () => {
    const res = await ok({
      queryType: 'groupBy',
      virtualColumns: [
        { type: 'expression', name: 'q2', expression: '"qualityLong" * 2', outputType: 'LONG' },
        { type: 'expression', name: 'idx2', expression: '"index" * 2 + "q2" - "q2"', outputType: 'DOUBLE' },
        { type: 'expression', name: 'm', expression: '"market"' },
      ],
      filter: { type: 'selector', dimension: 'm', value: 'spot' },
      dimensions: [{ type: 'default', dimension: 'q2', outputName: 'q2', outputType: 'LONG' }],
      aggregations: [{ type: 'count', name: 'rows' }, { type: 'doubleSum', name: 'idx2', fieldName: 'idx2' }],
    });
    const spot = rows.filter((r) => r.market === 'spot');
    const expected = [...group(spot, (r) => r.qualityLong * 2).entries()]
      .sort(([a], [b]) => a - b)
      .map(([q2, rs]) => ({ version: 'v1', timestamp: '1970-01-01T00:00:00.000Z', event: { q2, rows: rs.length, idx2: sum(rs, (r) => r.index * 2) } }));
    expectClose(res, expected);
  });

  it.runIf(!scripts)('without scripts a computed column is a 400 naming the capability', async () => {
    const res = await post({ queryType: 'timeseries', virtualColumns: [{ type: 'expression', name: 'i2', expression: '"index" * 2' }], aggregations: [{ type: 'doubleSum', name: 's', fieldName: 'i2' }] });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/capability 'scripts'/);
  });

  it('a filtered aggregator without a name takes its inner name', async () => {
    const res = await ok({
      queryType: 'timeseries',
      aggregations: [{ type: 'filtered', filter: { type: 'selector', dimension: 'market', value: 'spot' }, aggregator: { type: 'count', name: 'spotRows' } }],
    });
    expect(res).toEqual([{ timestamp: '1970-01-01T00:00:00.000Z', result: { spotRows: rows.filter((r) => r.market === 'spot').length } }]);
  });

  it('what a computed column cannot do yet is a 400 naming it, never an ignored column', async () => {
    const vc = [{ type: 'expression', name: 'q2', expression: '"qualityLong" * 2' }];
    const cases: [object, RegExp][] = [
      [{ queryType: 'timeseries', virtualColumns: vc, filter: { type: 'selector', dimension: 'q2', value: '2' }, aggregations: [{ type: 'count', name: 'n' }] }, /computed virtual column \[q2\].*\/filter\/dimension/],
      [{ queryType: 'timeseries', virtualColumns: [{ type: 'expression', name: 'x', expression: 'upper("market")' }], aggregations: [{ type: 'count', name: 'n' }] }, /Function \[upper\] is not supported here yet at position 0.*\/virtualColumns\/0\/expression/],
      [{ queryType: 'timeseries', virtualColumns: [{ type: 'expression', name: 'x', expression: '"index" * 2', outputType: 'LONG' }], aggregations: [{ type: 'count', name: 'n' }] }, /outputType LONG.*\/virtualColumns\/0\/outputType/],
      [{ queryType: 'timeseries', virtualColumns: [{ type: 'mapped', name: 'x' }], aggregations: [{ type: 'count', name: 'n' }] }, /virtual column type 'mapped'.*\/virtualColumns\/0\/type/],
      [{ queryType: 'timeseries', aggregations: [{ type: 'fancySum', name: 'n' }] }, /aggregator type 'fancySum'.*\/aggregations\/0\/type/],
    ];
    for (const [q, message] of cases) {
      const res = await post(q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.errorMessage).toMatch(message);
    }
  });
});

describe('druid expression filter', () => {
  const count = async (expression: string): Promise<number> =>
    (await ok({ queryType: 'timeseries', filter: { type: 'expression', expression }, aggregations: [{ type: 'count', name: 'n' }] }))[0].result.n;
  const where = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;

  it('comparisons with literals on either side, && || !, isnull / notnull, three-valued', async () => {
    expect(await count(`"market" == 'spot'`)).toBe(where((r) => r.market === 'spot'));
    expect(await count(`'spot' != market`)).toBe(where((r) => r.market !== 'spot'));
    expect(await count(`"index" > 1000 && "qualityLong" <= 1400`)).toBe(where((r) => r.index > 1000 && r.qualityLong <= 1400));
    expect(await count(`100 > "index" || "quality" >= 'travel'`)).toBe(where((r) => r.index < 100 || r.quality >= 'travel'));
    expect(await count(`!("longNumericNull" == 10)`)).toBe(where((r) => r.longNumericNull !== undefined && r.longNumericNull !== 10));
    expect(await count(`isnull("partial_null_column")`)).toBe(where((r) => r.partial_null_column === undefined));
    expect(await count(`notnull("partial_null_column") && !isnull(market)`)).toBe(where((r) => r.partial_null_column !== undefined));
  });

  it('what it cannot answer natively is a 400 with the position', async () => {
    const res = await post({ queryType: 'timeseries', filter: { type: 'expression', expression: `"index" * 2 > 10` }, aggregations: [{ type: 'count', name: 'n' }] });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/A comparison without a column on one side is not supported in an expression filter yet at position 12 .*\/filter\/expression/);
    const res2 = await post({ queryType: 'timeseries', filter: { type: 'expression', expression: `"market" == 1` }, aggregations: [{ type: 'count', name: 'n' }] });
    expect(res2.status).toBe(400);
    expect(res2.body.errorMessage).toMatch(/string column \[market\] with a long literal/);
  });
});
