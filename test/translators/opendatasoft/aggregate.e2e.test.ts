/**
 * Opendatasoft aggregate API end to end, on a real engine, against answers computed with plain code
 * over the fixture rows (reference.ts): the seed's examples, every aggregate function, group_by
 * forms, INCREMENTAL, virtual fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, type Sale } from './fixtures.js';
import { itNeeds } from '../../helpers/engine.js';
import { approxEqual, avg, dailyAvg, dayName, groupBy, isoDayNumber, isoWeek, max, min, sales, stddev, sum, sumSquares, type Row } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

async function aggregate(body: unknown, dataset = 'sales'): Promise<Record<string, Row[]>> {
  const r = await proxy.post(`/api/v2/datasets/${dataset}/aggregate`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.aggregations;
}

function expectRows(actual: unknown, expected: Row[]): void {
  expect(approxEqual(actual, expected)).toEqual([]);
}

const country = (s: Sale) => s.store_country;

describe('the seed example', () => {
  itNeeds('scripts')('groups by country with a virtual field, sums, an average of per-record ratios and a ratio of sums', async () => {
    const r = await proxy.post('/api/v2/datasets/sales/aggregate', {
      virtual_fields: { daily_avg_sale_price: 'sales_amount / sales_count' },
      aggregations: {
        my_aggregation: {
          group_by: ['store_country'],
          aggregates: {
            total_sales_count: 'SUM(sales_count)',
            total_sales_amount: 'SUM(sales_amount)',
            overall_average_sale_price: 'AVG(daily_avg_sale_price)',
            real_average_sale_price: 'SUM(sales_amount) / SUM(sales_count)',
          },
        },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.links).toEqual([
      { rel: 'self', href: `${proxy.base}/api/v2/datasets/sales/aggregate` },
      { rel: 'dataset', href: `${proxy.base}/api/v2/catalog/datasets/sales` },
    ]);
    const expected = groupBy(sales, [country]).map(({ key, rows }) => ({
      store_country: key[0],
      total_sales_count: sum(rows.map((s) => s.sales_count)),
      total_sales_amount: sum(rows.map((s) => s.sales_amount)),
      overall_average_sale_price: avg(rows.map(dailyAvg)),
      real_average_sale_price: sum(rows.map((s) => s.sales_amount)) / sum(rows.map((s) => s.sales_count)),
    }));
    expect(expected.map((e) => e.store_country)).toEqual(['France', 'Japan', 'Spain', 'USA', 'afghanistan', 'albania']);
    expectRows(r.body.aggregations.my_aggregation, expected);
  });

  itNeeds('scripts')('"cooks the books" with a virtual field per record', async () => {
    const got = await aggregate({
      virtual_fields: { reported_sales_amount: 'sales_amount - 20' },
      aggregations: { my_aggregation: { group_by: ['store_name'], aggregates: { total_sales_amount: 'SUM(sales_amount)', reported_total_sales_amount: 'SUM(reported_sales_amount)' } } },
    });
    expectRows(
      got.my_aggregation,
      groupBy(sales, [(s) => s.store_name]).map(({ key, rows }) => ({
        store_name: key[0],
        total_sales_amount: sum(rows.map((s) => s.sales_amount)),
        reported_total_sales_amount: sum(rows.map((s) => (s.sales_amount === undefined ? undefined : s.sales_amount - 20))),
      })),
    );
  });

  it('orders nested group_by fields by the tuple of values', async () => {
    const got = await aggregate({ aggregations: { a: { group_by: ['store_country', 'store_name'], aggregates: { n: 'COUNT()' } } } });
    expectRows(got.a, groupBy(sales, [country, (s) => s.store_name]).map(({ key, rows }) => ({ store_country: key[0], store_name: key[1], n: rows.length })));
  });
});

describe('aggregate functions', () => {
  it('computes every function over the whole dataset when there is no group_by', async () => {
    const got = await aggregate({
      aggregations: {
        all: {
          aggregates: {
            n: 'COUNT()', total: 'SUM(sales_amount)', mean: 'AVG(sales_amount)', low: 'MIN(sales_amount)', high: 'max(sales_amount)',
            sd: 'STDDEV(sales_amount)', squares: 'SUMSQUARES(sales_count)', mixed: '-SUM(sales_count) * 2 + 1', none: 'SUM(sales_count) / (COUNT() - COUNT())',
          },
        },
      },
    });
    const amounts = sales.map((s) => s.sales_amount);
    expectRows(got.all, [{
      n: sales.length, total: sum(amounts), mean: avg(amounts), low: min(amounts), high: max(amounts),
      sd: stddev(amounts), squares: sumSquares(sales.map((s) => s.sales_count)), mixed: -sum(sales.map((s) => s.sales_count)) * 2 + 1, none: null,
    }]);
  });

  it('returns PERCENTILES as a map keyed by percent, in the order asked', async () => {
    const r = await fetch(`${proxy.base}/api/v2/datasets/sales/aggregate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aggregations: { a: { aggregates: { p: 'PERCENTILES(sales_count, [50, 0, 99.9, 100])', all: 'PERCENTILES(sales_count)' } } } }),
    });
    const text = await r.text();
    // key order is part of the answer: JSON.parse would reorder integer-like keys
    expect(text).toMatch(/"p":\{"50":[0-9.]+,"0":0,"99\.9":11,"100":11\}/);
    const all = JSON.parse(text).aggregations.a[0].all as Record<string, number>;
    expect(Object.keys(all).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 101 }, (_, i) => String(i)));
    expect(all['0']).toBe(min(sales.map((s) => s.sales_count)));
    expect(all['100']).toBe(max(sales.map((s) => s.sales_count)));
  });

  it('accepts function names in any case and computes arithmetic per group', async () => {
    const got = await aggregate({ aggregations: { a: { group_by: ['store_country'], aggregates: { x: 'sum(sales_count) * 2 - Count()', y: 'StdDev(sales_count) / 2' } } } });
    expectRows(got.a, groupBy(sales, [country]).map(({ key, rows }) => ({
      store_country: key[0],
      x: sum(rows.map((s) => s.sales_count)) * 2 - rows.length,
      y: (stddev(rows.map((s) => s.sales_count)) as number) / 2,
    })));
  });

  it('answers several aggregations in one request, each under its name', async () => {
    const got = await aggregate({ aggregations: { by_store: { group_by: ['store_name'], aggregates: { n: 'COUNT()' } }, total: { aggregates: { n: 'COUNT()' } } } });
    expect(Object.keys(got)).toEqual(['by_store', 'total']);
    expect(got.total).toEqual([{ n: sales.length }]);
    expect(got.by_store?.length).toBe(8);
  });
});

describe('INCREMENTAL', () => {
  it('accumulates over a calendar group with the engine (cumulative_sum)', async () => {
    const body = { aggregations: { a: { group_by: [{ name: 'month', expr: "date(sales_date, 'yyyy-MM')" }], aggregates: { n: 'COUNT()', running: 'INCREMENTAL(SUM(sales_count))' } } } };
    const explain = await proxy.post('/api/v2/datasets/sales/aggregate?explain=true', body);
    expect(JSON.stringify(explain.body.explain.queries[0].requests)).toContain('cumulative_sum');
    let running = 0;
    expectRows((await aggregate(body)).a, groupBy(sales, [(s) => s.sales_date.slice(0, 7)]).map(({ key, rows }) => {
      running += sum(rows.map((s) => s.sales_count));
      return { month: key[0], n: rows.length, running };
    }));
  });

  it('accumulates over other groups in the reader, in row order, for arithmetic too', async () => {
    const got = await aggregate({ aggregations: { a: { group_by: ['store_country'], aggregates: { running: 'INCREMENTAL(SUM(sales_amount) / SUM(sales_count))', count: 'incremental(count())' } } } });
    let ratio = 0;
    let count = 0;
    expectRows(got.a, groupBy(sales, [country]).map(({ key, rows }) => {
      ratio += sum(rows.map((s) => s.sales_amount)) / sum(rows.map((s) => s.sales_count));
      count += rows.length;
      return { store_country: key[0], running: ratio, count };
    }));
  });

  it('accumulates a PERCENTILES map per percent', async () => {
    const got = await aggregate({ aggregations: { a: { group_by: ['store_country'], aggregates: { p: 'PERCENTILES(sales_count, [0, 100])', i: 'INCREMENTAL(PERCENTILES(sales_count, [0, 100]))' } } } });
    let lo = 0;
    let hi = 0;
    for (const row of got.a ?? []) {
      const p = row.p as Record<string, number>;
      lo += p['0'] as number;
      hi += p['100'] as number;
      expect(row.i).toEqual({ 0: lo, 100: hi });
    }
  });
});

describe('date group_by', () => {
  const byDate = async (pattern: string) =>
    (await aggregate({ aggregations: { a: { group_by: [{ name: 'd', expr: pattern.includes("'") ? `date(sales_date, "${pattern}")` : `date(sales_date, '${pattern}')` }], aggregates: { n: 'COUNT()' } } } })).a;
  const counts = (key: (s: Sale) => string | number, label: (k: string | number) => string = String) =>
    groupBy(sales, [key]).map(({ key: k, rows }) => ({ d: label(k[0] as string | number), n: rows.length }));

  it('formats calendar months, years and days chronologically', async () => {
    expectRows(await byDate('yyyy-MM'), counts((s) => s.sales_date.slice(0, 7)));
    expectRows(await byDate('YYYY'), counts((s) => s.sales_date.slice(0, 4)));
    expectRows(await byDate('dd/MM/yyyy'), counts((s) => s.sales_date.slice(0, 10), (k) => String(k).split('-').reverse().join('/')));
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    // text months stay in time order, not alphabetical
    expectRows(await byDate('MMM yyyy'), counts((s) => s.sales_date.slice(0, 7), (k) => `${MONTHS[Number(String(k).slice(5)) - 1]} ${String(k).slice(0, 4)}`));
  });

  it('uses ISO week-based years for xxxx-ww (2016-01-03 is in week 53 of 2015)', async () => {
    expect(isoWeek('2016-01-03')).toEqual([2015, 53]);
    expect(isoWeek('2017-01-01')).toEqual([2016, 52]);
    const key = (s: Sale) => {
      const [y, w] = isoWeek(s.sales_date);
      return `${y}-${String(w).padStart(2, '0')}`;
    };
    expectRows(await byDate('xxxx-ww'), counts(key));
  });

  itNeeds('scripts')('groups by the printed value when the pattern is not a calendar interval', async () => {
    // day names, Monday first (ISO order of the day-of-week field)
    expectRows(await byDate('EEEE'), counts((s) => isoDayNumber(s.sales_date), (k) => dayName(sales.find((s) => isoDayNumber(s.sales_date) === k)?.sales_date as string)));
    expectRows(await byDate('HH'), counts((s) => s.sales_date.slice(11, 13)));
    expectRows(await byDate("'month' MM"), counts((s) => `month ${s.sales_date.slice(5, 7)}`));
    const halfDay = (s: Sale) => (Number(s.sales_date.slice(11, 13)) >= 12 ? 'PM' : 'AM');
    expectRows(await byDate('a'), counts(halfDay));
  });
});

describe('virtual fields', () => {
  itNeeds('scripts')('can be grouped by and range-discretized, and may use one another', async () => {
    const got = await aggregate({
      virtual_fields: { doubled: 'half * 4', half: 'sales_count / 2' },
      aggregations: {
        by_value: { group_by: ['doubled'], aggregates: { n: 'COUNT()' } },
        by_range: { group_by: [{ name: 'r', expr: 'range(doubled, static([0, 10, 20]))' }], aggregates: { n: 'COUNT()' } },
      },
    });
    expectRows(got.by_value, groupBy(sales, [(s) => s.sales_count * 2]).map(({ key, rows }) => ({ doubled: key[0], n: rows.length })));
    const maxDoubled = Math.max(...sales.map((s) => s.sales_count * 2));
    const inRange = (lo: number, hi: number, closed: boolean) => sales.filter((s) => s.sales_count * 2 >= lo && (closed ? s.sales_count * 2 <= hi : s.sales_count * 2 < hi)).length;
    expectRows(got.by_range, [
      { r: '[0; 10[', n: inRange(0, 10, false) },
      { r: '[10; 20[', n: inRange(10, 20, false) },
      { r: `[20; ${maxDoubled}]`, n: inRange(20, maxDoubled, true) },
    ]);
  });
});

describe('surface', () => {
  it('serves the v2.0 catalog path too, and answers a repeated request from the cache', async () => {
    const body = { aggregations: { a: { aggregates: { n: 'COUNT()' } } } };
    const first = await proxy.post('/api/v2/catalog/datasets/sales/aggregate', body);
    expect(first.body.aggregations.a).toEqual([{ n: sales.length }]);
    const again = await proxy.post('/api/v2/catalog/datasets/sales/aggregate', body);
    expect(again.headers.get('x-aggproxy-cache')).toBe('hit');
  });
});
