/**
 * The Explore API's other surfaces end to end: the catalog and dataset metadata (ODS types, labels,
 * hidden datasets 404), the v2.0 forms, and errors in Opendatasoft's `{error_code, message}` with
 * the clause and character (ODSQLError), the parameter (InvalidRESTParameterError), 404 shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, sales } from '../fixtures.js';
import { get } from './http.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const V21 = '/api/explore/v2.1/catalog/datasets';
const V20 = '/api/v2/catalog/datasets';

describe('catalog', () => {
  it('lists the exposed datasets with where, limit and offset', async () => {
    const all = await get(proxy, V21);
    expect(all.status).toBe(200);
    expect(all.body.total_count).toBe(3);
    expect(all.body.results.map((d: { dataset_id: string }) => d.dataset_id).sort()).toEqual(['hundred', 'sales', 'values']);
    const some = await get(proxy, V21, { where: "dataset_id = 'sales' or startswith(dataset_id, 'hun')", limit: '1', offset: '1' });
    expect(some.body.total_count).toBe(2);
    expect(some.body.results).toHaveLength(1);
  });

  it("answers a dataset's metadata: fields with ODS types and labels, sub-fields left out", async () => {
    const r = await get(proxy, `${V21}/sales`);
    expect(r.status).toBe(200);
    expect(r.body.dataset_id).toBe('sales');
    const fields = Object.fromEntries(r.body.fields.map((f: { name: string; type: string; label: string }) => [f.name, [f.type, f.label]]));
    expect(fields).toEqual({
      store_name: ['text', 'Store name'],
      store_address: ['text', 'Store address'],
      store_country: ['text', 'Store country'],
      store_coordinates: ['geo_point_2d', 'Store coordinates'],
      sales_date: ['datetime', 'Sales date'],
      sales_count: ['int', 'Sales count'],
      sales_amount: ['double', 'Sales amount'],
    });
  });

  it('answers 404 NoSuchDataset for a dataset that is not exposed, on every route', async () => {
    for (const path of [`${V21}/secret`, `${V21}/secret/records`, `${V20}/secret`, `${V20}/secret/aggregates`]) {
      const r = await get(proxy, path);
      expect([path, r.status, r.body]).toEqual([path, 404, { message: 'Unknown dataset: secret', error_code: 'NoSuchDataset' }]);
    }
  });
});

describe('facets', () => {
  it('counts each value of the facet fields under where and refine, most first', async () => {
    const r = await get(proxy, `${V21}/sales/facets`, { facet: ['store_country', 'sales_date'], where: 'sales_count > 2', refine: 'store_country:France' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = sales.filter((s) => s.sales_count > 2 && s.store_country === 'France');
    const count = (key: (s: (typeof sales)[number]) => string) => {
      const m = new Map<string, number>();
      for (const s of rows) m.set(key(s), (m.get(key(s)) ?? 0) + 1);
      return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    };
    expect(r.body.facets).toEqual([
      { name: 'store_country', facets: count((s) => s.store_country as string).map(([v, n]) => ({ name: v, count: n, state: 'refined', value: v })) },
      { name: 'sales_date', facets: count((s) => s.sales_date.slice(0, 4)).map(([v, n]) => ({ name: v, count: n, state: 'displayed', value: v })) },
    ]);
  });
});

describe('v2.0', () => {
  it('records come as {links, record: {fields}} and the dataset route the beta links to exists', async () => {
    const r = await get(proxy, `${V20}/sales/records`, { select: 'store_name', where: "store_name = 'Zara'", limit: '3' });
    expect(r.status).toBe(200);
    expect(r.body.total_count).toBe(sales.filter((s) => s.store_name === 'Zara').length);
    expect(r.body.links).toEqual([{ rel: 'self', href: `${proxy.base}${V20}/sales/records` }, { rel: 'dataset', href: `${proxy.base}${V20}/sales` }]);
    const got = r.body.records.map((x: { record: { id: string; timestamp: null; size: number; fields: unknown } }) => x.record);
    expect(got.map((x: { fields: unknown }) => x.fields)).toEqual([{ store_name: 'Zara' }, { store_name: 'Zara' }, { store_name: 'Zara' }]);
    // each record's id: 40 hex digits, one per document; its size the bytes of its fields
    for (const x of got) expect([/^[0-9a-f]{40}$/.test(x.id), x.timestamp, x.size]).toEqual([true, null, JSON.stringify(x.fields).length]);
    expect(new Set(got.map((x: { id: string }) => x.id)).size).toBe(3);
    const again = await get(proxy, `${V20}/sales/records`, { select: 'store_name', where: "store_name = 'Zara'", limit: '3' });
    expect(again.body.records.map((x: { record: { id: string } }) => x.record.id)).toEqual(got.map((x: { id: string }) => x.id));
    const beta = await proxy.post('/api/v2/datasets/sales/aggregate', { aggregations: { a: { aggregates: { n: 'COUNT()' } } } });
    const target = beta.body.links.find((l: { rel: string }) => l.rel === 'dataset').href as string;
    const ds = await fetch(target);
    expect(ds.status).toBe(200);
    expect(((await ds.json()) as { dataset: { dataset_id: string } }).dataset.dataset_id).toBe('sales');
  });

  it('aggregates come as {links, aggregations}', async () => {
    const r = await get(proxy, `${V20}/sales/aggregates`, { select: 'count(*) as n', group_by: 'store_name', order_by: 'n desc, store_name', limit: '2' });
    expect(r.status).toBe(200);
    const counts = new Map<string, number>();
    for (const s of sales) counts.set(s.store_name, (counts.get(s.store_name) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2).map(([store_name, n]) => ({ n, store_name }));
    expect(r.body.aggregations).toEqual(expected);
    expect(r.body.links[0]).toEqual({ rel: 'self', href: `${proxy.base}${V20}/sales/aggregates` });
  });

  it('v2.0 makes no group of null values, where v2.1 lists one', async () => {
    const q = { select: 'store_country, count(*) as n', group_by: 'store_country', limit: '100' };
    const v20 = await get(proxy, `${V20}/sales/aggregates`, q);
    const v21 = await get(proxy, `${V21}/sales/records`, q);
    const named = new Map<string, number>();
    for (const s of sales) if (s.store_country !== undefined) named.set(s.store_country, (named.get(s.store_country) ?? 0) + 1);
    const expected = [...named].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([store_country, n]) => ({ store_country, n }));
    expect(v20.body.aggregations).toEqual(expected);
    expect(v21.body.results).toEqual([...expected, { store_country: null, n: sales.filter((s) => s.store_country === undefined).length }]);
  });
});

const CASES: [string, Record<string, string>, number, string, string][] = [
  ['limit above 100', { limit: '101' }, 400, 'InvalidRESTParameterError', 'Invalid value for limit API parameter: 101 was found but 0 <= limit <= 100 is expected. (at limit)'],
  ['a negative limit', { limit: '-2' }, 400, 'InvalidRESTParameterError', 'Invalid value for limit API parameter: -2'],
  ['offset + limit above 10000', { offset: '9995', limit: '10' }, 400, 'InvalidRESTParameterError', 'offset + limit must be lower than or equal to 10000, 10005 was found'],
  ['a limit that is not a number', { limit: 'ten' }, 400, 'InvalidRESTParameterError', 'ten is not an integer'],
  ['an unknown parameter', { wher: 'x' }, 400, 'InvalidRESTParameterError', 'Unknown parameter: wher'],
  ['an unknown time zone', { timezone: 'Mars/Olympus' }, 400, 'InvalidRESTParameterError', 'is not a time zone'],
  ['malformed where', { where: 'sales_count > > 2' }, 400, 'ODSQLError', "ODSQL query is malformed: unexpected '>'. Clause(s) containing the error(s): where. (at where, character 15)"],
  ['an unknown field in select', { select: 'store_nam' }, 400, 'ODSQLError', 'Unknown field: store_nam. Clause(s) containing the error(s): select. (at select, character 1)'],
  ['a string compared with a number', { where: "sales_count = 'a'" }, 400, 'ODSQLError', "string 'a' cannot be compared with field 'sales_count' (int)"],
  ['an ungrouped field in select', { select: 'store_name, count(*)', group_by: 'store_country' }, 400, 'ODSQLError', "'store_name' must be in group_by or inside an aggregate function (at select, character 1)"],
  ['sum of a text field', { select: 'sum(store_name)' }, 400, 'ODSQLError', "sum() expects a numeric field, 'store_name' is text (at select, character 5)"],
  ['envelope of a number', { select: 'envelope(sales_count)' }, 400, 'ODSQLError', 'envelope() expects a geo_point_2d field'],
  ['group_by a geo point', { group_by: 'store_coordinates' }, 400, 'ODSQLError', "Cannot group by field 'store_coordinates' (geo_point_2d) (at group_by, character 1)"],
  ['range bounds out of order', { group_by: 'range(sales_count, *, 10, 5, *)' }, 400, 'ODSQLError', 'the bounds must be in ascending order (at group_by, character 27)'],
  ['a bad date_format pattern', { group_by: "date_format(sales_date, 'yyyy-qq')" }, 400, 'ODSQLError', 'illegal pattern component: q (at group_by, character 31)'],
  ['order by an unknown column', { order_by: 'nope' }, 400, 'ODSQLError', 'Unknown field: nope (at order_by, character 1)'],
  ['now() with an unknown parameter', { where: 'sales_date > now(weekday=1)' }, 400, 'ODSQLError', "now() has no parameter 'weekday' (at where, character 18)"],
  ['refine on an unknown field', { refine: 'nope:1' }, 400, 'ODSQLError', 'Unknown field: nope'],
];

describe('errors', () => {
  for (const [what, params, status, code, message] of CASES) {
    it(what, async () => {
      const r = await get(proxy, `${V21}/sales/records`, params);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(Object.keys(r.body).sort()).toEqual(['error_code', 'message']);
      expect(r.body.error_code).toBe(code);
      // the detail, then the clause named twice: in Opendatasoft's words and with the character
      const text = message.includes('Clause(s)') ? r.body.message : String(r.body.message).replace(/\. Clause\(s\) containing the error\(s\): \w+\./, '');
      expect(text).toContain(message);
    });
  }

  it('answers every unknown route under its /api/ prefixes (Dialect.claims; the rest of /api/ is Shopware\'s) with a 404 in that shape', async () => {
    for (const path of ['/api', '/api/explore/v2.1/nothing', '/api/explore/v2.1/catalog/datasets/sales/unknown', '/api/v2/x']) {
      const r = await get(proxy, path);
      expect([path, r.status, r.body.error_code]).toEqual([path, 404, 'NotFound']);
      expect(Object.keys(r.body).sort()).toEqual(['error_code', 'message']);
    }
    const post = await proxy.post('/api/explore/v2.1/catalog/datasets/sales/records', {});
    expect([post.status, post.body.error_code]).toEqual([404, 'NotFound']);
  });
});
