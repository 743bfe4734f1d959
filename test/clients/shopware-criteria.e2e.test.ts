/**
 * `@shopware/api-client` `searchProduct` / `searchIdsProduct` with the criteria the Admin sends
 * (associations with their own criteria, includes, grouping, term), unchanged but for the base URL,
 * against the running proxy with auth on; and the client's error for an unknown association.
 * Expected answers from the fixture rows.
 */
import { describe, expect, it } from 'vitest';
import { ApiClientError } from '@shopware/api-client';
import { shopwareIntegration } from './shopware-integration.js';
import { inSet } from '../translators/shopware/fixtures.js';

const { proxy: running, client } = shopwareIntegration('SWIACRITERIASUITE', 'criteria-suite-secret-0123456789');
const set = { type: 'equals', field: 'fixtureSet', value: 'es-product' };
const es = inSet('es-product');

describe('Shopware: @shopware/api-client searchProduct with the Admin\'s criteria', () => {
  it('associations with their own criteria, trimmed by includes', async () => {
    const res = await client().invoke('searchProduct post /search/product', {
      body: {
        filter: [set],
        sort: [{ field: 'productNumber', order: 'ASC' }],
        limit: 5,
        associations: { manufacturer: {}, categories: { sort: [{ field: 'name', order: 'ASC' }], limit: 2 } },
        includes: { product: ['id', 'manufacturer', 'categories'], product_manufacturer: ['name'], category: ['name'] },
      },
    });
    const expected = [...es].sort((a, b) => (a.productNumber < b.productNumber ? -1 : 1)).slice(0, 5);
    expect(res.data.data).toEqual(
      expected.map((p) => ({
        id: p.id,
        manufacturer: p.manufacturer ? { name: p.manufacturer.name, apiAlias: 'product_manufacturer' } : null,
        categories: ((p.categories ?? []) as { name: string }[])
          .map((c) => c.name)
          .sort()
          .slice(0, 2)
          .map((name) => ({ name, apiAlias: 'category' })),
        apiAlias: 'product',
      })),
    );
  });

  it('grouping: one product per manufacturer, the total counting groups; searchIdsProduct groups too', async () => {
    const api = client();
    const body = { filter: [set], grouping: ['manufacturerId'], 'total-count-mode': 1, includes: { product: ['id'] } };
    const groups = new Set(es.map((p) => p.manufacturerId ?? null)).size;
    const res = await api.invoke('searchProduct post /search/product', { body });
    expect([res.data.total, res.data.data.length]).toEqual([groups, groups]);
    const ids = await api.invoke('searchIdsProduct post /search-ids/product', { body });
    expect(ids.data.data.length).toBe(groups);
  });

  it('term finds by the searchable fields, best first', async () => {
    const res = await client().invoke('searchProduct post /search/product', { body: { filter: [set], term: 'product-1', includes: { product: ['productNumber'] } } });
    // product-1 equals and contains the whole term in productNumber (1500): first
    expect(res.data.data[0].productNumber).toBe('product-1');
    expect(res.data.data.length).toBeGreaterThan(1);
  });

  it('an unknown association is the client\'s ApiClientError naming it', async () => {
    const err = await client()
      .invoke('searchProduct post /search/product', { body: { limit: 1, associations: { nope: {} } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiClientError);
    const e = (err as ApiClientError<any>).details.errors[0];
    expect([(err as ApiClientError<any>).status, e.code, e.source.pointer]).toEqual([400, 'FRAMEWORK__ASSOCIATION_NOT_FOUND', '/associations/nope']);
  });
});
