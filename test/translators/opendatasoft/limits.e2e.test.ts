/**
 * Opendatasoft requests over a cost bound, through HTTP: a 400 in ODS's `{"message", "error_code"}`
 * naming the limit and the part, decided before the engine is asked (its search count stays put),
 * and the proxy still answers an ordinary request afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
  // the first request loads the dataset's mapping; later ones reach the engine only to search
  await proxy.post(PATH, { aggregations: { a: { aggregates: { n: 'COUNT()' } } } });
}, 120_000);
afterAll(() => proxy?.close());

const PATH = '/api/v2/datasets/sales/aggregate';
const grp = (expr: string) => ({ aggregations: { a: { group_by: [{ name: 'g', expr }], aggregates: { n: 'COUNT()' } } } });
const agg = (aggregates: Record<string, string>, extra: object = {}) => ({ ...extra, aggregations: { a: { aggregates } } });

/** Requests that reached the engine, from the proxy's own metrics. */
async function engineCalls(): Promise<number> {
  const text = await (await fetch(`${proxy.base}/metrics`)).text();
  const m = /^aggproxy_engine_duration_seconds_count\{dialect="opendatasoft"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

const doubling = (): Record<string, string> => {
  const v: Record<string, string> = { v0: 'sales_count + sales_count' };
  for (let i = 1; i <= 30; i++) v[`v${i}`] = `v${i - 1} * v${i - 1}`;
  return v;
};

const CASES: [string, unknown, string, string][] = [
  ['equi(1e308)', grp('range(sales_amount, equi(1e308))'), 'TooManyGroups', 'limits.maxBuckets (500000) (at aggregations.a.group_by.0.expr, character 21)'],
  ['equi(1000000000)', grp('range(sales_amount, equi(1000000000))'), 'TooManyGroups', 'limits.maxBuckets'],
  ['equi(1000000)', grp('range(sales_amount, equi(1000000))'), 'TooManyGroups', 'limits.maxBuckets'],
  ['equi(100000): one search per 1,000 ranges', grp('range(sales_amount, equi(100000))'), 'QueryTooComplex', 'limits.maxEngineSearches (64) (at aggregations.a.group_by.0.expr)'],
  ['100,000 static() cuts', grp(`range(sales_count, static([${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]))`), 'QueryTooComplex', 'limits.maxEngineSearches'],
  ['10,000 aggregations', { aggregations: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`a${i}`, { aggregates: { n: 'COUNT()' } }])) }, 'QueryTooComplex', 'limits.maxAggregations (1000) (at aggregations)'],
  ['PERCENTILES with 10,000 percents', agg({ p: `PERCENTILES(sales_count, [${Array.from({ length: 10_000 }, (_, i) => i / 100).join(',')}])` }), 'QueryTooComplex', 'limits.maxAggregations (1000) (at aggregations.a.aggregates.p, character 26)'],
  ['virtual fields doubling at each level', agg({ n: 'SUM(v30)' }, { virtual_fields: doubling() }), 'QueryTooComplex', 'limits.maxExpressionNodes (1000) (at virtual_fields.v8, character 1)'],
  ['5,000 nested parentheses', agg({ n: `${'('.repeat(5000)}COUNT()${')'.repeat(5000)}` }), 'QueryTooComplex', 'Expression nesting: over limits.maxDepth (64) (at aggregations.a.aggregates.n, character 65)'],
  ['a 5,000-term flat sum', agg({ n: Array(5000).fill('COUNT()').join('+') }), 'QueryTooComplex', 'limits.maxDepth (64)'],
  ['a date() format of 5,000 characters', grp(`date(sales_date, '${'y'.repeat(5000)}')`), 'QueryTooComplex', 'limits.maxPatternLength (1000) (at aggregations.a.group_by.0.expr, character 18)'],
  ['equi() with an infinite boundary', grp('range(sales_amount, equi(5, 0, 1e999))'), 'ODSQLError', 'number 1e999 is out of range (not a finite number)'],
];

describe('opendatasoft limits', () => {
  for (const [what, body, code, message] of CASES) {
    it(`${what}: 400 ${code}, before the engine is asked`, async () => {
      const before = await engineCalls();
      const r = await proxy.post(PATH, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(Object.keys(r.body).sort()).toEqual(['error_code', 'message']);
      expect(r.body.error_code).toBe(code);
      expect(r.body.message).toContain(message);
      expect(await engineCalls()).toBe(before);
    });
  }

  it('equi(1000) answers every range with one search (1,000 ranges to a search) and at most the probe', async () => {
    const before = await engineCalls();
    const r = await proxy.post(PATH, grp('range(sales_count, equi(1000))'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.aggregations.a as { n: number }[];
    // every sale falls in exactly one range: the counts add up to the dataset
    expect(rows.reduce((t, row) => t + row.n, 0)).toBe(fixtures[0]?.docs.length);
    expect(await engineCalls() - before).toBeLessThanOrEqual(2);
  });

  it('still answers an ordinary range() request (with a few searches)', async () => {
    const r = await proxy.post(PATH, grp('range(sales_count, equi(5))'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body.aggregations.a as unknown[]).length).toBeGreaterThan(0);
  });
});
