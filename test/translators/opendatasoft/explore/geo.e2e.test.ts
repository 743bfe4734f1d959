/** ODSQL in_bbox() on a geo_point_2d field, against the fixture's coordinates checked in plain code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, sales } from '../fixtures.js';
import { get } from './http.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const RECORDS = '/api/explore/v2.1/catalog/datasets/sales/records';
type Point = { lat: number; lon: number };
const inBox = (p: Point | undefined, top: number, left: number, bottom: number, right: number): boolean =>
  p !== undefined && p.lat <= top && p.lat >= bottom && p.lon >= left && p.lon <= right;
const coords = (s: (typeof sales)[number]): Point | undefined => (s as unknown as { store_coordinates?: Point }).store_coordinates;

describe('in_bbox()', () => {
  it('counts the records whose point lies in the box, corners in either order', async () => {
    // western Europe: Paris, Bordeaux and Madrid, not Boston, New York, Tokyo, Kabul or Tirana
    const expected = sales.filter((s) => inBox(coords(s), 49, -4, 40, 3)).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(sales.length);
    for (const where of ['in_bbox(store_coordinates, 49, -4, 40, 3)', 'in_bbox(store_coordinates, 40, 3, 49, -4)']) {
      const r = await get(proxy, RECORDS, { where, limit: '0' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.total_count).toBe(expected);
    }
    const grouped = await get(proxy, RECORDS, { select: 'store_country, count(*) as n', where: 'in_bbox(store_coordinates, 49, -4, 40, 3)', group_by: 'store_country' });
    const byCountry = new Map<string, number>();
    for (const s of sales.filter((x) => inBox(coords(x), 49, -4, 40, 3))) byCountry.set(s.store_country ?? 'null', (byCountry.get(s.store_country ?? 'null') ?? 0) + 1);
    expect(Object.fromEntries(grouped.body.results.map((x: { store_country: string | null; n: number }) => [x.store_country ?? 'null', x.n]))).toEqual(Object.fromEntries(byCountry));
  });

  it.each([
    ['a field that is not a geo point', 'in_bbox(store_name, 49, -4, 40, 3)', /expects a geo_point_2d field/],
    ['four arguments', 'in_bbox(store_coordinates, 49, -4, 40)', /takes a geo_point_2d field/],
    ['a latitude out of range', 'in_bbox(store_coordinates, 91, -4, 40, 3)', /latitude/],
    ['a longitude that is not a number', "in_bbox(store_coordinates, 49, 'x', 40, 3)", /longitude/],
  ])('%s is an ODSQLError', async (_name, where, message) => {
    const r = await get(proxy, RECORDS, { where });
    expect([r.status, r.body.error_code]).toEqual([400, 'ODSQLError']);
    expect(r.body.message).toMatch(message);
  });
});
