/**
 * `grouping`: the DAL's GROUP BY on the records, one record per distinct value (documents without
 * a value being one group, as SQL groups NULLs), the total counting groups. Expected answers from
 * plain code over the fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, inSet, setFilter } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const set = setFilter;
const es = inSet('es-product');
const groupsOf = (field: string, ps = es) => new Set(ps.map((p) => p[field] ?? null));

describe('shopware grouping', () => {
  it('one record per manufacturer (NULL one group), total counting groups, the first by the sorting standing for each', async () => {
    const res = await proxy.post('/api/search/product', {
      filter: [set('es-product')],
      grouping: ['manufacturerId'],
      sort: [{ field: 'productNumber', order: 'ASC' }],
      'total-count-mode': 1,
      includes: { product: ['id', 'manufacturerId', 'productNumber'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as { total: number; data: { id: string; manufacturerId: string | null; productNumber: string }[] };
    const groups = groupsOf('manufacturerId');
    expect(groups.has(null)).toBe(true);
    expect(body.total).toBe(groups.size);
    expect(body.data.length).toBe(groups.size);
    // each group's representative is its smallest product number, and the rows follow the sorting
    const first = new Map<string | null, string>();
    for (const p of [...es].sort((a, b) => (a.productNumber < b.productNumber ? -1 : 1))) if (!first.has(p.manufacturerId ?? null)) first.set(p.manufacturerId ?? null, p.productNumber);
    expect(body.data.map((d) => d.productNumber)).toEqual([...first.values()].sort());
  });

  it('pages over groups; search-ids groups too', async () => {
    const all = groupsOf('taxId');
    const page2 = await proxy.post('/api/search/product', { filter: [set('es-product')], grouping: ['taxId'], limit: 1, page: 2, 'total-count-mode': 1 });
    expect(page2.status).toBe(200);
    expect((page2.body as { total: number }).total).toBe(all.size);
    expect((page2.body as { data: unknown[] }).data.length).toBe(all.size > 1 ? 1 : 0);
    const ids = await proxy.post('/api/search-ids/product', { filter: [set('es-product')], grouping: ['taxId'], 'total-count-mode': 1 });
    expect(ids.status).toBe(200);
    expect((ids.body as { total: number; data: string[] }).data.length).toBe(all.size);
  });

  it('two fields: one record per distinct combination (its smallest id), sorted and paged as asked, the total counting combinations', async () => {
    const combos = new Map<string, string>();
    for (const p of es) {
      const k = JSON.stringify([p.manufacturerId ?? null, p.taxId ?? null]);
      const seen = combos.get(k);
      if (seen === undefined || p.id < seen) combos.set(k, p.id);
    }
    const expected = [...combos.values()].sort((a, b) => {
      const x = es.find((p) => p.id === a)?.productNumber as string;
      const y = es.find((p) => p.id === b)?.productNumber as string;
      return x < y ? 1 : -1;
    });
    const body = { filter: [set('es-product')], grouping: ['manufacturerId', 'taxId'], sort: [{ field: 'productNumber', order: 'DESC' }], 'total-count-mode': 1, includes: { product: ['id'] } };
    const all = await proxy.post('/api/search/product', body);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect((all.body as { total: number }).total).toBe(combos.size);
    expect((all.body as { data: { id: string }[] }).data.map((d) => d.id)).toEqual(expected);
    const page = await proxy.post('/api/search/product', { ...body, limit: 2, page: 2 });
    expect((page.body as { data: { id: string }[] }).data.map((d) => d.id)).toEqual(expected.slice(2, 4));
  });
});
