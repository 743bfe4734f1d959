/**
 * Shopware filters end to end: the ids each filter selects, against plain code with SQL's
 * three-valued logic (a NULL compared to anything is unknown; NOT unknown is still unknown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, type Product } from './fixtures.js';
import { price, valuesOf } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const es = inSet('es-product');
const scope = { type: 'equals', field: 'fixtureSet', value: 'es-product' };

async function ids(filter: object[]): Promise<string[]> {
  const res = await proxy.post('/api/search-ids/product', { filter: [scope, ...filter] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as string[]).sort();
}
const idsWhere = (f: (p: Product) => boolean | null): string[] => es.filter((p) => f(p) === true).map((p) => p.id as string).sort();

/** SQL truth of `field = v` for a scalar column: null when the column is NULL */
const eq = (p: Product, field: string, v: unknown): boolean | null => {
  const x = valuesOf(p, field)[0];
  return x === null ? null : x === v;
};
const sqlNot = (x: boolean | null): boolean | null => (x === null ? null : !x);
const sqlAnd = (...xs: (boolean | null)[]): boolean | null => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const sqlOr = (...xs: (boolean | null)[]): boolean | null => (xs.includes(true) ? true : xs.includes(null) ? null : false);

const m1 = es.find((p) => p.manufacturer?.key === 'm1')?.manufacturerId as string;
const c1 = es.flatMap((p) => p.categories).find((c: { key: string }) => c.key === 'c1')?.id as string;

