/**
 * To-many associations joined like Shopware's SQL DAL joins them: one row per (product, element),
 * a product without elements as one row of NULLs (LEFT JOIN), conditions on the association
 * restricting the joined elements. Expected answers are computed by joining the fixture in plain code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, type Product, setFilter } from './fixtures.js';
import { price } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const search = async (body: object) => {
  const res = await proxy.post('/api/search/product', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; data: any[]; aggregations: Record<string, any> };
};
const set = setFilter;
const bucket = (key: string, count: number, extra: object = {}) => ({ key, count, ...extra, apiAlias: 'aggregation_bucket' });

type Element = Record<string, any> | null;
/** FROM product LEFT JOIN <association>: one row per element, one row of NULLs for a product without any. */
const join = (ps: Product[], association: string): { p: Product; e: Element }[] =>
  ps.flatMap((p): { p: Product; e: Element }[] => {
    const els = (p[association] ?? []) as Record<string, any>[];
    return els.length === 0 ? [{ p, e: null }] : els.map((e) => ({ p, e }));
  });
const keyOf = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
/** MySQL order: NULL first ascending, last descending; then the key ascending (the proxy's tiebreak) */
const sqlCompare = (x: string | null, y: string | null, desc: boolean): number => {
  if (x === y) return 0;
  if (x === null) return desc ? 1 : -1;
  if (y === null) return desc ? -1 : 1;
  return (x < y ? -1 : 1) * (desc ? -1 : 1);
};

const es = inSet('es-product');
const filtered = inSet('dal-filtered-field');
const colorGroup = filtered.flatMap((p) => p.properties).find((o: any) => o.group.key === 'color').groupId as string;

/** A filter aggregation on the dal-filtered-field products around `inner`. */
const aroundFilter = (filter: object[], inner: object) =>
  search({ filter: [set('dal-filtered-field')], limit: 1, aggregations: [{ name: 'f', type: 'filter', filter, aggregation: inner }] });
