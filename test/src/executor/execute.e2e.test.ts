/**
 * The executor's per-request bounds on a real engine: composite paging stops with a `limit` error
 * (in the dialect's shape) once a request has fetched limits.maxCompositePages pages and more groups
 * remain, never a cut answer; under the bound the same request answers every group.
 * Data: the Opendatasoft `hundred` dataset (n = 0..99, one document each), grouped by n.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from '../../translators/opendatasoft/fixtures.js';

const PATH = '/api/v2/datasets/hundred/aggregate';
const byN = { aggregations: { a: { group_by: [{ name: 'n', expr: 'n' }], aggregates: { c: 'COUNT()' } } } };

let tight: Proxy;
let roomy: Proxy;
let budget: Proxy;
beforeAll(async () => {
  // 10 groups a page: 100 groups need 10 pages and one empty page that says there is no more
  tight = await startProxy(fixtures, { limits: { compositePageSize: 10, maxCompositePages: 5 } });
  roomy = await startProxy(fixtures, { limits: { compositePageSize: 10, maxCompositePages: 11 } });
  budget = await startProxy(fixtures, { limits: { maxBuckets: 150 } });
}, 120_000);
afterAll(() => Promise.all([tight?.close(), roomy?.close(), budget?.close()]));

describe('composite pages per request', () => {
  it('over limits.maxCompositePages: 400 QueryTooComplex naming the limit', async () => {
    const r = await tight.post(PATH, byN);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error_code).toBe('QueryTooComplex');
    expect(r.body.message).toContain('limits.maxCompositePages (5)');
  });

  it('within the bound: every one of the 100 groups', async () => {
    const r = await roomy.post(PATH, byN);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = (r.body as { aggregations: { a: { n: number; c: number }[] } }).aggregations?.a ?? r.body;
    expect(JSON.stringify(rows).match(/"c":1\b/g)?.length).toBe(100);
  });
});

describe('buckets per request', () => {
  // other metrics than byN's, so neither query is answered from the cache
  const group = (aggregates: Record<string, string>) => ({ group_by: [{ name: 'n', expr: 'n' }], aggregates });
  const two = { aggregations: { a: group({ hi: 'MAX(n)' }), b: group({ lo: 'MIN(n)' }) } };

  it('each query within limits.maxBuckets, the request over it together: 400', async () => {
    expect((await budget.post(PATH, byN)).status).toBe(200);
    const r = await budget.post(PATH, two);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(JSON.stringify(r.body)).toContain('150');
  });
});
