/**
 * The Admin API's JSON:API form (`Accept: application/vnd.api+json`) of search, listing, detail and
 * aggregate answers, shaped as Shopware's JsonApiType / JsonApiEncoder build them; expected
 * answers from the fixture rows by plain code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, type Product } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const JSON_API = { accept: 'application/vnd.api+json' };
const es = inSet('es-product');
const byNumber = (a: Product, b: Product): number => (a.productNumber < b.productNumber ? -1 : a.productNumber > b.productNumber ? 1 : 0);
const record = (p: Product, attributes: Record<string, unknown>) => ({
  id: p.id,
  type: 'product',
  attributes,
  links: { self: `${proxy.base}/api/product/${p.id}` },
  relationships: {},
  meta: null,
});
const esFilter = [{ type: 'equals', field: 'fixtureSet', value: 'es-product' }];

describe('shopware JSON:API form', () => {
  it('search: data as resource objects, included, pagination links, meta.total and aggregations', async () => {
    const body = {
      filter: esFilter,
      limit: 4,
      page: 2,
      'total-count-mode': 1,
      sort: [{ field: 'productNumber' }],
      includes: { product: ['name', 'stock'] },
      aggregations: [{ name: 'max-stock', type: 'max', field: 'stock' }],
    };
    const res = await proxy.post('/api/search/product', body, JSON_API);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    const page = [...es].sort(byNumber).slice(4, 8);
    const url = (p: number) => `${proxy.base}/api/search/product?limit=4&page=${p}`;
    expect(res.body).toEqual({
      data: page.map((p) => record(p, { name: p.name, stock: p.stock })),
      included: [],
      links: { first: url(1), prev: url(1), last: url(Math.ceil(es.length / 4)), next: url(3), self: `${proxy.base}/api/search/product` },
      meta: { totalCountMode: 1, total: es.length },
      aggregations: { 'max-stock': { name: 'max-stock', max: String(Math.max(...es.map((p) => p.stock as number))), apiAlias: 'max-stock_aggregation' } },
    });
  });

  it('follows Accept: the preferred of JSON and JSON:API; plain JSON for */* or none; 415 when it names neither; memoized per Accept', async () => {
    const body = { filter: esFilter, limit: 1, includes: { product: ['id'] } };
    const api = await proxy.post('/api/search/product', body, { accept: 'application/json;q=0.5, application/vnd.api+json' });
    expect(api.body.meta).toEqual({ totalCountMode: 0, total: 1 });
    // the same request bytes again, with another Accept: not the memoized JSON:API answer
    for (const accept of ['application/json', '*/*']) {
      const plain = await proxy.post('/api/search/product', body, { accept });
      expect([accept, plain.body]).toEqual([accept, { total: 1, data: [{ id: expect.any(String), apiAlias: 'product' }], aggregations: {} }]);
    }
    const again = await proxy.post('/api/search/product', body, { accept: 'application/vnd.api+json' });
    expect([again.headers.get('x-aggproxy-cache'), again.headers.get('content-type')?.split(';')[0]]).toEqual(['hit', 'application/vnd.api+json']);
    const html = await proxy.post('/api/search/product', body, { accept: 'text/html' });
    expect([html.status, html.body]).toEqual([415, { errors: [{ code: '0', status: '415', title: 'Unsupported Media Type', detail: 'All provided media types are unsupported. (text/html)' }] }]);
  });

  it('listing: links carry the query parameters, limit and page replaced; none mode gives next while a page is full', async () => {
    const res = await fetch(`${proxy.base}/api/product?filter[fixtureSet]=es-product&limit=3&sort=productNumber&includes[product][]=productNumber`, { headers: JSON_API });
    const body = await res.json();
    const first = [...es].sort(byNumber).slice(0, 3);
    expect(body.data).toEqual(first.map((p) => record(p, { productNumber: p.productNumber })));
    const link = (page: number) => `${proxy.base}/api/product?filter%5BfixtureSet%5D=es-product&limit=3&sort=productNumber&includes%5Bproduct%5D%5B0%5D=productNumber&page=${page}`;
    expect(body.links).toEqual({
      first: link(1),
      next: link(2),
      self: `${proxy.base}/api/product?filter%5BfixtureSet%5D=es-product&includes%5Bproduct%5D%5B0%5D=productNumber&limit=3&sort=productNumber`,
    });
    expect(body.meta).toEqual({ totalCountMode: 0, total: 3 });
  });

  it('detail: {data, included, links.self}; aggregate: the listing with no records', async () => {
    const p = es[2] as Product;
    const res = await fetch(`${proxy.base}/api/product/${p.id}?includes[product][]=name`, { headers: JSON_API });
    expect(await res.json()).toEqual({ data: record(p, { name: p.name }), included: [], links: { self: `${proxy.base}/api/product/${p.id}?includes%5Bproduct%5D%5B0%5D=name` } });
    const agg = await proxy.post('/api/aggregate/product', { filter: esFilter, aggregations: [{ name: 'n', type: 'count', field: 'id' }] }, JSON_API);
    expect(agg.body).toEqual({
      data: [],
      included: [],
      links: { self: `${proxy.base}/api/aggregate/product` },
      meta: { totalCountMode: 0, total: 0 },
      aggregations: { n: { name: 'n', count: es.length, apiAlias: 'n_aggregation' } },
    });
  });

  it('search-ids stays plain JSON, as Shopware answers it', async () => {
    const res = await proxy.post('/api/search-ids/product', { filter: esFilter, limit: 2 }, JSON_API);
    expect(res.body).toEqual({ total: 2, data: [expect.any(String), expect.any(String)] });
  });
});
