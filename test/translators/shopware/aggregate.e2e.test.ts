/** Shopware aggregations end to end on Shopware's own test products, expected answers from plain code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, idsOf, inSet, products, type Product, setFilter } from './fixtures.js';
import { distinctCount, price, sqlString, termsBuckets, valuesOf, wall } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const search = async (body: object, headers?: Record<string, string>) => {
  const res = await proxy.post('/api/search/product', body, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; data: any[]; aggregations: Record<string, any> };
};
const set = setFilter;
const bucket = (key: string, count: number, extra: object = {}) => ({ key, count, ...extra, apiAlias: 'aggregation_bucket' });

const dal = inSet('dal-aggregator');
const es = inSet('es-product');

describe('shopware metric aggregations', () => {
  it('avg, sum, min, max (as strings), count (distinct) and stats, as the Admin API prints them', async () => {
    const res = await search({
      limit: 1,
      filter: [set('dal-aggregator')],
      aggregations: [
        { name: 'avg-price', type: 'avg', field: 'price' },
        { name: 'sum-price', type: 'sum', field: 'product.price' },
        { name: 'min-price', type: 'min', field: 'price' },
        { name: 'max-price', type: 'max', field: 'price' },
        { name: 'count-manufacturers', type: 'count', field: 'manufacturerId' },
        { name: 'stock-stats', type: 'stats', field: 'stock' },
      ],
    });
    const prices = dal.map(price);
    const stocks = es.map((p) => p.stock as number);
    expect(stocks.length).toBeGreaterThan(0);
    expect(res.aggregations).toEqual({
      'avg-price': { name: 'avg-price', avg: prices.reduce((a, b) => a + b) / prices.length, apiAlias: 'avg-price_aggregation' },
      'sum-price': { name: 'sum-price', sum: prices.reduce((a, b) => a + b), apiAlias: 'sum-price_aggregation' },
      'min-price': { name: 'min-price', min: sqlString(Math.min(...prices)), apiAlias: 'min-price_aggregation' },
      'max-price': { name: 'max-price', max: sqlString(Math.max(...prices)), apiAlias: 'max-price_aggregation' },
      'count-manufacturers': { name: 'count-manufacturers', count: distinctCount(dal, 'manufacturerId'), apiAlias: 'count-manufacturers_aggregation' },
      'stock-stats': { name: 'stock-stats', min: '10', max: '10', avg: 10, sum: 60, apiAlias: 'stock-stats_aggregation' },
    });
  });

  it('avg over an integer column carries MySQL four decimals; an empty input gives 0 / null', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: [
        { name: 'avg-stock', type: 'avg', field: 'stock' },
        { name: 'none', type: 'filter', filter: [{ type: 'equals', field: 'stock', value: -12345 }], aggregation: { name: 'avg-none', type: 'avg', field: 'stock' } },
        { name: 'none2', type: 'filter', filter: [{ type: 'equals', field: 'stock', value: -12345 }], aggregation: { name: 'max-none', type: 'max', field: 'stock' } },
        { name: 'none3', type: 'filter', filter: [{ type: 'equals', field: 'stock', value: -12345 }], aggregation: { name: 'stats-none', type: 'stats', field: 'stock' } },
      ],
    });
    const stocks = es.map((p) => p.stock as number);
    expect(res.aggregations['avg-stock'].avg).toBe(Math.round((stocks.reduce((a, b) => a + b) / stocks.length) * 10_000) / 10_000);
    expect(res.aggregations['avg-none']).toEqual({ name: 'avg-none', avg: 0, apiAlias: 'avg-none_aggregation' });
    expect(res.aggregations['max-none']).toEqual({ name: 'max-none', max: null, apiAlias: 'max-none_aggregation' });
    expect(res.aggregations['stats-none']).toEqual({ name: 'stats-none', min: null, max: null, avg: null, sum: null, apiAlias: 'stats-none_aggregation' });
  });
});

describe('shopware terms', () => {
  it('groups products without the field under the key "" and counts products per value', async () => {
    const res = await search({ filter: [set('es-product')], limit: 1, aggregations: [{ name: 'm', type: 'terms', field: 'manufacturerId' }] });
    const expected = termsBuckets(es, 'manufacturerId');
    expect(expected.some((b) => b.key === '')).toBe(true);
    expect(res.aggregations.m).toEqual({ name: 'm', buckets: expected.map((b) => bucket(b.key, b.count)), apiAlias: 'm_aggregation' });
  });

  it('a to-many field counts products per element, with "" for products without any', async () => {
    const res = await search({ filter: [set('es-product')], limit: 1, aggregations: [{ name: 'c', type: 'terms', field: 'categories.id' }] });
    expect(res.aggregations.c.buckets).toEqual(termsBuckets(es, 'categories.id').map((b) => bucket(b.key, b.count)));
  });

  it('sorts by _count and by another field of the association, then cuts at limit', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: [
        { name: 'by-count', type: 'terms', field: 'manufacturerId', limit: 2, sort: { field: '_count', order: 'DESC' } },
        { name: 'by-name', type: 'terms', field: 'manufacturerId', limit: 3, sort: { field: 'manufacturer.name', order: 'desc' } },
      ],
    });
    const all = termsBuckets(es, 'manufacturerId');
    const byCount = [...all].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, 2);
    expect(res.aggregations['by-count'].buckets).toEqual(byCount.map((b) => bucket(b.key, b.count)));
    const nameOf = (id: string) => (id === '' ? null : (es.find((p) => p.manufacturerId === id)?.manufacturer.name as string));
    // MySQL: NULL sorts last when descending
    const byName = [...all]
      .sort((a, b) => {
        const x = nameOf(a.key);
        const y = nameOf(b.key);
        if (x !== y) return x === null ? 1 : y === null ? -1 : x < y ? 1 : -1;
        return a.key < b.key ? -1 : 1;
      })
      .slice(0, 3);
    expect(res.aggregations['by-name'].buckets).toEqual(byName.map((b) => bucket(b.key, b.count)));
  });

  it('nests a metric inside each bucket, kept raw (extensions, no apiAlias)', async () => {
    const res = await search({
      filter: [set('dal-aggregator')],
      limit: 1,
      aggregations: [{ name: 'm', type: 'terms', field: 'manufacturerId', aggregation: { name: 'avg-price', type: 'avg', field: 'price' } }],
    });
    const expected = termsBuckets(dal, 'manufacturerId').map((b) => {
      const ps = dal.filter((p) => p.manufacturerId === b.key).map(price);
      return bucket(b.key, b.count, { 'avg-price': { extensions: [], name: 'avg-price', avg: ps.reduce((x, y) => x + y) / ps.length } });
    });
    expect(res.aggregations.m.buckets).toEqual(expected);
  });

  it('filter → terms → terms (the seed nesting example): one GROUP BY, regrouped per level', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: [
        {
          name: 'my-filter',
          type: 'filter',
          filter: [{ type: 'range', field: 'price', parameters: { gte: 100 } }],
          aggregation: { name: 'per-category', type: 'terms', field: 'categories.id', aggregation: { name: 'manufacturer-ids', type: 'terms', field: 'manufacturerId' } },
        },
      ],
    });
    const scope = es.filter((p) => price(p) >= 100);
    const expected = termsBuckets(scope, 'categories.id').map((c) => {
      const inCat = scope.filter((p) => valuesOf(p, 'categories.id').includes(c.key === '' ? null : c.key));
      const inner = termsBuckets(inCat, 'manufacturerId');
      return bucket(c.key, inner.reduce((n, b) => n + b.count, 0), {
        'manufacturer-ids': { extensions: [], name: 'manufacturer-ids', buckets: inner.map((b) => ({ extensions: [], key: b.key, count: b.count })) },
      });
    });
    expect(Object.keys(res.aggregations)).toEqual(['per-category']);
    expect(res.aggregations['per-category']).toEqual({ name: 'per-category', buckets: expected, apiAlias: 'per-category_aggregation' });
  });

  it('a limit on the inner terms cuts the rows of the whole GROUP BY, as the SQL LIMIT does', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: [{ name: 'c', type: 'terms', field: 'categories.id', aggregation: { name: 'm', type: 'terms', field: 'manufacturerId', limit: 3 } }],
    });
    const pairs = termsBuckets(es, 'categories.id').flatMap((c) =>
      termsBuckets(es.filter((p) => valuesOf(p, 'categories.id').includes(c.key === '' ? null : c.key)), 'manufacturerId').map((m) => ({ c: c.key, ...m })),
    );
    const rows = pairs.slice(0, 3);
    const total = res.aggregations.c.buckets.flatMap((b: any) => b.m.buckets.map((x: any) => ({ c: b.key, key: x.key, count: x.count })));
    expect(total).toEqual(rows);
  });
});

describe('shopware histogram', () => {
  const dated = es.filter((p) => p.releaseDate !== null);
  /** SQL: group by the formatted date, key = the group's earliest date in the interval format */
  const histogram = (groupOf: (iso: string) => string, keyOf: (iso: string) => string, ps: Product[] = dated) => {
    const groups = new Map<string, string[]>();
    for (const p of ps) groups.set(groupOf(p.releaseDate), [...(groups.get(groupOf(p.releaseDate)) ?? []), p.releaseDate]);
    return [...groups]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, dates]) => bucket(keyOf(dates.sort()[0] as string), dates.length));
  };

  it('day, month, quarter and year keys in the DAL formats, UTC, missing dates skipped', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: ['day', 'month', 'quarter', 'year'].map((interval) => ({ name: interval, type: 'histogram', field: 'releaseDate', interval })),
    });
    const w = (iso: string) => wall(iso);
    expect(res.aggregations.day.buckets).toEqual(histogram((s) => s.slice(0, 10), (s) => `${s.slice(0, 10)} 00:00:00`));
    expect(res.aggregations.month.buckets).toEqual(histogram((s) => s.slice(0, 7), (s) => `${s.slice(0, 7)}-01 00:00:00`));
    expect(res.aggregations.quarter.buckets).toEqual(
      histogram((s) => `${w(s).Y}-${Math.ceil(Number(w(s).m) / 3)}`, (s) => `${w(s).Y} ${Math.ceil(Number(w(s).m) / 3)}`),
    );
    expect(res.aggregations.year.buckets).toEqual(histogram((s) => s.slice(0, 4), (s) => `${s.slice(0, 4)}-01-01 00:00:00`));
  });

  it('week keys are the calendar year and ISO week of the earliest date (`2019 01` for 2019-01-01)', async () => {
    const res = await search({ filter: [set('dal-aggregator')], limit: 1, aggregations: [{ name: 'w', type: 'histogram', field: 'releaseDate', interval: 'week' }] });
    expect(res.aggregations.w.buckets).toEqual([bucket('2019 01', 2), bucket('2019 24', 1), bucket('2020 40', 1), bucket('2021 49', 1), bucket('2024 50', 1)]);
  });

  it('format is a PHP date() pattern; timeZone shifts the wall clock (Asia/Ho_Chi_Minh and its alias Asia/Saigon)', async () => {
    const res = await search({
      filter: [set('dal-aggregator')],
      limit: 1,
      aggregations: [
        { name: 'f1', type: 'histogram', field: 'releaseDate', interval: 'month', format: 'Y F' },
        { name: 'f2', type: 'histogram', field: 'releaseDate', interval: 'day', format: 'l dS M, Y' },
        { name: 'tz', type: 'histogram', field: 'releaseDate', interval: 'day', timeZone: 'Asia/Ho_Chi_Minh' },
        { name: 'tz2', type: 'histogram', field: 'releaseDate', interval: 'hour', timeZone: 'Asia/Saigon' },
      ],
    });
    expect(res.aggregations.f1.buckets.map((b: any) => b.key)).toEqual(['2019 January', '2019 June', '2020 September', '2021 December', '2024 December']);
    expect(res.aggregations.f2.buckets[0]).toEqual(bucket('Tuesday 01st Jan, 2019', 2));
    const local = (iso: string) => wall(iso, 7);
    const dalDated = dal.filter((p) => p.releaseDate !== null);
    expect(res.aggregations.tz.buckets).toEqual(
      histogram((s) => `${local(s).Y}-${local(s).m}-${local(s).d}`, (s) => `${local(s).Y}-${local(s).m}-${local(s).d} 00:00:00`, dalDated),
    );
    // 2024-12-11 23:59 UTC is 2024-12-12 06:59 in Ho Chi Minh City
    expect(res.aggregations.tz.buckets.at(-1)).toEqual(bucket('2024-12-12 00:00:00', 1));
    expect(res.aggregations.tz2.buckets.at(-1)).toEqual(bucket('2024-12-12 06:00:00', 1));
  });
});