describe('shopware filters', () => {
  it('equals, equals null, equalsAny (list and "|" string), equalsAll on a to-many field', async () => {
    expect(await ids([{ type: 'equals', field: 'manufacturerId', value: m1 }])).toEqual(idsWhere((p) => p.manufacturerId === m1));
    expect(await ids([{ type: 'equals', field: 'manufacturerId', value: null }])).toEqual(idsWhere((p) => p.manufacturerId === null));
    expect(await ids([{ type: 'equals', field: 'stock', value: '2' }])).toEqual(idsWhere((p) => p.stock === 2));
    const two = es.slice(0, 2).map((p) => p.id as string);
    expect(await ids([{ type: 'equalsAny', field: 'id', value: two }])).toEqual([...two].sort());
    expect(await ids([{ type: 'equalsAny', field: 'product.id', value: two.join('|') }])).toEqual([...two].sort());
    const c2 = es.flatMap((p) => p.categories).find((c: { key: string }) => c.key === 'c2')?.id as string;
    expect(await ids([{ type: 'equalsAll', field: 'categories.id', value: [c1, c2] }])).toEqual(
      idsWhere((p) => p.categoryIds.includes(c1) && p.categoryIds.includes(c2)),
    );
  });

  it('contains, prefix and suffix match substrings case-insensitively (MySQL collation)', async () => {
    expect(await ids([{ type: 'contains', field: 'name', value: 'ILK' }])).toEqual(idsWhere((p) => /ilk/i.test(p.name)));
    expect(await ids([{ type: 'prefix', field: 'productNumber', value: 'PRODUCT-1' }])).toEqual(idsWhere((p) => /^product-1/i.test(p.productNumber)));
    expect(await ids([{ type: 'suffix', field: 'productNumber', value: '-2' }])).toEqual(idsWhere((p) => /-2$/.test(p.productNumber)));
  });

  it('range with gt/gte/lt/lte on numbers and DAL dates', async () => {
    expect(await ids([{ type: 'range', field: 'price', parameters: { gte: 100, lt: 300 } }])).toEqual(idsWhere((p) => price(p) >= 100 && price(p) < 300));
    expect(await ids([{ type: 'range', field: 'stock', parameters: { gt: 5, lte: '300' } }])).toEqual(idsWhere((p) => p.stock > 5 && p.stock <= 300));
    expect(await ids([{ type: 'range', field: 'releaseDate', parameters: { gte: '2019-06-15 13:00:00', lte: '2021-12-10' } }])).toEqual(
      idsWhere((p) => p.releaseDate !== null && p.releaseDate >= '2019-06-15T13:00' && p.releaseDate <= '2021-12-10T00:00:00.000'),
    );
  });

  it('not is three-valued: NOT (manufacturerId = X) skips products without a manufacturer', async () => {
    expect(await ids([{ type: 'not', queries: [{ type: 'equals', field: 'manufacturerId', value: m1 }] }])).toEqual(
      idsWhere((p) => sqlNot(eq(p, 'manufacturerId', m1))),
    );
    expect(idsWhere((p) => sqlNot(eq(p, 'manufacturerId', m1))).length).toBeLessThan(idsWhere((p) => p.manufacturerId !== m1).length);
    // a to-many field goes through a subquery: products without categories are kept
    expect(await ids([{ type: 'not', queries: [{ type: 'equals', field: 'categories.id', value: c1 }] }])).toEqual(idsWhere((p) => !p.categoryIds.includes(c1)));
    expect(await ids([{ type: 'not', operator: 'or', queries: [{ type: 'equals', field: 'manufacturerId', value: m1 }, { type: 'range', field: 'stock', parameters: { gte: 100 } }] }])).toEqual(
      idsWhere((p) => sqlNot(sqlOr(eq(p, 'manufacturerId', m1), p.stock >= 100))),
    );
    expect(await ids([{ type: 'nand', queries: [{ type: 'equals', field: 'manufacturerId', value: m1 }, { type: 'range', field: 'stock', parameters: { gte: 100 } }] }])).toEqual(
      idsWhere((p) => sqlNot(sqlAnd(eq(p, 'manufacturerId', m1), p.stock >= 100))),
    );
  });

  it('not with XOR is MySQL XOR; multi with XOR becomes AND, as Shopware\'s API parser does', async () => {
    const a = { type: 'equals', field: 'manufacturerId', value: m1 };
    const b = { type: 'range', field: 'stock', parameters: { gte: 100 } };
    const xor = (x: boolean | null, y: boolean | null) => (x === null || y === null ? null : x !== y);
    expect(await ids([{ type: 'not', operator: 'xor', queries: [a, b] }])).toEqual(idsWhere((p) => sqlNot(xor(eq(p, 'manufacturerId', m1), p.stock >= 100))));
    expect(await ids([{ type: 'multi', operator: 'xor', queries: [a, b] }])).toEqual(idsWhere((p) => sqlAnd(eq(p, 'manufacturerId', m1), p.stock >= 100)));
  });

  it('multi OR / AND nested to any depth, and/or aliases', async () => {
    const f = {
      type: 'multi',
      operator: 'OR',
      queries: [
        { type: 'multi', operator: 'AND', queries: [{ type: 'range', field: 'stock', parameters: { gte: 100 } }, { type: 'contains', field: 'name', value: 'o' }] },
        { type: 'or', queries: [{ type: 'equals', field: 'manufacturerId', value: m1 }, { type: 'and', queries: [{ type: 'equals', field: 'active', value: true }, { type: 'prefix', field: 'name', value: 'Z' }] }] },
      ],
    };
    expect(await ids([f])).toEqual(idsWhere((p) => (p.stock >= 100 && /o/i.test(p.name)) || p.manufacturerId === m1 || (p.active && /^z/i.test(p.name))));
  });

  it('score queries restrict to records matching at least one', async () => {
    const res = await proxy.post('/api/search-ids/product', {
      filter: [scope],
      query: [{ score: 100, query: { type: 'equals', field: 'manufacturerId', value: m1 } }, { score: 5, query: { type: 'range', field: 'stock', parameters: { gte: 300 } } }],
    });
    expect((res.body.data as string[]).sort()).toEqual(idsWhere((p) => p.manufacturerId === m1 || p.stock >= 300));
  });
});
