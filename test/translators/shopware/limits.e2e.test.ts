/**
 * Shopware criteria over a cost bound, through HTTP: a JSON:API 400 naming the limit
 * (AGGPROXY__LIMIT_EXCEEDED, meta.parameters.limit) at the pointer of the offending part, or
 * Shopware's own limit/page codes, decided before the engine is asked; the proxy still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
  // the first request loads the entity's mapping; later ones reach the engine only to search
  await proxy.post('/api/search/product', { limit: 1 });
});
afterAll(async () => proxy?.close());

async function engineCalls(): Promise<number> {
  const text = await (await fetch(`${proxy.base}/metrics`)).text();
  const m = /^aggproxy_engine_duration_seconds_count\{dialect="shopware"\} (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Deep bodies as JSON text: JSON.stringify itself recurses and overflows the test worker's stack
 * at 5,000 levels, so the nesting is written out.
 */
const deepText = (open: string, leaf: string, close: string, depth: number) => open.repeat(depth) + leaf + close.repeat(depth);
const nestedText = (type: string, depth: number) => deepText(`{"type":"${type}","queries":[`, '{"type":"equals","field":"stock","value":1}', ']}', depth);
const chainText = (depth: number) => deepText('{"name":"t","type":"terms","field":"stock","aggregation":', '{"name":"leaf","type":"avg","field":"stock"}', '}', depth);
const nested = (type: string, depth: number): unknown => JSON.parse(nestedText(type, depth));
const chain = (depth: number): unknown => JSON.parse(chainText(depth));

const many = (n: number) => Array.from({ length: n }, (_, i) => i);
const deep = (base: string, seg: string, n: number) => base + seg.repeat(n);

const LIMITS: [string, unknown, string, string][] = [
  ['multi 5,000 deep', `{"filter":[${nestedText('multi', 5000)}]}`, 'limits.maxDepth', expect.stringMatching(/^\/filter\/0(\/queries\/0)+$/) as unknown as string] /* the body's depth scan answers first */,
  ['not 5,000 deep', `{"filter":[${nestedText('not', 5000)}]}`, 'limits.maxDepth', expect.stringMatching(/^\/filter\/0(\/queries\/0)+$/) as unknown as string] /* the body's depth scan answers first */,
  ['nested aggregations 5,000 deep', `{"aggregations":[${chainText(5000)}]}`, 'limits.maxDepth', expect.stringMatching(/^\/aggregations\/0(\/aggregation)+$/) as unknown as string],
  ['equalsAny with 100,000 values', { filter: [{ type: 'equalsAny', field: 'stock', value: many(100_000) }] }, 'limits.maxTerms', '/filter/0/value'],
  // 20,000 ids of 32 hex digits stay under the 1 MiB body limit
  ['20,000 ids', { ids: many(20_000).map((i) => i.toString(16).padStart(32, '0')).join('|') }, 'limits.maxTerms', '/ids'],
  ['a contains value of 100,000 characters', { filter: [{ type: 'contains', field: 'name', value: 'a'.repeat(100_000) }] }, 'limits.maxPatternLength', '/filter/0/value'],
  ['a prefix value of 5,000 characters', { 'post-filter': [{ type: 'prefix', field: 'name', value: '%'.repeat(5000) }] }, 'limits.maxPatternLength', '/post-filter/0/value'],
  ['an or of 10,000 branches', { filter: [{ type: 'multi', operator: 'or', queries: many(10_000).map((v) => ({ type: 'equals', field: 'stock', value: v })) }] }, 'limits.maxClauses', '/filter/0/queries'],
  ['1,000 terms aggregations', { aggregations: many(1000).map((i) => ({ name: `t${i}`, type: 'terms', field: 'stock' })) }, 'limits.maxEngineSearches', '/aggregations'],
  ['a range aggregation of 10,000 ranges', { aggregations: [{ name: 'r', type: 'range', field: 'stock', ranges: many(10_000).map((i) => ({ from: i, to: i + 1 })) }] }, 'limits.maxAggregations', '/aggregations/0/ranges'],
  ['a sort of 10,000 keys', { sort: many(10_000).map((i) => ({ field: i % 2 ? 'stock' : 'name', order: 'DESC' })) }, 'limits.maxSortKeys', '/sort/100'],
  ['a sort string of 10,000 keys', { sort: Array(10_000).fill('-stock').join(',') }, 'limits.maxSortKeys', '/sort/100'],
  ['includes of 20,000 field names', { includes: { product: many(20_000).map((i) => `f${i}`) } }, 'limits.maxTerms', '/includes/product/10000'],
];

describe('shopware limits', () => {
  for (const [what, body, limit, pointer] of LIMITS) {
    it(`${what}: 400 naming ${limit}, before the engine is asked`, async () => {
      const before = await engineCalls();
      const res = await proxy.post('/api/search/product', body);
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0]).toMatchObject({ status: '400', code: 'AGGPROXY__LIMIT_EXCEEDED', title: 'Bad Request', source: { pointer }, meta: { parameters: { limit } } });
      expect(res.body.errors[0].detail).toContain(limit);
      expect(await engineCalls()).toBe(before);
    });
  }

  it.each([
    [{ limit: 1e308 }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ limit: '99999999999999999999' }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ page: 1e308 }, 'FRAMEWORK__INVALID_PAGE_QUERY', '/page'],
  ])('%j: Shopware\'s own code naming the key', async (body, code, pointer) => {
    const res = await proxy.post('/api/search/product', body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ status: '400', code, source: { pointer } });
  });

  it('still answers an ordinary criteria', async () => {
    const res = await proxy.post('/api/search/product', { limit: 2, filter: [nested('multi', 10)], aggregations: [chain(3)] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