describe('shopware range and entity', () => {
  it('ranges: from inclusive, to exclusive, PHP-style keys, every key present', async () => {
    const res = await search({
      filter: [set('dal-range')],
      limit: 1,
      aggregations: [
        {
          name: 'r',
          type: 'range',
          field: 'price',
          ranges: [{ to: 10 }, { from: 10.0, to: 20 }, { from: 20, to: 30.5 }, { from: 30.5 }, { from: 1000, to: 1000 }, { key: 'all' }, { from: 1000, key: 'none' }],
        },
      ],
    });
    const g = inSet('dal-range').map(price);
    const n = (f: (x: number) => boolean) => g.filter(f).length;
    expect(res.aggregations.r).toEqual({
      name: 'r',
      ranges: { '*-10': n((x) => x < 10), '10-20': n((x) => x >= 10 && x < 20), '20-30.5': n((x) => x >= 20 && x < 30.5), '30.5-*': n((x) => x >= 30.5), '1000-1000': 0, all: 8, none: 0 },
      apiAlias: 'r_aggregation',
    });
  });

  it('entity loads the distinct related entities, NULL dropped, trimmed by includes', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      includes: { product: ['id'], product_manufacturer: ['id', 'name'] },
      aggregations: [{ name: 'manufacturers', type: 'entity', definition: 'product_manufacturer', field: 'manufacturerId' }],
    });
    const expected = [...new Map(es.filter((p) => p.manufacturer).map((p) => [p.manufacturer.id, p.manufacturer])).values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((m) => ({ id: m.id, name: m.name, apiAlias: 'product_manufacturer' }));
    expect(res.aggregations.manufacturers).toEqual({ name: 'manufacturers', entities: expected, apiAlias: 'manufacturers_aggregation' });
    expect(res.data).toEqual([{ id: expect.any(String), apiAlias: 'product' }]);
  });
});

