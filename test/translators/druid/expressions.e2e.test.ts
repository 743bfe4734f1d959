/** Druid expressions end to end on Druid's test data: expression post-aggregators, virtual columns, expression filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { group, lex, sum } from './reference.js';
import { expectClose } from '../../helpers/reference.js';

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

  it('an unknown function, an unsupported one, long division and a syntax error are 400s with the position', async () => {
    const q = (expression: string) => ({ queryType: 'timeseries', aggregations: [{ type: 'count', name: 'rows' }], postAggregations: [{ type: 'expression', name: 'x', expression }] });
    const cases: [string, RegExp][] = [
      ['"rows" + nosuch(1)', /Function \[nosuch\] is not a known Druid function at position 9 .*\/postAggregations\/0\/expression/],
      ['abs("rows")', /Function \[abs\] is not supported here yet at position 0/],
      ['"rows" / 2', /integer division.* at position 7/],
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
