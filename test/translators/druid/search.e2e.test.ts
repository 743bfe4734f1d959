/**
 * The native `search` query on Druid's test data: expected hits are Druid's own
 * (SearchQueryRunnerTest, apache/druid) where it asserts them, else counted here in plain code over
 * the fixture rows. Bad input: 400s naming the offending part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, mapping, rows, type Row } from './fixtures.js';
import { at, DAY, iso } from './reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const FULL = ['1970-01-01/2020-01-01'];
const START = '1970-01-01T00:00:00.000Z';
type Hit = { dimension: string; value: string; count: number };

const search = async (q: Record<string, unknown>) => {
  const res = await proxy.post('/druid/v2', { queryType: 'search', dataSource: 'testing', intervals: FULL, ...q });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { timestamp: string; result: Hit[] }[];
};

/** Plain-code reference: every value of each dimension (multi-value columns value by value) that matches. */
function reference(rs: readonly Row[], dims: readonly string[], match: (v: string) => boolean): Hit[] {
  const hits = new Map<string, Hit>();
  for (const r of rs) {
    for (const d of dims) {
      const raw = r[d];
      const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
      for (const v of new Set(values)) {
        if (!match(v)) continue;
        const key = `${d}\u0000${v}`;
        const h = hits.get(key) ?? { dimension: d, value: v, count: 0 };
        hits.set(key, { ...h, count: h.count + 1 });
      }
    }
  }
  // Druid's lexicographic sort spec: by value, then by dimension
  return [...hits.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : 0));
}

