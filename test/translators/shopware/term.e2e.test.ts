/**
 * `term` and score queries: records matching at least one score query, ordered by the sum of the
 * scores they match (Shopware's `_score`). Expected orders computed in plain code from the rules
 * the proxy documents (the dataset's searchFields: equals = ranking, contains = half of it, for the
 * whole term and for each token of three or more characters, compared case-insensitively).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, productOptions, type Product, setFilter } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const set = setFilter;
const es = inSet('es-product');
const search = async (body: object) => {
  const res = await proxy.post('/api/search/product', { filter: [set('es-product')], includes: { product: ['id'] }, 'total-count-mode': 1, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; data: { id: string }[] };
};
const fieldValue = (p: Product, field: string): string | null => {
  const v = field.split('.').reduce<any>((o, k) => (o == null ? null : o[k]), p);
  return v == null ? null : String(v);
};
const ranked = (scoreOf: (p: Product) => number) =>
  es
    .map((p) => ({ id: p.id as string, score: scoreOf(p) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);

describe('shopware term and score queries', () => {
  it('term: the best matches first, every match counted', async () => {
    const term = 'Other Product-1';
    const words = [term.toLowerCase(), ...new Set(term.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length >= 3))];
    const fields = Object.entries(productOptions.searchFields ?? {});
    expect(fields.length).toBeGreaterThan(0);
    const expected = ranked((p) => {
      let s = 0;
      for (const [f, r] of fields) {
        const v = fieldValue(p, f)?.toLowerCase();
        if (v === undefined) continue;
        for (const w of words) s += (v === w ? r : 0) + (v.includes(w) ? r / 2 : 0);
      }
      return s;
    });
    const res = await search({ term, limit: 50 });
    expect(res.total).toBe(expected.length);
    expect(res.data.map((d) => d.id)).toEqual(expected);
  });

  it('score queries sum their scores; _score can be sorted on explicitly, in either direction', async () => {
    const query = [
      { score: 300, query: { type: 'contains', field: 'name', value: 'product' } },
      { score: 200, query: { type: 'equals', field: 'manufacturerId', value: es.find((p) => p.manufacturer?.name === 'm3')?.manufacturerId } },
      { query: { type: 'prefix', field: 'productNumber', value: 'n1' } },
    ];
    const m3 = es.find((p) => p.manufacturer?.name === 'm3')?.manufacturerId;
    const scoreOf = (p: Product) =>
      (String(p.name).toLowerCase().includes('product') ? 300 : 0) + (p.manufacturerId === m3 ? 200 : 0) + (String(p.productNumber).toLowerCase().startsWith('n1') ? 1 : 0);
    const desc = await search({ query, limit: 50 });
    expect(desc.data.map((d) => d.id)).toEqual(ranked(scoreOf));
    const asc = await search({ query, limit: 50, sort: [{ field: '_score', order: 'ASC' }] });
    const ascending = es
      .filter((p) => scoreOf(p) > 0)
      .sort((a, b) => scoreOf(a) - scoreOf(b) || (a.id < b.id ? -1 : 1))
      .map((p) => p.id);
    expect(asc.data.map((d) => d.id)).toEqual(ascending);
  });

  it('a score query with scoreField, or an unknown key, is a 400 naming it', async () => {
    const res = await proxy.post('/api/search/product', { query: [{ score: 1, scoreField: 'stock', query: { type: 'equals', field: 'stock', value: 1 } }, { query: { type: 'equals', field: 'stock', value: 1 }, boost: 2 }] });
    expect(res.status).toBe(400);
    const pointers = (res.body as any).errors.map((e: any) => e.source.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/query/0/scoreField', '/query/1/boost']));
  });
});