describe('shopware criteria', () => {
  it('post-filter narrows data and total but not aggregations; ids restrict both and keep their order', async () => {
    const res = await search({
      filter: [set('dal-aggregator')],
      'post-filter': [{ type: 'range', field: 'price', parameters: { gt: 100 } }],
      'total-count-mode': 1,
      limit: 2,
      sort: [{ field: 'price', order: 'DESC' }],
      includes: { product: ['id', 'price'] },
      aggregations: [{ name: 'c', type: 'count', field: 'id' }],
    });
    const after = dal.filter((p) => price(p) > 100);
    expect(res.total).toBe(after.length);
    expect(res.data.map((d) => d.price[0].gross)).toEqual(after.map(price).sort((a, b) => b - a).slice(0, 2));
    expect(res.aggregations.c.count).toBe(dal.length);
    const ids = idsOf(dal).slice(0, 3).reverse();
    const byIds = await search({ ids, includes: { product: ['id'] }, aggregations: [{ name: 'c', type: 'count', field: 'id' }] });
    expect(byIds.data.map((d) => d.id)).toEqual(ids);
    expect(byIds.aggregations.c.count).toBe(3);
  });

  it('total-count-mode none / exact / next-pages, page and limit', async () => {
    const body = { filter: [set('es-product')], limit: 5, page: 2, includes: { product: ['id'] } };
    expect((await search(body)).total).toBe(5);
    expect((await search({ ...body, 'total-count-mode': 'exact' })).total).toBe(es.length);
    const next = await search({ ...body, 'total-count-mode': 2 });
    expect(next.total).toBe(Math.min(es.length - 5, 31));
    expect(next.data).toHaveLength(5);
    const sorted = idsOf(es).sort();
    expect(next.data.map((d) => d.id)).toEqual(sorted.slice(5, 10));
  });

  it('search-ids answers ids only', async () => {
    const res = await proxy.post('/api/search-ids/product', { filter: [set('dal-range')], 'total-count-mode': 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 8, data: idsOf(inSet('dal-range')).sort() });
  });

  it('aggregations with the same name: the later replaces the earlier, in its place', async () => {
    const res = await search({
      filter: [set('dal-range')],
      limit: 1,
      aggregations: [
        { name: 'a', type: 'max', field: 'price' },
        { name: 'b', type: 'min', field: 'price' },
        { name: 'a', type: 'sum', field: 'price' },
      ],
    });
    expect(Object.keys(res.aggregations)).toEqual(['a', 'b']);
    expect(res.aggregations.a.sum).toBe(inSet('dal-range').map(price).reduce((x, y) => x + y));
  });

  it('is served from the cache the second time', async () => {
    const body = { filter: [set('dal-range')], limit: 1, aggregations: [{ name: 'a', type: 'avg', field: 'price' }] };
    const first = await proxy.post('/api/search/product', body);
    const second = await proxy.post('/api/search/product', body);
    expect(first.headers.get('x-aggproxy-cache')).toBe('miss');
    expect(second.headers.get('x-aggproxy-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
  });
});

export { products };
