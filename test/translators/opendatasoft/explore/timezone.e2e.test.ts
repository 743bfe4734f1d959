/**
 * The Explore API's `timezone`: datetimes print with the zone's offset, date groups, periods,
 * date literals and refine follow its calendar. Expected answers use Europe/Paris's rule written
 * out here (UTC+1, UTC+2 from the last Sunday of March to the last Sunday of October, 01:00 UTC),
 * not the proxy's zone code.
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

const V21 = '/api/explore/v2.1/catalog/datasets/sales';
const TZ = 'Europe/Paris';

const lastSunday = (y: number, month0: number): number => {
  const last = new Date(Date.UTC(y, month0 + 1, 0));
  return Date.UTC(y, month0, last.getUTCDate() - last.getUTCDay(), 1);
};
/** Minutes Paris is ahead of UTC at an instant. */
const parisOffset = (ms: number): number => {
  const y = new Date(ms).getUTCFullYear();
  return ms >= lastSunday(y, 2) && ms < lastSunday(y, 9) ? 120 : 60;
};
/** The Paris wall clock of an instant, read with UTC getters. */
const wall = (ms: number): Date => new Date(ms + parisOffset(ms) * 60_000);
const printed = (ms: number): string => `${wall(ms).toISOString().slice(0, 19)}+0${parisOffset(ms) / 60}:00`;
const ms = (s: { sales_date: string }): number => Date.parse(s.sales_date);

async function records(params: Record<string, string>): Promise<{ total_count: number; results: Record<string, unknown>[] }> {
  const r = await get(proxy, `${V21}/records`, { timezone: TZ, ...params });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

function countBy<K extends string | number>(keyOf: (t: number) => K, rows = sales): [K, number][] {
  const m = new Map<K, number>();
  for (const s of rows) m.set(keyOf(ms(s)), (m.get(keyOf(ms(s))) ?? 0) + 1);
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('Explore API timezone', () => {
  it('prints record datetimes with the zone offset (winter +01:00, summer +02:00)', async () => {
    const r = await records({ select: 'sales_date', order_by: 'sales_date', limit: '100' });
    const expected = [...sales].sort((a, b) => ms(a) - ms(b)).slice(0, 100).map((s) => ({ sales_date: printed(ms(s)) }));
    expect(r.results).toEqual(expected);
    expect(new Set(r.results.map((x) => String(x.sales_date).slice(-6)))).toEqual(new Set(['+01:00', '+02:00']));
  });

  it('groups by the zone calendar: year() and date_format()', async () => {
    const y = await records({ select: 'year(sales_date) as y, count(*) as n', group_by: 'year(sales_date) as y', limit: '100' });
    expect(y.results).toEqual(countBy((t) => wall(t).getUTCFullYear()).map(([k, n]) => ({ y: k, n })));
    const m = await records({ select: "date_format(sales_date, 'yyyy-MM') as month, count(*) as n", group_by: "date_format(sales_date, 'yyyy-MM') as month", limit: '100' });
    expect(m.results).toEqual(countBy((t) => wall(t).toISOString().slice(0, 7)).map(([k, n]) => ({ month: k, n })));
    // the zone moves some sales across a month boundary, or the test would not tell zones apart
    expect(m.results).not.toEqual(countBy((t) => new Date(t).toISOString().slice(0, 7)).map(([k, n]) => ({ month: k, n })));
  });

  it('reads date literals, periods and refine on the zone calendar', async () => {
    const start = Date.UTC(2016, 6, 1) - parisOffset(Date.UTC(2016, 6, 1)) * 60_000;
    const july = sales.filter((s) => wall(ms(s)).toISOString().startsWith('2016-07'));
    const a = await records({ where: "sales_date >= date'2016-07-01'", limit: '0' });
    expect(a.total_count).toBe(sales.filter((s) => ms(s) >= start).length);
    const b = await records({ refine: 'sales_date:2016/07', limit: '0' });
    expect(b.total_count).toBe(july.length);
    const c = await records({ where: "sales_date:'2016/07'", limit: '0' });
    expect(c.total_count).toBe(july.length);
    // March 2016 holds a sale that is April in Paris: 21 there, 22 in UTC
    const march = await records({ refine: 'sales_date:2016/03', limit: '0' });
    expect(march.total_count).toBe(sales.filter((s) => wall(ms(s)).toISOString().startsWith('2016-03')).length);
    expect(march.total_count).not.toBe(sales.filter((s) => s.sales_date.startsWith('2016-03')).length);
  });

  it('facets a date by the zone year', async () => {
    const r = await get(proxy, `${V21}/facets`, { facet: 'sales_date', timezone: TZ });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const years = countBy((t) => String(wall(t).getUTCFullYear())).sort((x, z) => z[1] - x[1] || (x[0] < z[0] ? -1 : 1));
    expect(r.body.facets).toEqual([{ name: 'sales_date', facets: years.map(([v, n]) => ({ name: v, count: n, state: 'displayed', value: v })) }]);
  });

  it('takes a zone name in any case (sent on as its canonical name), and refuses a date out of range with a 400', async () => {
    const lower = await get(proxy, `${V21}/records`, { timezone: 'europe/paris', select: 'year(sales_date) as y, count(*) as n', group_by: 'year(sales_date) as y' });
    expect(lower.status, JSON.stringify(lower.body)).toBe(200);
    expect(lower.body.results).toEqual(countBy((t) => wall(t).getUTCFullYear()).map(([k, n]) => ({ y: k, n })));
    const far = await get(proxy, `${V21}/records`, { timezone: TZ, where: 'sales_date < now(years=300000)' });
    expect([far.status, far.body.error_code]).toEqual([400, 'ODSQLError']);
  });

  it('UTC when not given: the answers as before', async () => {
    const r = await get(proxy, `${V21}/records`, { select: 'sales_date', order_by: 'sales_date', limit: '1' });
    const first = [...sales].sort((a, b) => ms(a) - ms(b))[0] as { sales_date: string };
    expect(r.body.results).toEqual([{ sales_date: first.sales_date.replace('.000Z', '+00:00') }]);
  });
});
