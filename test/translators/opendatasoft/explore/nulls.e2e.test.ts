/**
 * The null group across composite pages (pages of 2 groups here): listed once, after every value,
 * in records and in streamed exports, on both engines (Elasticsearch drops a null bucket placed last
 * by the composite's `missing_order` once it pages with `after`, so the proxy never asks for that).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, sales } from '../fixtures.js';
import { get } from './http.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures, { limits: { compositePageSize: 2 } as never });
}, 120_000);
afterAll(() => proxy?.close());

const V21 = '/api/explore/v2.1/catalog/datasets/sales';
const named = [...new Set(sales.flatMap((s) => (s.store_country === undefined ? [] : [s.store_country])))].sort();
const nulls = sales.filter((s) => s.store_country === undefined).length;

describe('the null group across composite pages', () => {
  it('records: every group once, the null group last', async () => {
    const r = await get(proxy, `${V21}/records`, { select: 'store_country, count(*) as n', group_by: 'store_country', limit: '100' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.total_count).toBe(named.length + 1);
    expect(r.body.results.map((x: { store_country: string | null }) => x.store_country)).toEqual([...named, null]);
    expect(r.body.results.at(-1).n).toBe(nulls);
  });

  it('a streamed export: the null group held back to the end', async () => {
    const res = await fetch(`${proxy.base}${V21}/exports/jsonl?select=store_country,count(*)%20as%20n&group_by=store_country`);
    expect(res.status).toBe(200);
    const rows = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { store_country: string | null; n: number });
    expect(rows.map((x) => x.store_country)).toEqual([...named, null]);
    expect(rows.at(-1)?.n).toBe(nulls);
  });
});
