/**
 * quantilesDoublesSketch with quantilesDoublesSketchToQuantile (and Druid SQL's APPROX_QUANTILE_DS):
 * approximate, so checked against the exact quantile within a tolerance of the values' spread; the
 * sketch's own value is the number of values, as Druid finalizes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { group, lex } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

/** The exact quantile by linear interpolation between closest ranks. */
function quantile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return (s[lo] as number) + ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number)) * (pos - lo);
}
const near = (got: number, values: readonly number[], p: number): boolean => {
  const spread = Math.max(...values) - Math.min(...values);
  return Math.abs(got - quantile(values, p)) <= 0.05 * spread + 1e-9;
};
const byMarket = [...group(rows, (r) => r.market).entries()].sort(([a], [b]) => lex(a, b));

describe('quantiles', () => {
  it('native: the sketch counts values; each fraction reads its quantile', async () => {
    const res = await proxy.post('/druid/v2', {
      queryType: 'groupBy', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'], granularity: 'all', dimensions: ['market'],
      aggregations: [{ type: 'quantilesDoublesSketch', name: 's', fieldName: 'index', k: 128 }],
      postAggregations: [
        { type: 'quantilesDoublesSketchToQuantile', name: 'median', field: { type: 'fieldAccess', fieldName: 's' }, fraction: 0.5 },
        { type: 'quantilesDoublesSketchToQuantile', name: 'p95', field: { type: 'fieldAccess', fieldName: 's' }, fraction: 0.95 },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.map((r: any) => r.event.market)).toEqual(byMarket.map(([m]) => m));
    res.body.forEach((r: any, i: number) => {
      const values = (byMarket[i] as [string, typeof rows])[1].map((x) => x.index);
      expect(r.event.s).toBe(values.length);
      expect(near(r.event.median, values, 0.5), `${r.event.median} vs ${quantile(values, 0.5)}`).toBe(true);
      expect(near(r.event.p95, values, 0.95), `${r.event.p95} vs ${quantile(values, 0.95)}`).toBe(true);
    });
  });

  it('Druid SQL APPROX_QUANTILE_DS, with FILTER, and errors', async () => {
    const res = await proxy.post('/druid/v2/sql', { query: "SELECT market, APPROX_QUANTILE_DS(\"index\", 0.5) AS med, APPROX_QUANTILE_DS(\"index\", 0.9) FILTER (WHERE quality = 'premium') AS p90 FROM testing GROUP BY market" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    res.body.forEach((r: any, i: number) => {
      const rs = (byMarket[i] as [string, typeof rows])[1];
      expect(r.market).toBe(byMarket[i]?.[0]);
      expect(near(r.med, rs.map((x) => x.index), 0.5)).toBe(true);
      expect(near(r.p90, rs.filter((x) => x.quality === 'premium').map((x) => x.index), 0.9)).toBe(true);
    });
    const bad = await proxy.post('/druid/v2/sql', { query: 'SELECT APPROX_QUANTILE_DS("index", 2) FROM testing' });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessage).toMatch(/probability between 0 and 1 .*\(line \[1\], column \[36\]\)/);
    const native = await proxy.post('/druid/v2', { queryType: 'timeseries', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'], aggregations: [{ type: 'count', name: 'n' }], postAggregations: [{ type: 'quantilesDoublesSketchToQuantile', name: 'q', field: { type: 'fieldAccess', fieldName: 'n' }, fraction: 0.5 }] });
    expect(native.status).toBe(400);
    expect(native.body.errorMessage).toMatch(/\[n\] is not a quantilesDoublesSketch aggregator/);
  });
});
