/**
 * groupBy `subtotalsSpec` (and Druid SQL's GROUPING SETS, ROLLUP, CUBE, which plan to it): one
 * grouping per set, answered one after another, the dimensions a set leaves out as null; and the
 * native query's strictness: a property a query type does not have is a 400 naming it.
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

const FULL = ['1970-01-01/2020-01-01'];
type Set = readonly ('market' | 'placement')[];

/** The rows of one grouping set, Druid's natural order (dimensions ascending), left-out dimensions null. */
function expected(sets: readonly Set[]): { market: string | null; placement: string | null; n: number }[] {
  return sets.flatMap((set) =>
    [...group(rows, (r) => set.map((d) => r[d]).join('|')).entries()]
      .map(([, rs]) => ({ market: set.includes('market') ? rs[0]!.market : null, placement: set.includes('placement') ? rs[0]!.placement : null, n: rs.length }))
      .sort((a, b) => lex(a.market, b.market) || lex(a.placement, b.placement)),
  );
}

describe('subtotalsSpec', () => {
  it('native groupBy: each set in order, missing dimensions null', async () => {
    const res = await proxy.post('/druid/v2', {
      queryType: 'groupBy', dataSource: 'testing', intervals: FULL, granularity: 'all', dimensions: ['market', 'placement'],
      aggregations: [{ type: 'count', name: 'n' }], subtotalsSpec: [['market', 'placement'], ['market'], []],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.map((r: any) => r.event)).toEqual(expected([['market', 'placement'], ['market'], []]));
  });

  it('Druid SQL ROLLUP, CUBE and GROUPING SETS answer the same sets', async () => {
    const sql = async (g: string) => {
      const res = await proxy.post('/druid/v2/sql', { query: `SELECT market, placement, COUNT(*) AS n FROM testing GROUP BY ${g}` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect(await sql('ROLLUP (market, placement)')).toEqual(expected([['market', 'placement'], ['market'], []]));
    expect(await sql('CUBE (market, placement)')).toEqual(expected([['market', 'placement'], ['market'], ['placement'], []]));
    expect(await sql('GROUPING SETS ((market), (placement), ())')).toEqual(expected([['market'], ['placement'], []]));
  });

  it('a subtotal naming no dimension, ORDER BY with grouping sets, and an unknown native property are 400s naming them', async () => {
    const bad = await proxy.post('/druid/v2', { queryType: 'groupBy', dataSource: 'testing', intervals: FULL, granularity: 'all', dimensions: ['market'], aggregations: [], subtotalsSpec: [['nope']] });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessage).toMatch(/Subtotal spec \[nope\] is not a dimension of the query \(at \/subtotalsSpec\/0\/0\)/);
    const ordered = await proxy.post('/druid/v2/sql', { query: 'SELECT market, COUNT(*) AS n FROM testing GROUP BY ROLLUP (market) ORDER BY n DESC' });
    expect(ordered.status).toBe(400);
    expect(ordered.body.errorMessage).toMatch(/ORDER BY, LIMIT or OFFSET together with GROUPING SETS/);
    for (const [q, key] of [
      [{ queryType: 'timeseries', dataSource: 'testing', intervals: FULL, aggregations: [], dimensions: ['market'] }, 'dimensions'],
      [{ queryType: 'groupBy', dataSource: 'testing', intervals: FULL, granularity: 'all', limit: 5 }, 'limit'],
      [{ queryType: 'topN', dataSource: 'testing', intervals: FULL, dimension: 'market', threshold: 2, metric: 'n', aggregations: [{ type: 'count', name: 'n' }], having: {} }, 'having'],
    ] as const) {
      const res = await proxy.post('/druid/v2', q);
      expect(res.status, key).toBe(400);
      expect(res.body.errorMessage).toContain(`Unrecognized field "${key}"`);
      expect(res.body.errorMessage).toContain(`(at /${key})`);
    }
  });
});
