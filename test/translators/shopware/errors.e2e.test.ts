/** Shopware errors: JSON:API `errors[]` with Shopware's codes and pointers; never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const agg = (a: object) => ({ aggregations: [a] });

const cases: [string, unknown, number, string, string][] = [
  ['aggregation without a name', agg({ type: 'avg', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0'],
  ['numeric aggregation name', agg({ name: '12', type: 'avg', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0'],
  ['name with a colon', agg({ name: 'a:b', type: 'avg', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0'],
  ['aggregation without a type', agg({ name: 'a', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0'],
  ['unknown aggregation type', agg({ name: 'a', type: 'median', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0'],
  ['aggregation without a field', agg({ name: 'a', type: 'avg' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/avg/field'],
  ['entity without a definition', agg({ name: 'a', type: 'entity', field: 'manufacturerId' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/entity/definition'],
  ['entity with the wrong definition', agg({ name: 'a', type: 'entity', field: 'manufacturerId', definition: 'category' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/definition'],
  ['filter aggregation with an empty filter list', agg({ name: 'a', type: 'filter', filter: [], aggregation: { name: 'b', type: 'avg', field: 'stock' } }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/filter/field'],
  ['histogram without an interval', agg({ name: 'a', type: 'histogram', field: 'releaseDate' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/histogram/interval'],
  ['invalid histogram interval (a 500 in Shopware)', agg({ name: 'a', type: 'histogram', field: 'releaseDate', interval: 'fortnight' }), 400, 'FRAMEWORK__INVALID_DATE_HISTOGRAM_INTERVAL', '/aggregations/0/interval'],
  ['invalid time zone (a 500 in Shopware)', agg({ name: 'a', type: 'histogram', field: 'releaseDate', interval: 'day', timeZone: 'Mars/Olympus' }), 400, 'FRAMEWORK__INVALID_TIME_ZONE', '/aggregations/0/timeZone'],
  ['range on a non-numeric field (a 500 in Shopware)', agg({ name: 'a', type: 'range', field: 'name', ranges: [{ to: 5 }] }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/field'],
  ['range without ranges', agg({ name: 'a', type: 'range', field: 'stock' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/range/ranges'],
  ['histogram on a number', agg({ name: 'a', type: 'histogram', field: 'stock', interval: 'day' }), 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/0/field'],
  ['unknown aggregation field', agg({ name: 'a', type: 'avg', field: 'product.nope' }), 400, 'FRAMEWORK__UNMAPPED_FIELD', '/aggregations/0/field'],
  ['unknown field in a nested aggregation', agg({ name: 'a', type: 'terms', field: 'stock', aggregation: { name: 'b', type: 'sum', field: 'nope' } }), 400, 'FRAMEWORK__UNMAPPED_FIELD', '/aggregations/0/aggregation/field'],
  ['unknown sort field of a terms aggregation', agg({ name: 'a', type: 'terms', field: 'stock', sort: { field: 'nope' } }), 400, 'FRAMEWORK__UNMAPPED_FIELD', '/aggregations/0/sort/field'],
  ['aggregations as an object (ES style)', { aggregations: { a: { avg: { field: 'stock' } } } }, 400, 'FRAMEWORK__INVALID_AGGREGATION_QUERY', '/aggregations/a'],
  ['filter without a type', { filter: [{ field: 'stock', value: 1 }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0'],
  ['unknown filter type', { filter: [{ type: 'near', field: 'stock', value: 1 }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/type'],
  ['equals without a value', { filter: [{ type: 'equals', field: 'stock' }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/value'],
  ['equals with an empty string', { filter: [{ type: 'equals', field: 'name', value: '' }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/value'],
  ['range with an unknown parameter', { filter: [{ type: 'range', field: 'stock', parameters: { from: 1 } }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/parameters/from'],
  ['multi without queries', { filter: [{ type: 'multi', operator: 'or' }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/queries'],
  ['a bad filter deep inside', { filter: [{ type: 'not', queries: [{ type: 'multi', queries: [{ type: 'equals', value: 1 }] }] }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/queries/0/queries/0/field'],
  ['unknown filter field', { filter: [{ type: 'equals', field: 'nope', value: 1 }] }, 400, 'FRAMEWORK__UNMAPPED_FIELD', '/filter/0/field'],
  ['a word for a number', { filter: [{ type: 'equals', field: 'stock', value: 'many' }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/value'],
  ['a word for a date', { filter: [{ type: 'range', field: 'releaseDate', parameters: { gte: 'yesterday' } }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/parameters/gte'],
  ['a date of the right shape that is no date (a 502 before)', { filter: [{ type: 'range', field: 'releaseDate', parameters: { gte: '2024-13-45' } }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/parameters/gte'],
  ['February 30th in an equals', { 'post-filter': [{ type: 'equals', field: 'releaseDate', value: '2024-02-30 10:00:00' }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/post-filter/0/value'],
  ['hour 25 in a range', { filter: [{ type: 'multi', queries: [{ type: 'range', field: 'releaseDate', parameters: { lt: '2024-01-01 25:00:00' } }] }] }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/filter/0/queries/0/parameters/lt'],
  ['post-filter not a list', { 'post-filter': { type: 'equals', field: 'stock', value: 1 } }, 400, 'FRAMEWORK__INVALID_FILTER_QUERY', '/post-filter'],
  ['limit 0', { limit: 0 }, 400, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
  ['page -1', { page: -1 }, 400, 'FRAMEWORK__INVALID_PAGE_QUERY', '/page'],
  ['unknown sort field', { sort: [{ field: 'nope' }] }, 400, 'FRAMEWORK__UNMAPPED_FIELD', '/sort/0/field'],
  ['term not a string', { term: 5 }, 400, 'FRAMEWORK__INVALID_CRITERIA_PARAMETER', '/term'],
  ['relative since filter', { filter: [{ type: 'since', field: 'releaseDate', value: 'P1D' }] }, 400, 'AGGPROXY__UNSUPPORTED_PARAMETER', '/filter/0'],
  ['beyond the result window', { limit: 100, page: 200 }, 400, 'FRAMEWORK__INVALID_CRITERIA_PARAMETER', '/limit'],
  ['body not an object', [1, 2], 400, 'FRAMEWORK__INVALID_CRITERIA_PARAMETER', ''],
];

describe('shopware errors', () => {
  for (const [title, body, status, code, pointer] of cases) {
    it(title, async () => {
      const res = await proxy.post('/api/search/product', body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.errors[0]).toMatchObject({ status: String(status), code, title: 'Bad Request', source: { pointer } });
      expect(res.body.errors[0].detail).toEqual(expect.any(String));
    });
  }

  it('collects every problem of one request, as Shopware does', async () => {
    const res = await proxy.post('/api/search/product', { limit: -1, filter: [{ type: 'equals' }], aggregations: [{ name: 'a' }, { type: 'avg' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { source: { pointer: string } }) => e.source.pointer)).toEqual(['/filter/0/field', '/filter/0/value', '/limit', '/aggregations/0', '/aggregations/1']);
  });

  it('an unknown entity is a 404; malformed JSON a 400', async () => {
    const res = await proxy.post('/api/search/customer', {});
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ status: '404', code: 'FRAMEWORK__DEFINITION_NOT_FOUND', title: 'Not Found' });
    const bad = await proxy.post('/api/search/product', '{"limit": ');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].status).toBe('400');
  });

  it('a currency or language the index does not hold is refused, not answered wrongly', async () => {
    const body = { aggregations: [{ name: 'a', type: 'avg', field: 'price' }] };
    expect((await proxy.post('/api/search/product', body)).status).toBe(200);
    const res = await proxy.post('/api/search/product', body, { 'sw-currency-id': '2c962ddb7b3346f29c748a9d3b884302' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('AGGPROXY__UNSUPPORTED_PARAMETER');
    expect((await proxy.post('/api/search/product', body, { 'sw-language-id': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).status).toBe(400);
    expect((await proxy.post('/api/search/product', body, { 'sw-currency-id': 'b7d2554b0ce847cd82f3ac9bd1c0dfca' })).status).toBe(200);
  });
});

describe('shopware errors: every problem of a request', () => {
  it('answers an unknown field in a filter, in an aggregation and in a sorting as three errors, each at its pointer', async () => {
    const res = await proxy.post('/api/search/product', {
      filter: [{ type: 'equals', field: 'nope1', value: 1 }],
      aggregations: [{ name: 'a', type: 'avg', field: 'nope2' }, { name: 'b', type: 'terms', field: 'manufacturerId' }],
      sort: [{ field: 'nope3', order: 'ASC' }],
    });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { code: string; source: { pointer: string } }[] }).errors;
    expect(errors.map((e) => [e.code, e.source.pointer])).toEqual([
      ['FRAMEWORK__UNMAPPED_FIELD', '/filter/0/field'],
      ['FRAMEWORK__UNMAPPED_FIELD', '/aggregations/0/field'],
      ['FRAMEWORK__UNMAPPED_FIELD', '/sort/0/field'],
    ]);
  });
});