describe('search query', () => {
  it("Druid's testSearch: insensitive_contains 'a' over the dimensions", async () => {
    const dims = ['quality', 'market', 'placementish', 'partial_null_column'];
    const body = await search({ granularity: 'all', searchDimensions: dims, query: { type: 'insensitive_contains', value: 'a' } });
    // SearchQueryRunnerTest.testSearch's hits, in the default (lexicographic) order
    const druid: Hit[] = [
      { dimension: 'placementish', value: 'a', count: 93 },
      { dimension: 'quality', value: 'automotive', count: 93 },
      { dimension: 'quality', value: 'entertainment', count: 93 },
      { dimension: 'quality', value: 'health', count: 93 },
      { dimension: 'quality', value: 'mezzanine', count: 279 },
      { dimension: 'market', value: 'total_market', count: 186 },
      { dimension: 'quality', value: 'travel', count: 93 },
      { dimension: 'partial_null_column', value: 'value', count: 186 },
    ];
    expect(body).toEqual([{ timestamp: START, result: druid }]);
    expect(druid).toEqual(reference(rows, dims, (v) => v.toLowerCase().includes('a')));
    // numeric sort: no value is a number, so the same order (testSearchWithNumericSort)
    expect(await search({ searchDimensions: dims, query: { type: 'insensitive_contains', value: 'a' }, sort: { type: 'numeric' } })).toEqual([{ timestamp: START, result: druid }]);
    // the limit cuts the sorted hits
    expect(await search({ searchDimensions: dims, query: { type: 'insensitive_contains', value: 'a' }, limit: 2 })).toEqual([{ timestamp: START, result: druid.slice(0, 2) }]);
  });

  it('the same value in two dimensions (testSearchSameValueInMultiDims and its strlen sort)', async () => {
    const q = { searchDimensions: ['placement', 'placementish'], query: { type: 'insensitive_contains', value: 'e' } };
    const lex = [
      { dimension: 'placementish', value: 'e', count: 93 },
      { dimension: 'placement', value: 'preferred', count: 1209 },
      { dimension: 'placementish', value: 'preferred', count: 1209 },
    ];
    expect((await search(q))[0]!.result).toEqual(lex);
    expect((await search({ ...q, sort: { type: 'strlen' } }))[0]!.result).toEqual(lex);
  });

  it('fragment, filters, an empty query and a missing dimension (SearchQueryRunnerTest)', async () => {
    expect((await search({ searchDimensions: ['quality', 'market'], query: { type: 'fragment', values: ['auto', 've'] } }))[0]!.result).toEqual([{ dimension: 'quality', value: 'automotive', count: 93 }]);
    const filter = { type: 'and', fields: [{ type: 'selector', dimension: 'market', value: 'total_market' }, { type: 'selector', dimension: 'quality', value: 'mezzanine' }] };
    expect((await search({ filter, searchDimensions: ['quality'], query: { type: 'insensitive_contains', value: 'a' } }))[0]!.result).toEqual([{ dimension: 'quality', value: 'mezzanine', count: 93 }]);
    const all = [
      { dimension: 'market', value: 'spot', count: 837 },
      { dimension: 'market', value: 'total_market', count: 186 },
      { dimension: 'market', value: 'upfront', count: 186 },
    ];
    expect((await search({ searchDimensions: ['market'], query: { type: 'insensitive_contains', value: '' } }))[0]!.result).toEqual(all);
    expect((await search({ searchDimensions: ['market'] }))[0]!.result).toEqual(all);
    expect(await search({ searchDimensions: [] })).toEqual([]);
    expect(await search({ searchDimensions: ['does_not_exist'], query: { type: 'insensitive_contains', value: 'a' } })).toEqual([]);
    expect(await search({ query: { type: 'insensitive_contains', value: 'abcd123' } })).toEqual([]);
  });

  it('without searchDimensions: every string column', async () => {
    const strings = Object.entries(mapping.properties as Record<string, { type: string }>).filter(([, m]) => m.type === 'keyword').map(([n]) => n);
    const body = await search({ query: { type: 'contains', value: 'mark' } });
    expect(body).toEqual([{ timestamp: START, result: reference(rows, strings, (v) => v.toLowerCase().includes('mark')) }]);
  });

  it('contains with caseSensitive, and regex with Java syntax (\\d), value by value on a multi-value column', async () => {
    expect(await search({ searchDimensions: ['market'], query: { type: 'contains', value: 'SPOT', caseSensitive: true } })).toEqual([]);
    expect((await search({ searchDimensions: ['market'], query: { type: 'contains', value: 'SPOT' } }))[0]!.result).toEqual([{ dimension: 'market', value: 'spot', count: 837 }]);
    const re = '^1[0-2]\\d{4}$';
    const body = await search({ searchDimensions: ['qualityNumericString'], query: { type: 'regex', pattern: re } });
    expect(body[0]!.result).toEqual(reference(rows, ['qualityNumericString'], (v) => new RegExp(re).test(v)));
    expect(body[0]!.result.map((h) => h.value)).toEqual(['100000', '110000', '120000']);
    // 'preferred' shares documents with 'a' but does not match
    expect((await search({ searchDimensions: ['placementish'], query: { type: 'regex', pattern: '^a$' } }))[0]!.result).toEqual([{ dimension: 'placementish', value: 'a', count: 93 }]);
  });

  it('a numeric column searched as its string form (testSearchOnFloatColumn)', async () => {
    const body = await search({ searchDimensions: [{ type: 'default', dimension: 'index', outputName: 'index', outputType: 'DOUBLE' }], query: { type: 'insensitive_contains', value: '100.7' } });
    expect(body[0]!.result).toEqual([
      { dimension: 'index', value: '100.706057', count: 1 },
      { dimension: 'index', value: '100.775597', count: 1 },
    ]);
  });

  it('__time as a LONG dimension (testSearchOnLongColumn)', async () => {
    const body = await search({ searchDimensions: [{ type: 'default', dimension: '__time', outputName: '__time', outputType: 'LONG' }], query: { type: 'insensitive_contains', value: '1297123200000' } });
    expect(body[0]!.result).toEqual([{ dimension: '__time', value: '1297123200000', count: 13 }]);
    expect(rows.filter((r) => r.t === 1297123200000)).toHaveLength(13);
  });

  it('granularity day: one entry per bucket with hits', async () => {
    const body = await search({ intervals: ['2011-01-12/2011-01-15'], granularity: 'day', searchDimensions: ['market'], query: { type: 'insensitive_contains', value: 'o' } });
    const days = [0, 1, 2].map((i) => at('2011-01-12') + i * DAY);
    expect(body).toEqual(days.map((d) => ({ timestamp: iso(d), result: reference(rows.filter((r) => r.t >= d && r.t < d + DAY), ['market'], (v) => v.includes('o')) })));
    expect(body[0]!.result).toEqual([{ dimension: 'market', value: 'spot', count: 9 }, { dimension: 'market', value: 'total_market', count: 2 }, { dimension: 'market', value: 'upfront', count: 2 }]);
  });

  it('bad input: 400s naming the part, in Druid\'s error shape', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ bogus: 1 }, /Unrecognized field "bogus".*\(at \/bogus\)/],
      [{ query: { type: 'contains', value: 'a', case_sensitive: true } }, /Unrecognized field "case_sensitive".*\(at \/query\/case_sensitive\)/],
      [{ query: { type: 'wildcard', value: 'a' } }, /search query spec type 'wildcard'.*\(at \/query\/type\)/],
      [{ sort: { type: 'byLength' } }, /Unknown ordering.*\(at \/sort\/type\)/],
      [{ limit: 0 }, /limit must be an integer.*\(at \/limit\)/],
      [{ context: { bogus: true } }, /Unsupported context parameter \[bogus\].*\(at \/context\/bogus\)/],
      [{ query: { type: 'regex', pattern: '(' } }, /Invalid regex pattern.*\(at \/query\/pattern\)/],
      [{ query: { type: 'regex', pattern: 'a'.repeat(5000) } }, /maxPatternLength.*\(at \/query\/pattern\)/],
      [{ searchDimensions: [{ type: 'default', dimension: 'market', outputType: 'TEXT' }] }, /outputType.*\(at \/searchDimensions\/0\/outputType\)/],
    ];
    for (const [q, message] of cases) {
      const res = await proxy.post('/druid/v2', { queryType: 'search', dataSource: 'testing', intervals: FULL, ...q });
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.body.errorMessage, JSON.stringify(q)).toMatch(message);
      expect(Object.keys(res.body).sort()).toEqual(['error', 'errorClass', 'errorMessage', 'host']);
    }
    // context keys accepted on purpose without effect
    expect(await search({ searchDimensions: ['market'], context: { queryId: 'x', priority: 1, useCache: false } })).toHaveLength(1);
    // the aggregating types share the context rules: implemented keys, keys without effect, else a 400
    const ts = { queryType: 'timeseries', dataSource: 'testing', intervals: FULL, granularity: 'all', aggregations: [{ type: 'count', name: 'n' }] };
    const plywood = await proxy.post('/druid/v2', { ...ts, context: { queryId: 'q-1', timeout: 60000, skipEmptyBuckets: 'true', populateCache: false } });
    expect(plywood.status, JSON.stringify(plywood.body)).toBe(200);
    const grand = await proxy.post('/druid/v2', { ...ts, context: { grandTotal: true } });
    expect(grand.status).toBe(400);
    expect(grand.body.errorMessage).toMatch(/Unsupported context parameter \[grandTotal\].*\(at \/context\/grandTotal\)/);
    const notObject = await proxy.post('/druid/v2', { ...ts, context: 'fast' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.errorMessage).toContain('(at /context)');
    const unknown = await proxy.post('/druid/v2', { queryType: 'select', dataSource: 'testing', intervals: FULL });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errorMessage).toMatch(/known types are groupBy, timeseries, topN, search, scan, segmentMetadata, timeBoundary, dataSourceMetadata/);
  });
});
