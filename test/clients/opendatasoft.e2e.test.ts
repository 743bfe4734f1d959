/**
 * Opendatasoft's own client, @opendatasoft/api-client 21.8, unchanged (its README's ApiClient and
 * query builder), against the running proxy with auth on (its `Authorization: ApiKey` header):
 * catalog listing, dataset metadata, records with select/where/group_by/order_by/limit, facets, a
 * json export, and its
 * error classes (UserError on a bad query, NotFoundError on a hidden dataset, AuthenticationError
 * on a wrong key). Expected answers are computed from the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, AuthenticationError, EXPORT_DATASET_FORMAT, NotFoundError, UserError, fromCatalog } from '@opendatasoft/api-client';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures, sales } from '../translators/opendatasoft/fixtures.js';

const KEY = 'ods-client-suite-key-0123456789';

let proxy: Proxy;
let client: ApiClient;
beforeAll(async () => {
  proxy = await startProxy(fixtures, {
    auth: { enabled: true, tokenTtlSeconds: 60, tenants: { main: { datasets: ['sales', 'values'], apiKeys: [KEY] } } },
  });
  client = new ApiClient({ domain: proxy.base, apiKey: KEY, hideDeprecatedWarning: true });
}, 120_000);
afterAll(() => proxy?.close());

interface Page {
  total_count: number;
  results: Record<string, unknown>[];
}

describe('@opendatasoft/api-client', () => {
  it('lists the catalog: only the datasets of the key', async () => {
    const r = (await client.get(fromCatalog().datasets())) as Page;
    expect(r.total_count).toBe(2);
    expect(r.results.map((d) => d.dataset_id).sort()).toEqual(['sales', 'values']);
  });

  it("reads a dataset's metadata", async () => {
    const r = (await client.get(fromCatalog().dataset('sales').itself())) as { dataset_id: string; fields: { name: string; type: string }[] };
    expect(r.dataset_id).toBe('sales');
    expect(r.fields.find((f) => f.name === 'sales_count')?.type).toBe('int');
  });

  it('reads records with select, where, order_by and limit', async () => {
    const q = fromCatalog().dataset('sales').records().select('store_name, sales_count').where("store_country:'Spain'").orderBy('-sales_count').limit(5);
    const r = (await client.get(q)) as Page;
    const spain = sales.filter((s) => s.store_country === 'Spain');
    expect(r.total_count).toBe(spain.length);
    expect(r.results.map((x) => x.sales_count)).toEqual(spain.map((s) => s.sales_count).sort((a, b) => b - a).slice(0, 5));
    expect(Object.keys(r.results[0] ?? {})).toEqual(['store_name', 'sales_count']);
  });

  it('groups with group_by, aggregates and order by an alias', async () => {
    const q = fromCatalog().dataset('sales').records().select('store_country as country, count(*) as n, sum(sales_count) as total').groupBy('store_country as country').where('store_country is not null').orderBy('total desc').limit(3);
    const r = (await client.get(q)) as Page;
    const byCountry = new Map<string, { n: number; total: number }>();
    for (const s of sales) {
      if (s.store_country === undefined) continue;
      const g = byCountry.get(s.store_country) ?? { n: 0, total: 0 };
      byCountry.set(s.store_country, { n: g.n + 1, total: g.total + s.sales_count });
    }
    const expected = [...byCountry].map(([country, g]) => ({ country, ...g })).sort((a, b) => b.total - a.total);
    expect(r.total_count).toBe(expected.length);
    expect(r.results).toEqual(expected.slice(0, 3));
  });

  it('reads facets and a json export through the query builder', async () => {
    const f = (await client.get(fromCatalog().dataset('sales').facets().facet('store_country'))) as { facets: { name: string; facets: { value: string; count: number }[] }[] };
    const france = f.facets[0]?.facets.find((x) => x.value === 'France');
    expect(france?.count).toBe(sales.filter((s) => s.store_country === 'France').length);
    const rows = (await client.get(fromCatalog().dataset('sales').export(EXPORT_DATASET_FORMAT.JSON).select('sales_count').where('sales_count > 8'))) as { sales_count: number }[];
    expect(rows.map((r) => r.sales_count).sort((a, b) => a - b)).toEqual(sales.filter((s) => s.sales_count > 8).map((s) => s.sales_count).sort((a, b) => a - b));
  });

  it('throws its error classes: UserError on a bad query, NotFoundError on a hidden dataset, AuthenticationError on a wrong key', async () => {
    const bad = await client.get(fromCatalog().dataset('sales').records().where('sales_count >')).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UserError);
    expect((bad as UserError).details).toMatchObject({ error_code: 'ODSQLError' });
    const hidden = await client.get(fromCatalog().dataset('hundred').records()).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect((hidden as NotFoundError).details).toEqual({ message: 'Unknown dataset: hundred', error_code: 'NoSuchDataset' });
    const tooMany = await client.get(fromCatalog().dataset('sales').records().limit(1000)).catch((e: unknown) => e);
    expect((tooMany as UserError).details).toMatchObject({ error_code: 'InvalidRESTParameterError' });
    const wrong = new ApiClient({ domain: proxy.base, apiKey: 'not-a-key-0000000000000', hideDeprecatedWarning: true });
    expect(await wrong.get(fromCatalog().datasets()).catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
  });
});
