/**
 * `@shopware/api-client`'s typed operations beyond search, unchanged but for the base URL, against
 * the running proxy with auth on: `aggregateProduct`, the entity reads `getProductList` and
 * `getProduct`, `infoShopwareVersion`, the JSON:API form by the `accept` header, and an unknown
 * route surfacing as the client's ApiClientError with Shopware's error. Expected answers from the
 * fixture rows.
 */
import { describe, expect, it } from 'vitest';
import { ApiClientError } from '@shopware/api-client';
import { shopwareIntegration } from './shopware-integration.js';
import { inSet, products, type Product } from '../translators/shopware/fixtures.js';

const { proxy: running, client } = shopwareIntegration('SWIAROUTESUITE', 'routes-suite-secret-0123456789');

const es = inSet('es-product');
const byNumber = (a: Product, b: Product): number => (a.productNumber < b.productNumber ? -1 : a.productNumber > b.productNumber ? 1 : 0);

describe('Shopware: @shopware/api-client read operations', () => {
  it('aggregateProduct answers the aggregations', async () => {
    const res = await client().invoke('aggregateProduct post /aggregate/product', {
      body: { aggregations: [{ name: 'n', type: 'count', field: 'id' }, { name: 'max-stock', type: 'max', field: 'stock' }] },
    });
    expect(res.status).toBe(200);
    expect(res.data.aggregations).toEqual({
      n: { name: 'n', count: products.length, apiAlias: 'n_aggregation' },
      'max-stock': { name: 'max-stock', max: String(Math.max(...products.map((p) => p.stock as number))), apiAlias: 'max-stock_aggregation' },
    });
  });

  it('getProductList pages with limit and page; getProduct reads one record', async () => {
    const api = client();
    const list = await api.invoke('getProductList get /product', { query: { limit: 3, page: 2, sort: 'productNumber', 'total-count-mode': 1 } });
    const expected = [...products].sort(byNumber).slice(3, 6);
    expect(list.data.total).toBe(products.length);
    expect(list.data.data.map((p: { id: string }) => p.id)).toEqual(expected.map((p) => p.id));
    const one = es[5] as (typeof es)[number];
    const detail = await api.invoke('getProduct get /product/{id}', { pathParams: { id: one.id } });
    expect([detail.data.data.id, detail.data.data.productNumber, detail.data.data.apiAlias]).toEqual([one.id, one.productNumber, 'product']);
  });

  it('infoShopwareVersion reports the 6.6 release; JSON:API when asked by accept', async () => {
    const api = client();
    expect((await api.invoke('infoShopwareVersion get /_info/version')).data).toEqual({ version: '6.6.10.0' });
    const res = await api.invoke('searchProduct post /search/product', {
      body: { limit: 1, 'total-count-mode': 1, filter: [{ type: 'equals', field: 'fixtureSet', value: 'es-product' }] },
      // the client's own default is `Accept: application/json` under that spelling; the caller's replaces it
      headers: { Accept: 'application/vnd.api+json' },
    });
    expect(res.data.meta).toEqual({ totalCountMode: 1, total: es.length });
    expect(res.data.data[0].type).toBe('product');
  });

  it('an unknown route or id surfaces as ApiClientError with Shopware\'s error', async () => {
    const api = client();
    const route = await api.invoke('nothing get /nothing/at/all').catch((e: unknown) => e);
    expect(route).toBeInstanceOf(ApiClientError);
    expect([(route as ApiClientError<any>).status, (route as ApiClientError<any>).details.errors[0].code]).toEqual([404, '0']);
    const missing = await api.invoke('getProduct get /product/{id}', { pathParams: { id: 'f'.repeat(32) } }).catch((e: unknown) => e);
    expect((missing as ApiClientError<any>).details.errors[0].code).toBe('FRAMEWORK__RESOURCE_NOT_FOUND');
  });

  it('the version route wants a token, as Shopware\'s does; routing errors come before the token check', async () => {
    const res = await fetch(`${running().base}/api/_info/version`);
    expect(res.status).toBe(401);
    for (const [path, status] of [['/api/search/product', 405], ['/api/oauth/token', 405], ['/api/nothing/at/all', 404]] as const) {
      const r = await fetch(running().base + path);
      expect([path, r.status, ((await r.json()) as { errors: { code: string }[] }).errors[0]?.code]).toEqual([path, status, '0']);
    }
  });
});
