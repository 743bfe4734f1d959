/**
 * The Admin API's other read routes end to end: POST /api/aggregate/{entity}, GET /api/{entity}
 * (criteria from the query string), GET /api/{entity}/{id}, GET /api/_info/version, and
 * Shopware's 404/405 for every other /api/ path, next to Opendatasoft's and Nue's paths under
 * /api/. Expected answers from the fixture rows by plain code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, products } from './fixtures.js';
import { fixtures as odsFixtures } from '../opendatasoft/fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy([...fixtures, ...odsFixtures.filter((f) => f.dataset === 'sales')]);
});
afterAll(async () => proxy?.close());

const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(proxy.base + path, { method, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
};
const get = (path: string, headers?: Record<string, string>) => call('GET', path, headers);

const es = inSet('es-product');
const byNumber = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const missing = 'ffffffffffffffffffffffffffffffff';

describe('POST /api/aggregate/{entity}', () => {
  it('answers the aggregations of the criteria with no records (total 0, data []), as search computes them', async () => {
    const body = {
      filter: [{ type: 'equals', field: 'fixtureSet', value: 'es-product' }],
      aggregations: [
        { name: 'max-stock', type: 'max', field: 'stock' },
        { name: 'sum-stock', type: 'sum', field: 'stock' },
      ],
    };
    const res = await proxy.post('/api/aggregate/product', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stocks = es.map((p) => p.stock as number);
    expect(res.body).toEqual({
      total: 0,
      data: [],
      aggregations: {
        'max-stock': { name: 'max-stock', max: String(Math.max(...stocks)), apiAlias: 'max-stock_aggregation' },
        'sum-stock': { name: 'sum-stock', sum: stocks.reduce((a, b) => a + b), apiAlias: 'sum-stock_aggregation' },
      },
    });
  });

  it('refuses the criteria problems search refuses, and an unknown entity', async () => {
    const bad = await proxy.post('/api/aggregate/product', { aggregations: [{ name: 'x', type: 'nope', field: 'stock' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].source.pointer).toBe('/aggregations/0');
    const unknown = await proxy.post('/api/aggregate/nothing', { aggregations: [] });
    expect([unknown.status, unknown.body.errors[0].code]).toEqual([404, 'FRAMEWORK__DEFINITION_NOT_FOUND']);
  });
});

describe('GET /api/{entity}', () => {
  it('reads limit, page, sort, a simple filter, includes and total-count-mode from the query string', async () => {
    const q = 'limit=5&page=2&sort=-productNumber&filter[fixtureSet]=es-product&total-count-mode=1&includes[product][]=id&includes[product][]=productNumber';
    const res = await get(`/api/product?${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = [...es].sort((a, b) => byNumber(b.productNumber, a.productNumber)).slice(5, 10);
    expect(res.body).toEqual({
      total: es.length,
      data: expected.map((p) => ({ id: p.id, productNumber: p.productNumber, apiAlias: 'product' })),
      aggregations: {},
    });
  });

  it('reads the list form of filters (filter[0][type]=range ...) with string values, and ids joined by |', async () => {
    const res = await get('/api/product?filter[0][type]=range&filter[0][field]=stock&filter[0][parameters][gte]=300&sort=productNumber&includes[product][]=productNumber&limit=100');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = products.filter((p) => (p.stock as number) >= 300).map((p) => p.productNumber as string).sort(byNumber);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.data.map((d: { productNumber: string }) => d.productNumber)).toEqual(expected);
    const two = es.slice(0, 2);
    const ids = await get(`/api/product?ids=${two.map((p) => p.id).join('|')}&includes[product][]=id`);
    expect(ids.body.data).toEqual(two.map((p) => ({ id: p.id, apiAlias: 'product' })));
  });

  it('leaves the proxy\'s own ?explain out of the criteria', async () => {
    const res = await get('/api/product?explain=true&limit=1');
    expect([res.status, typeof res.body.explain]).toEqual([200, 'object']);
  });

  it('answers every query-string problem in one 400 naming it: an unknown parameter, a blank simple filter, a bad limit', async () => {
    const res = await get('/api/product?foo=1&filter[name]=&limit=x');
    expect(res.status).toBe(400);
    const pointers = res.body.errors.map((e: { source: { pointer: string } }) => e.source.pointer).sort();
    expect(pointers).toEqual(['/filter/name', '/foo', '/limit']);
    expect(res.body.errors.find((e: { source: { pointer: string } }) => e.source.pointer === '/filter/name').code).toBe('FRAMEWORK__INVALID_FILTER_QUERY');
  });
});

describe('GET /api/{entity}/{id}', () => {
  it('answers one record as {data}, includes applied', async () => {
    const p = es[3] as Record<string, unknown>;
    const res = await get(`/api/product/${p.id}?includes[product][]=id&includes[product][]=name&includes[product][]=stock`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ data: { id: p.id, name: p.name, stock: p.stock, apiAlias: 'product' } });
  });

  it('an id that matches nothing: FRAMEWORK__RESOURCE_NOT_FOUND; an id that is no 32-digit hex: no route', async () => {
    const res = await get(`/api/product/${missing}`);
    expect([res.status, res.body]).toEqual([
      404,
      {
        errors: [
          {
            status: '404',
            code: 'FRAMEWORK__RESOURCE_NOT_FOUND',
            title: 'Not Found',
            detail: `The product resource with the following primary key was not found: id(${missing})`,
            meta: { parameters: { type: 'product', primaryKey: { id: missing }, primaryKeyString: `id(${missing})` } },
          },
        ],
      },
    ]);
    const notHex = await get('/api/product/not-an-id');
    expect([notHex.status, notHex.body]).toEqual([404, { errors: [{ code: '0', status: '404', title: 'Not Found', detail: `No route found for "GET ${proxy.base}/api/product/not-an-id"` }] }]);
  });

  it('refuses aggregations, which a detail read would drop', async () => {
    const res = await get(`/api/product/${es[0]?.id}?aggregations[0][name]=m&aggregations[0][type]=max&aggregations[0][field]=stock`);
    expect([res.status, res.body.errors[0].source.pointer]).toEqual([400, '/aggregations']);
  });
});

describe('GET /api/_info/version and unknown routes', () => {
  it('reports the Shopware release the proxy stands for', async () => {
    for (const path of ['/api/_info/version', '/api/v1/_info/version']) expect((await get(path)).body).toEqual({ version: '6.6.10.0' });
  });

  it('answers every unknown /api/ route, any method, with Symfony 404 as Shopware renders it; a known path with another method 405', async () => {
    for (const [method, path] of [['GET', '/api/foo/bar/baz'], ['PUT', '/api/a/b/c'], ['POST', '/api/_info'], ['GET', '/api/v3/x']] as const) {
      const res = await call(method, path);
      expect([method, path, res.status, res.body]).toEqual([method, path, 404, { errors: [{ code: '0', status: '404', title: 'Not Found', detail: `No route found for "${method} ${proxy.base}${path}"` }] }]);
    }
    for (const [method, path, allow] of [['GET', '/api/search/product', 'POST'], ['DELETE', `/api/product/${missing}`, 'GET'], ['PATCH', '/api/product', 'GET'], ['GET', '/api/oauth/token', 'POST']] as const) {
      const res = await call(method, path);
      expect([method, path, res.status, res.body.errors[0].detail]).toEqual([method, path, 405, `No route found for "${method} ${proxy.base}${path}": Method Not Allowed (Allow: ${allow})`]);
    }
  });

  it('leaves Opendatasoft its /api paths and Nue its /api/graphql', async () => {
    for (const path of ['/api', '/api/explore/v2.1/nothing', '/api/v2/x']) {
      const res = await get(path);
      expect([path, res.status, res.body.error_code]).toEqual([path, 404, 'NotFound']);
    }
    const records = await get('/api/explore/v2.1/catalog/datasets/sales/records?limit=1');
    expect([records.status, typeof records.body.total_count]).toEqual([200, 'number']);
    const graphql = await call('PUT', '/api/graphql');
    expect(graphql.body?.errors?.[0]?.code).not.toBe('0');
  });
});