describe('shopware to-many associations, joined per element', () => {
  it('terms on categories.id sorted by categories.name pairs each id with its own name (no cross product)', async () => {
    for (const order of ['ASC', 'DESC'] as const) {
      const res = await search({
        filter: [set('es-product')],
        limit: 1,
        aggregations: [{ name: 'c', type: 'terms', field: 'categories.id', sort: { field: 'categories.name', order } }],
      });
      const groups = new Map<string, { id: string; name: string | null; count: number }>();
      for (const { e } of join(es, 'categories')) {
        const id = keyOf(e?.id);
        const g = groups.get(id) ?? { id, name: e?.name ?? null, count: 0 };
        g.count++;
        groups.set(id, g);
      }
      const expected = [...groups.values()].sort((a, b) => sqlCompare(a.name, b.name, order === 'DESC') || (a.id < b.id ? -1 : 1));
      expect(expected.length).toBeGreaterThan(3);
      expect(res.aggregations.c.buckets).toEqual(expected.map((g) => bucket(g.id, g.count)));
    }
  });

  it('a filter aggregation on properties.groupId around terms on properties.id counts only that group\'s options', async () => {
    const res = await aroundFilter([{ type: 'equals', field: 'properties.groupId', value: colorGroup }], { name: 'options', type: 'terms', field: 'properties.id' });
    const counts = new Map<string, number>();
    for (const { e } of join(filtered, 'properties')) if (e?.groupId === colorGroup) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
    const expected = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => bucket(k, n));
    // red twice, yellow, black, white: the size and material options of the same products are not counted
    expect(expected.map((b) => b.count).sort()).toEqual([1, 1, 1, 2]);
    expect(res.aggregations.options.buckets).toEqual(expected);
  });

  it('terms under a terms of the same association groups per element (group → its options)', async () => {
    const res = await search({
      filter: [set('dal-filtered-field')],
      limit: 1,
      aggregations: [{ name: 'groups', type: 'terms', field: 'properties.groupId', aggregation: { name: 'options', type: 'terms', field: 'properties.id' } }],
    });
    const pairs = new Map<string, Map<string, number>>();
    for (const { e } of join(filtered, 'properties')) {
      const inner = pairs.get(keyOf(e?.groupId)) ?? new Map<string, number>();
      inner.set(keyOf(e?.id), (inner.get(keyOf(e?.id)) ?? 0) + 1);
      pairs.set(keyOf(e?.groupId), inner);
    }
    const expected = [...pairs]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([g, inner]) => {
        const buckets = [...inner].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, count]) => ({ extensions: [], key, count }));
        return bucket(g, buckets.reduce((n, b) => n + b.count, 0), { options: { extensions: [], name: 'options', buckets } });
      });
    expect(res.aggregations.groups.buckets).toEqual(expected);
  });

  it('a metric of the product inside an element grouping is read back from the product (reverse nested)', async () => {
    const res = await search({
      filter: [set('es-product')],
      limit: 1,
      aggregations: [
        {
          name: 'c',
          type: 'terms',
          field: 'categories.id',
          sort: { field: 'categories.name', order: 'ASC' },
          aggregation: { name: 'avg-price', type: 'avg', field: 'price' },
        },
      ],
    });
    const groups = new Map<string, { name: string | null; prices: number[] }>();
    for (const { p, e } of join(es, 'categories')) {
      const g = groups.get(keyOf(e?.id)) ?? { name: e?.name ?? null, prices: [] as number[] };
      g.prices.push(price(p));
      groups.set(keyOf(e?.id), g);
    }
    const expected = [...groups]
      .sort(([a, x], [b, y]) => sqlCompare(x.name, y.name, false) || (a < b ? -1 : 1))
      .map(([key, g]) => bucket(key, g.prices.length, { 'avg-price': { extensions: [], name: 'avg-price', avg: g.prices.reduce((s, v) => s + v, 0) / g.prices.length } }));
    expect(res.aggregations.c.buckets).toHaveLength(expected.length);
    res.aggregations.c.buckets.forEach((b: any, i: number) => {
      const want = expected[i] as any;
      expect({ key: b.key, count: b.count }).toEqual({ key: want.key, count: want.count });
      expect(b['avg-price'].avg).toBeCloseTo(want['avg-price'].avg, 9);
    });
  });

  it('count (distinct) of an association field inside a filter on the same association counts only matching elements', async () => {
    const res = await aroundFilter([{ type: 'equals', field: 'properties.groupId', value: colorGroup }], { name: 'n', type: 'count', field: 'properties.id' });
    const distinct = new Set(join(filtered, 'properties').filter(({ e }) => e?.groupId === colorGroup).map(({ e }) => e?.id));
    expect(res.aggregations.n).toEqual({ name: 'n', count: distinct.size, apiAlias: 'n_aggregation' });
  });

  it('a filter needs one element to match it; its negation, that none does (per condition, as a subquery)', async () => {
    const red = filtered.flatMap((p) => p.properties).find((o: any) => o.key === 'red').id as string;
    const hits = await search({ filter: [set('dal-filtered-field'), { type: 'equals', field: 'properties.id', value: red }], includes: { product: ['id'] } });
    expect(hits.total).toBe(filtered.filter((p) => p.properties.some((o: any) => o.id === red)).length);
    const none = await search({ filter: [set('dal-filtered-field'), { type: 'not', queries: [{ type: 'equals', field: 'properties.id', value: red }] }], includes: { product: ['id'] } });
    expect(none.total).toBe(filtered.filter((p) => !p.properties.some((o: any) => o.id === red)).length);
  });

  it('a negated condition on the association keeps the other elements of the same products (NOT is per joined row)', async () => {
    const res = await aroundFilter([{ type: 'not', queries: [{ type: 'equals', field: 'properties.groupId', value: colorGroup }] }], { name: 'options', type: 'terms', field: 'properties.id' });
    const counts = new Map<string, number>();
    for (const { e } of join(filtered, 'properties')) if (e && e.groupId !== colorGroup) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(3);
    expect(res.aggregations.options.buckets).toEqual([...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => bucket(k, n)));
  });

  it.each([
    ['a condition mixing the association with another field', { filter: [{ type: 'multi', operator: 'or', queries: [{ type: 'equals', field: 'properties.groupId', value: 'x' }, { type: 'range', field: 'stock', parameters: { gt: 5 } }] }], aggregations: [{ name: 'o', type: 'terms', field: 'properties.id', sort: { field: 'properties.name', order: 'ASC' } }] }, '/filter/0/queries/0/field'],
    ['a sum of a product field per element without the element id', { aggregations: [{ name: 'g', type: 'terms', field: 'properties.groupId', sort: { field: 'properties.name', order: 'ASC' }, aggregation: { name: 's', type: 'sum', field: 'stock' } }] }, '/aggregations/0/aggregation/field'],
  ])('%s is a 400 rather than a per-product answer', async (_label, body, pointer) => {
    const res = await proxy.post('/api/search/product', { limit: 1, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect((res.body as any).errors[0].source.pointer).toBe(pointer);
  });

  it('grouping by a field outside the association together with an element grouping is a 400 naming it', async () => {
    const res = await proxy.post('/api/search/product', {
      limit: 1,
      aggregations: [{ name: 'c', type: 'terms', field: 'categories.id', sort: { field: 'categories.name', order: 'ASC' }, aggregation: { name: 'm', type: 'terms', field: 'manufacturerId' } }],
    });
    expect(res.status).toBe(400);
    const err = (res.body as any).errors[0];
    expect(err.source.pointer).toBe('/aggregations/0/aggregation/field');
    expect(err.detail).toContain('manufacturerId');
  });
});
