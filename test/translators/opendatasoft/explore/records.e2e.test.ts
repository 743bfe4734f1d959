/**
 * Explore API v2.1 records end to end on a real engine, against answers computed with plain code
 * over the fixture rows: records (select, where, refine, order_by, paging), groups (group_by a
 * field with count(*) and sum, ordering by an alias, range() equal-width and static with open
 * ends, date functions), the null group, and the documented limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, sales, type Sale } from '../fixtures.js';
import { approxEqual, sum } from '../reference.js';
import { itNeeds } from '../../../helpers/engine.js';
import { get } from './http.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const BASE = '/api/explore/v2.1/catalog/datasets';


const records = async (params: Record<string, string | string[]>, dataset = 'sales') => {
  const r = await get(proxy, `${BASE}/${dataset}/records`, params);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total_count: number; results: Record<string, unknown>[] };
};

/**
 * groups of a key, null included, ordered by value with the null group last (the Explore API v2.1
 * reference, "Handling null values": nulls come after every other value, in either direction)
 */
function groups<K extends string | number>(rows: readonly Sale[], key: (s: Sale) => K | undefined): { key: K | null; rows: Sale[] }[] {
  const m = new Map<K | null, Sale[]>();
  for (const r of rows) {
    const k = key(r) ?? null;
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return [...m.entries()]
    .map(([k, rs]) => ({ key: k, rows: rs }))
    .sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
}

const iso = (s: string): string => new Date(s).toISOString().replace(/\.000Z$/, '+00:00');

describe('records', () => {
  it('pages records in index order with total_count, default limit 10', async () => {
    const r = await records({});
    expect(r.total_count).toBe(sales.length);
    expect(r.results).toHaveLength(10);
    expect(Object.keys(r.results[0] ?? {}).sort()).toEqual(['sales_amount', 'sales_count', 'sales_date', 'store_address', 'store_coordinates', 'store_country', 'store_name']);
  });

  it('selects fields with aliases, filters, orders and pages', async () => {
    const where = "sales_count >= 5 and store_country in ('France', 'Spain') and store_name != 'Zara'";
    const r = await records({ select: 'store_name as name, sales_count, sales_date', where, order_by: 'sales_count desc, sales_date asc', limit: '7', offset: '2' });
    const matching = sales.filter((s) => s.sales_count >= 5 && (s.store_country === 'France' || s.store_country === 'Spain') && s.store_name !== 'Zara');
    const sorted = [...matching].sort((a, b) => b.sales_count - a.sales_count || Date.parse(a.sales_date) - Date.parse(b.sales_date));
    expect(r.total_count).toBe(matching.length);
    expect(r.results).toEqual(sorted.slice(2, 9).map((s) => ({ name: s.store_name, sales_count: s.sales_count, sales_date: iso(s.sales_date) })));
  });

  it('reads field:value, refine, exclude, IS NULL and full-text', async () => {
    const a = await records({ where: "store_country:'Japan'", limit: '0' });
    expect(a.total_count).toBe(sales.filter((s) => s.store_country === 'Japan').length);
    const b = await records({ refine: 'store_country:France', exclude: 'store_name:Celio', limit: '0' });
    expect(b.total_count).toBe(sales.filter((s) => s.store_country === 'France' && s.store_name !== 'Celio').length);
    const c = await records({ where: 'store_country is null', limit: '0' });
    expect(c.total_count).toBe(sales.filter((s) => s.store_country === undefined).length);
    const d = await records({ where: "'madrid'", limit: '0' });
    expect(d.total_count).toBe(sales.filter((s) => /\bmadrid\b/i.test(s.store_address)).length);
    const e = await records({ refine: 'sales_date:2016/07', limit: '0' });
    expect(e.total_count).toBe(sales.filter((s) => s.sales_date.startsWith('2016-07')).length);
  });

  it("reads the reference's field queries: words with ':' and LIKE, prefixes, periods, TO ranges, years", async () => {
    const n = async (where: string) => (await records({ where, limit: '0' })).total_count;
    expect(await n("store_address:'madrid'")).toBe(sales.filter((s) => /\bmadrid\b/i.test(s.store_address)).length);
    expect(await n("store_address like 'serrano'")).toBe(sales.filter((s) => /\bserrano\b/i.test(s.store_address)).length);
    expect(await n("store_name like 'ar'")).toBe(sales.filter((s) => /ar/i.test(s.store_name)).length);
    expect(await n('sales_date:2016')).toBe(sales.filter((s) => s.sales_date.startsWith('2016')).length);
    expect(await n("sales_date:'2016/07'")).toBe(sales.filter((s) => s.sales_date.startsWith('2016-07')).length);
    expect(await n('sales_count:[5 TO 7]')).toBe(sales.filter((s) => s.sales_count >= 5 && s.sales_count <= 7).length);
    expect(await n('sales_count in ]5..7]')).toBe(sales.filter((s) => s.sales_count > 5 && s.sales_count <= 7).length);
    expect(await n('sales_date >= 2017')).toBe(sales.filter((s) => s.sales_date >= '2017').length);
    // now() with every field set is a fixed instant; shifted far back it is before every record
    expect(await n('sales_date >= now(year=2016, month=12, day=1, hour=0, minute=0, second=0)')).toBe(sales.filter((s) => s.sales_date >= '2016-12-01').length);
    expect(await n('sales_date >= now(years=-200)')).toBe(sales.length);
  });

  it('prints geo points as {lon, lat}', async () => {
    const r = await records({ select: 'store_coordinates', where: "store_name = 'Reebok'", limit: '1' });
    const first = sales.find((s) => s.store_name === 'Reebok') as Sale & { store_coordinates: { lat: number; lon: number } };
    expect(r.results[0]).toEqual({ store_coordinates: { lon: first.store_coordinates.lon, lat: first.store_coordinates.lat } });
  });
});

describe('groups', () => {
  it('groups by a field with count(*) and sum, the null group included', async () => {
    const r = await records({ select: 'store_country, count(*), sum(sales_count) as total', group_by: 'store_country', limit: '100' });
    const expected = groups(sales, (s) => s.store_country).map((g) => ({ store_country: g.key, 'count(*)': g.rows.length, total: sum(g.rows.map((s) => s.sales_count)) }));
    expect(r.total_count).toBe(expected.length);
    expect(r.results).toEqual(expected);
    expect(r.results.at(-1)?.store_country).toBeNull();
    // descending too: the null group stays last
    const desc = await records({ select: 'store_country, count(*) as n', group_by: 'store_country', order_by: 'store_country desc', limit: '100' });
    expect(desc.results.map((x) => x.store_country)).toEqual([...expected.slice(0, -1).reverse().map((e) => e.store_country), null]);
  });

  it('orders by an alias, descending, and cuts with limit and offset', async () => {
    const r = await records({ select: 'store_name, sum(sales_amount) as amount', group_by: 'store_name', order_by: 'amount desc', limit: '3', offset: '1' });
    const expected = groups(sales, (s) => s.store_name)
      .map((g) => ({ store_name: g.key, amount: sum(g.rows.map((s) => s.sales_amount)) }))
      .sort((a, b) => b.amount - a.amount);
    expect(approxEqual(r.results, expected.slice(1, 4))).toEqual([]);
  });

  it('orders by an aggregate that is not selected', async () => {
    const r = await records({ select: 'store_name', group_by: 'store_name', order_by: 'count(*) desc, store_name', limit: '100' });
    const expected = groups(sales, (s) => s.store_name)
      .sort((a, b) => b.rows.length - a.rows.length || (String(a.key) < String(b.key) ? -1 : 1))
      .map((g) => ({ store_name: g.key }));
    expect(r.results).toEqual(expected);
  });

  it('range(field, step): equal-width groups keyed by their interval', async () => {
    const r = await records({ select: 'range(sales_count, 5) as r, count(*) as n', group_by: 'range(sales_count, 5) as r', limit: '100' });
    const expected = groups(sales, (s) => Math.floor(s.sales_count / 5) * 5).map((g) => ({ r: `[${g.key}; ${Number(g.key) + 5}[`, n: g.rows.length }));
    expect(r.results).toEqual(expected);
  });

  it('range(field, *, a, b, *): static bounds with open ends', async () => {
    const r = await records({ select: 'count(*) as n', group_by: 'range(sales_count, *, 5, 10, *) as r', limit: '100' });
    const band = (n: number) => (n < 5 ? 0 : n < 10 ? 1 : 2);
    const labels = ['[*; 5[', '[5; 10[', '[10; *['];
    const expected = groups(sales, (s) => band(s.sales_count)).map((g) => ({ n: g.rows.length, r: labels[Number(g.key)] }));
    expect(r.results).toEqual(expected);
  });

  it('year() and date_format() groups, sales of 2016 per month', async () => {
    const r = await records({ select: 'year(sales_date) as y, count(*) as n', group_by: 'year(sales_date) as y', limit: '100' });
    expect(r.results).toEqual(groups(sales, (s) => new Date(s.sales_date).getUTCFullYear()).map((g) => ({ y: g.key, n: g.rows.length })));
    const m = await records({ select: "date_format(sales_date, 'yyyy-MM') as month, avg(sales_count) as a", where: "sales_date >= date'2016-01-01' and sales_date < date'2017-01-01'", group_by: "date_format(sales_date, 'yyyy-MM') as month", limit: '100' });
    const in2016 = sales.filter((s) => s.sales_date.startsWith('2016'));
    const expected = groups(in2016, (s) => s.sales_date.slice(0, 7)).map((g) => ({ month: g.key, a: sum(g.rows.map((s) => s.sales_count)) / g.rows.length }));
    expect(approxEqual(m.results, expected)).toEqual([]);
  });

  itNeeds('scripts')('month() and hour() group by the calendar field across years', async () => {
    const r = await records({ select: 'month(sales_date) as m, hour(sales_date) as h, count(*) as n', group_by: 'month(sales_date) as m, hour(sales_date) as h', limit: '100' });
    const key = (s: Sale) => new Date(s.sales_date).getUTCMonth() + 1;
    const all = groups(sales, (s) => key(s) * 100 + new Date(s.sales_date).getUTCHours()).map((g) => ({ m: Math.floor(Number(g.key) / 100), h: Number(g.key) % 100, n: g.rows.length }));
    expect(r.total_count).toBe(all.length);
    expect(r.results).toEqual(all.slice(0, 100));
  });

  it('aggregates without group_by answer one row', async () => {
    const r = await records({ select: 'count(*) as n, max(sales_count) as hi, count(sales_amount) as priced' });
    expect(r.results).toEqual([{ n: sales.length, hi: Math.max(...sales.map((s) => s.sales_count)), priced: sales.filter((s) => s.sales_amount !== undefined).length }]);
  });
});
