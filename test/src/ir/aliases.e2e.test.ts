/**
 * A dataset's aliases mean their field in every dialect (the schema's one lookup, src/ir/schema.ts
 * findField): the same question asked by alias and by index path gets the same answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from '../../translators/opendatasoft/fixtures.js';
import { get } from '../../translators/opendatasoft/explore/http.js';

let proxy: Proxy;
beforeAll(async () => {
  const aliased = fixtures.map((f) => (f.dataset === 'sales' ? { ...f, options: { ...f.options, aliases: { country: 'store_country', amount: 'sales_amount' } } } : f));
  proxy = await startProxy(aliased);
}, 120_000);
afterAll(() => proxy?.close());

const rename = (rows: Record<string, unknown>[], from: string, to: string) => rows.map(({ [from]: v, ...rest }) => ({ [to]: v, ...rest }));

describe('dataset aliases', () => {
  it('Opendatasoft aggregate API: group_by and aggregates by alias', async () => {
    const ask = (country: string, amount: string) =>
      proxy.post('/api/v2/datasets/sales/aggregate', { aggregations: { a: { group_by: [country], aggregates: { total: `SUM(${amount})` } } } });
    const [byAlias, byPath] = await Promise.all([ask('country', 'amount'), ask('store_country', 'sales_amount')]);
    expect(byAlias.status, JSON.stringify(byAlias.body)).toBe(200);
    expect(byAlias.body.aggregations.a.length).toBeGreaterThan(1);
    expect(byAlias.body.aggregations.a).toEqual(rename(byPath.body.aggregations.a, 'store_country', 'country'));
  });

  it('Opendatasoft Explore API: where and group_by by alias', async () => {
    const ask = (country: string, amount: string) =>
      get(proxy, '/api/explore/v2.1/catalog/datasets/sales/records', { select: `${country}, sum(${amount}) as total`, where: `${amount} > 10`, group_by: country });
    const [byAlias, byPath] = await Promise.all([ask('country', 'amount'), ask('store_country', 'sales_amount')]);
    expect(byAlias.status, JSON.stringify(byAlias.body)).toBe(200);
    expect(byAlias.body.results.length).toBeGreaterThan(1);
    expect(byAlias.body.results).toEqual(rename(byPath.body.results, 'store_country', 'country'));
  });

  it('Relevance AI: a groupby and a metric by alias', async () => {
    const ask = (country: string, amount: string) =>
      proxy.post('/latest/datasets/sales/aggregate', {
        aggregation_query: { groupby: [{ name: 'c', field: country, agg: 'category' }], metrics: [{ name: 's', field: amount, agg: 'sum' }] },
        filters: [], page_size: 20, page: 1, asc: false,
      });
    const [byAlias, byPath] = await Promise.all([ask('country', 'amount'), ask('store_country', 'sales_amount')]);
    expect(byAlias.status, JSON.stringify(byAlias.body)).toBe(200);
    expect(byAlias.body.results.length).toBeGreaterThan(1);
    expect(byAlias.body).toEqual(byPath.body);
  });
});
