/**
 * range() groups: every worked example of seed 003 over its values [-5, -2, -1, 0, 3, 4, 5, 120]
 * (two slips of the seed corrected by its own rule, see README), each range's count and sum
 * computed with plain code from the label, and percentile bands over 1..100.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, values } from './fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
}, 120_000);
afterAll(() => proxy?.close());

const data = values.flatMap((v) => (v.myfield === undefined ? [] : [v.myfield]));

/** Count and sum of the values a label like `[0; 24[` or `[96; 120]` covers. */
function expectedRow(label: string): { r: string; n: number; total: number } {
  const m = /^\[(-?[\d.]+); (-?[\d.]+)([[\]])$/.exec(label);
  if (!m) throw new Error(label);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  const inside = data.filter((v) => v >= lo && (m[3] === ']' ? v <= hi : v < hi));
  return { r: label, n: inside.length, total: inside.reduce((a, b) => a + b, 0) };
}

const SEED_EXAMPLES: [string, string[]][] = [
  ['equi(5)', ['[-5; 20[', '[20; 45[', '[45; 70[', '[70; 95[', '[95; 120]']],
  ['equi(5, lowest_boundary=0)', ['[-5; 0[', '[0; 24[', '[24; 48[', '[48; 72[', '[72; 96[', '[96; 120]']],
  ['equi(5, highest_boundary=10)', ['[-5; -2[', '[-2; 1[', '[1; 4[', '[4; 7[', '[7; 10[', '[10; 120]']],
  ['equi(5, lowest_boundary=0, highest_boundary=10)', ['[-5; 0[', '[0; 2[', '[2; 4[', '[4; 6[', '[6; 8[', '[8; 10[', '[10; 120]']],
  ['equi(5, 0, 10)', ['[-5; 0[', '[0; 2[', '[2; 4[', '[4; 6[', '[6; 8[', '[8; 10[', '[10; 120]']],
  ['static([-1000, -10, -1, 0, 1, 10, 1000])', ['[-1000; -10[', '[-10; -1[', '[-1; 0[', '[0; 1[', '[1; 10[', '[10; 1000]']],
  // the seed prints `[10; 120[`: by its rule the added last range is closed
  ['static([-10, 0, 10])', ['[-10; 0[', '[0; 10[', '[10; 120]']],
  // the seed prints `[-10; 0[`: by its rule the added first range starts at the minimum, -5
  ['static([0, 10, 100, 1000])', ['[-5; 0[', '[0; 10[', '[10; 100[', '[100; 1000]']],
];

describe('range() over the seed values', () => {
  for (const [disc, labels] of SEED_EXAMPLES) {
    it(`range(myfield, ${disc})`, async () => {
      const r = await proxy.post('/api/v2/datasets/values/aggregate', {
        aggregations: { a: { group_by: [{ name: 'r', expr: `range(myfield, ${disc})` }], aggregates: { n: 'COUNT()', total: 'SUM(myfield)' } } },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      // every created range is returned, empty ones too, ordered by lower bound
      expect(r.body.aggregations.a).toEqual(labels.map(expectedRow));
      const counted = (r.body.aggregations.a as { n: number }[]).reduce((a, x) => a + x.n, 0);
      expect(counted).toBe(data.length);
    });
  }

  it('combines a range with a second group and an aggregate of another field', async () => {
    const r = await proxy.post('/api/v2/datasets/values/aggregate', {
      aggregations: { a: { group_by: [{ name: 'sign', expr: 'range(myfield, static([0]))' }], aggregates: { n: 'COUNT()', low: 'MIN(myfield)' } } },
    });
    expect(r.body.aggregations.a).toEqual([
      { sign: '[-5; 0[', n: 3, low: -5 },
      { sign: '[0; 120]', n: 5, low: 0 },
    ]);
  });
});

describe('percentile bands over 1..100', () => {
  const bands = async (disc: string) => {
    const r = await proxy.post('/api/v2/datasets/hundred/aggregate', {
      aggregations: { a: { group_by: [{ name: 'band', expr: `range(n, ${disc})` }], aggregates: { n: 'COUNT()', low: 'MIN(n)', high: 'MAX(n)' } } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.aggregations.a as { band: number; n: number; low: number; high: number }[];
  };
  it('decile(): bands 1 to 10 of ten values each', async () => {
    expect(await bands('decile()')).toEqual(Array.from({ length: 10 }, (_, i) => ({ band: i + 1, n: 10, low: i * 10 + 1, high: i * 10 + 10 })));
  });
  it('quartile() and median()', async () => {
    expect(await bands('quartile()')).toEqual([1, 2, 3, 4].map((b) => ({ band: b, n: 25, low: (b - 1) * 25 + 1, high: b * 25 })));
    expect(await bands('median()')).toEqual([{ band: 1, n: 50, low: 1, high: 50 }, { band: 2, n: 50, low: 51, high: 100 }]);
  });
  it('percentile(): keyed by the smallest listed percentile at or above the value, 100 above the last', async () => {
    expect((await bands('percentile()')).map((b) => [b.band, b.n])).toEqual([[1, 1], [5, 4], [25, 20], [50, 25], [75, 25], [95, 20], [99, 4], [100, 1]]);
    expect((await bands('percentile([10, 90])')).map((b) => [b.band, b.n])).toEqual([[10, 10], [90, 80], [100, 10]]);
  });
});
