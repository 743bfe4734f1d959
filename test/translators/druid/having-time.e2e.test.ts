/**
 * `__time` in a groupBy having `filter`: the row's bucket start (epoch ms); under granularity `all`
 * the first interval's start. Expected rows counted in plain code over the fixture rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows } from './fixtures.js';
import { at, DAY, iso } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const base = { queryType: 'groupBy', dataSource: 'testing', intervals: ['2011-01-12/2011-01-20'], granularity: 'day', dimensions: ['market'], aggregations: [{ type: 'count', name: 'n' }] };

const druid = async (having: unknown, extra: Record<string, unknown> = {}) => {
  const res = await proxy.post('/druid/v2', { ...base, ...extra, having: { type: 'filter', filter: having } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { timestamp: string; event: { market: string; n: number } }[]).map((r) => `${r.timestamp} ${r.event.market} ${r.event.n}`);
};

/** The expected rows: each day in [from, to) × market, in Druid's order (time, then market). */
function expected(keep: (day: number) => boolean, market?: string): string[] {
  const out: string[] = [];
  for (let d = at('2011-01-12'); d < at('2011-01-20'); d += DAY) {
    if (!keep(d)) continue;
    const day = rows.filter((r) => r.t >= d && r.t < d + DAY && (market === undefined || r.market === market));
    for (const m of [...new Set(day.map((r) => r.market))].sort()) out.push(`${iso(d)} ${m} ${day.filter((r) => r.market === m).length}`);
  }
  return out;
}

describe('having filter on __time', () => {
  it('bound, selector, in and interval filters on the bucket start', async () => {
    const d14 = at('2011-01-14');
    const d16 = at('2011-01-16');
    expect(await druid({ type: 'bound', dimension: '__time', lower: String(d14), upper: String(d16), upperStrict: true, ordering: 'numeric' })).toEqual(expected((d) => d >= d14 && d < d16));
    expect(await druid({ type: 'selector', dimension: '__time', value: String(at('2011-01-13')) })).toEqual(expected((d) => d === at('2011-01-13')));
    expect(await druid({ type: 'in', dimension: '__time', values: [String(at('2011-01-12')), String(at('2011-01-19')), 'x'] })).toEqual(expected((d) => d === at('2011-01-12') || d === at('2011-01-19')));
    expect(await druid({ type: 'interval', dimension: '__time', intervals: ['2011-01-17/2011-01-19'] })).toEqual(expected((d) => d >= at('2011-01-17') && d < at('2011-01-19')));
    expect(await druid({ type: 'and', fields: [{ type: 'selector', dimension: 'market', value: 'spot' }, { type: 'bound', dimension: '__time', lower: String(d16), ordering: 'numeric' }] })).toEqual(expected((d) => d >= d16, 'spot'));
    expect(await druid({ type: 'not', field: { type: 'bound', dimension: '__time', lower: String(d14), ordering: 'numeric' } })).toEqual(expected((d) => d < d14));
  });

  it('granularity all: every row carries the first interval start', async () => {
    const start = String(at('2011-01-12'));
    const all = await druid({ type: 'selector', dimension: '__time', value: start }, { granularity: 'all' });
    expect(all).toEqual(['spot', 'total_market', 'upfront'].map((m) => `${iso(at('2011-01-12'))} ${m} ${rows.filter((r) => r.t >= at('2011-01-12') && r.t < at('2011-01-20') && r.market === m).length}`));
    expect(await druid({ type: 'selector', dimension: '__time', value: String(at('2011-01-13')) }, { granularity: 'all' })).toEqual([]);
  });

  it('a filter on __time that cannot be read as a time is a 400 naming it', async () => {
    for (const [filter, pointer] of [
      [{ type: 'bound', dimension: '__time', lower: '1', ordering: 'lexicographic' }, '/having/filter/ordering'],
      [{ type: 'regex', dimension: '__time', pattern: '^1' }, '/having/filter/dimension'],
    ] as const) {
      const res = await proxy.post('/druid/v2', { ...base, having: { type: 'filter', filter } });
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toContain(`(at ${pointer})`);
    }
  });
});
