/**
 * Extraction dimension specs and filter extractionFns on the `testing` data: bucket (plywood's
 * numberBucket), timeFormat (plywood's timePart and the console's time formats), identity and
 * cascade; expected answers computed by plain code over the rows, with Druid's bucket text from
 * BucketExtractionFnTest. What has no exact translation is a 400 naming it by JSON Pointer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../helpers/harness.js';
import { fixtures, rows, type Row } from './fixtures.js';
import { group } from './reference.js';
import { engineHas, itNeeds } from '../../helpers/engine.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const base = { queryType: 'groupBy', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'], granularity: 'all', aggregations: [{ type: 'count', name: 'n' }] };
const byText = ([a]: [string | null, number], [b]: [string | null, number]): number => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0);
/** Druid's groupBy answer over one STRING dimension: each text and its count, texts in code-unit order, null first. */
const expected = (key: (r: Row) => string | null): [string | null, number][] =>
  [...group(rows, key).entries()].map(([k, rs]): [string | null, number] => [k, rs.length]).sort(byText);
const events = (body: any[], name: string) => body.map((r) => [r.event[name], r.event.n]);

/** the wall-clock fields of an instant in a zone, by the platform's time-zone data */
function wall(t: number, timeZone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', weekday: 'long' }).formatToParts(new Date(t));
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

describe('extraction dimensions', () => {
  it('bucket: floor(v / size) * size as Druid prints it, missing values a null group', async () => {
    const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'index', outputName: 'b', extractionFn: { type: 'bucket', size: 100 } }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(events(res.body, 'b')).toEqual(expected((r) => String(Math.floor(r.index / 100) * 100)));
    const nulls = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'longNumericNull', outputName: 'b', extractionFn: { type: 'bucket', size: 7, offset: 14 } }] });
    expect(nulls.status, JSON.stringify(nulls.body)).toBe(200);
    expect(events(nulls.body, 'b')).toEqual(expected((r) => (r.longNumericNull === undefined ? null : String(Math.floor(r.longNumericNull / 7) * 7))));
  });

  it('bucket with a fractional size prints Java doubles; outputType LONG reads the text as a number', async () => {
    const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'index', outputName: 'b', extractionFn: { type: 'bucket', size: 0.5 } }], filter: { type: 'bound', dimension: 'index', lower: '1000', ordering: 'numeric' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const big = rows.filter((r) => r.index >= 1000);
    const text = (v: number) => (Number.isInteger(v) ? String(v) : String(v));
    const want = [...group(big, (r) => text(Math.floor(r.index / 0.5) * 0.5)).entries()].map(([k, rs]): [string, number] => [k, rs.length]).sort(byText);
    expect(events(res.body, 'b')).toEqual(want);
    const long = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'index', outputName: 'b', outputType: 'LONG', extractionFn: { type: 'bucket', size: 500 } }] });
    expect(long.status, JSON.stringify(long.body)).toBe(200);
    const counts = [...group(rows, (r) => Math.floor(r.index / 500) * 500).entries()].sort(([a], [b]) => a - b).map(([k, rs]) => [k, rs.length]);
    expect(events(long.body, 'b')).toEqual(counts);
  });

  itNeeds('scripts')('timeFormat with plywood timePart formats (e, d, M, EEEE) in a zone, text order', async () => {
    for (const [format, field] of [['e', 'weekday'], ['d', 'day'], ['M', 'month'], ['EEEE', 'weekday']] as const) {
      const res = await proxy.post('/druid/v2', {
        ...base,
        dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'p', extractionFn: { type: 'timeFormat', format, timeZone: 'America/Los_Angeles', locale: 'en-US' } }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
      const text = (r: Row) => {
        const w = wall(r.t, 'America/Los_Angeles');
        return format === 'e' ? String(days.indexOf(w.weekday as string) + 1) : (w[field] as string);
      };
      expect(events(res.body, 'p'), format).toEqual(expected(text));
    }
  });

  itNeeds('scripts')('timeFormat with a padded multi-field pattern keeps the engine order; LONG output of one field', async () => {
    const res = await proxy.post('/druid/v2', {
      ...base,
      dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'ym', extractionFn: { type: 'timeFormat', format: "yyyy-MM 'w'ww" } }],
      limitSpec: { type: 'default', limit: 3 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const week = (t: number) => {
      const d = new Date(t);
      const dow = (d.getUTCDay() + 6) % 7;
      const th = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - dow));
      return Math.floor((th.getTime() - Date.UTC(th.getUTCFullYear(), 0, 1)) / (7 * 86_400_000)) + 1;
    };
    const text = (r: Row) => `${new Date(r.t).toISOString().slice(0, 7)} w${String(week(r.t)).padStart(2, '0')}`;
    expect(events(res.body, 'ym')).toEqual(expected(text).slice(0, 3));
    const hour = await proxy.post('/druid/v2', {
      ...base,
      dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'h', outputType: 'LONG', extractionFn: { type: 'timeFormat', format: 'H', timeZone: 'Asia/Kolkata' } }],
    });
    expect(hour.status, JSON.stringify(hour.body)).toBe(200);
    const hours = [...group(rows, (r) => Number(wall(r.t, 'Asia/Kolkata').hour)).entries()].sort(([a], [b]) => a - b).map(([k, rs]) => [k, rs.length]);
    expect(events(hour.body, 'h')).toEqual(hours);
  });

  it('timeFormat without a format: the granularity bucket start as ISO text in the zone', async () => {
    const res = await proxy.post('/druid/v2', {
      ...base,
      dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'm', extractionFn: { type: 'timeFormat', granularity: 'month', timeZone: 'UTC' } }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(events(res.body, 'm')).toEqual(expected((r) => `${new Date(r.t).toISOString().slice(0, 7)}-01T00:00:00.000Z`));
    const ny = await proxy.post('/druid/v2', {
      ...base,
      dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'm', extractionFn: { type: 'timeFormat', granularity: 'month', timeZone: 'America/New_York' } }],
    });
    expect(ny.status, JSON.stringify(ny.body)).toBe(200);
    // the granularity buckets in UTC; the text is that instant on New York's clock (EDT from 2011-03-13)
    const nyText = (r: Row) => {
      const start = new Date(r.t);
      const utc = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
      const offset = utc >= Date.parse('2011-03-13T07:00:00Z') ? 4 : 5;
      return `${new Date(utc - offset * 3_600_000).toISOString().slice(0, 19)}.000-0${offset}:00`;
    };
    expect(events(ny.body, 'm')).toEqual(expected(nyText));
  });

  it('stringFormat: one %s between text; a null as "null", "" or null by nullHandling', async () => {
    const fmt = async (extractionFn: unknown) => {
      const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'partial_null_column', outputName: 'x', extractionFn }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return events(res.body, 'x');
    };
    expect(await fmt({ type: 'stringFormat', format: '[%s] 100%%' })).toEqual(expected((r) => `[${r.partial_null_column ?? 'null'}] 100%`));
    expect(await fmt({ type: 'stringFormat', format: '<%s>', nullHandling: 'emptyString' })).toEqual(expected((r) => `<${r.partial_null_column ?? ''}>`));
    expect(await fmt({ type: 'stringFormat', format: 'v:%s', nullHandling: 'returnNull' })).toEqual(expected((r) => (r.partial_null_column === undefined ? null : `v:${r.partial_null_column}`)));
    const bucket = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'index', outputName: 'x', extractionFn: { type: 'cascade', extractionFns: [{ type: 'bucket', size: 500 }, { type: 'stringFormat', format: '%s+' }] } }] });
    expect(bucket.status, JSON.stringify(bucket.body)).toBe(200);
    expect(events(bucket.body, 'x')).toEqual(expected((r) => `${Math.floor(r.index / 500) * 500}+`));
  });

  it('identity and a cascade of identity are the plain dimension; a topN on a bucket', async () => {
    const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'quality', outputName: 'q', extractionFn: { type: 'cascade', extractionFns: [{ type: 'identity' }] } }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(events(res.body, 'q')).toEqual(expected((r) => r.quality));
    const top = await proxy.post('/druid/v2', {
      queryType: 'topN', dataSource: 'testing', intervals: ['1970-01-01/2020-01-01'], granularity: 'all', threshold: 2, metric: 'n',
      dimension: { type: 'extraction', dimension: 'index', outputName: 'b', extractionFn: { type: 'bucket', size: 1000 } },
      aggregations: [{ type: 'count', name: 'n' }],
    });
    expect(top.status, JSON.stringify(top.body)).toBe(200);
    const want = expected((r) => String(Math.floor(r.index / 1000) * 1000)).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([b, n]) => ({ b, n }));
    expect(top.body[0].result).toEqual(want);
  });

  itNeeds('scripts')('substring, strlen, upper and a cascade of them: per-document string transforms', async () => {
    const cases: [unknown, (q: string) => string | null][] = [
      [{ type: 'substring', index: 2, length: 3 }, (q) => (q.length <= 2 ? null : q.slice(2, 5))],
      [{ type: 'substring', index: 8 }, (q) => (q.length <= 8 ? null : q.slice(8))],
      [{ type: 'strlen' }, (q) => String(q.length)],
      [{ type: 'upper', locale: 'en-US' }, (q) => q.toUpperCase()],
      [{ type: 'cascade', extractionFns: [{ type: 'lower' }, { type: 'substring', index: 0, length: 1 }, { type: 'upper' }] }, (q) => q.slice(0, 1).toUpperCase()],
    ];
    for (const [extractionFn, f] of cases) {
      const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'quality', outputName: 'x', extractionFn }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(events(res.body, 'x'), JSON.stringify(extractionFn)).toEqual(expected((r) => f(r.quality)));
    }
    // a multi-valued column: each value transformed, the row in each value's group
    const multi = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'placementish', outputName: 'x', extractionFn: { type: 'substring', index: 0, length: 2 } }] });
    expect(multi.status, JSON.stringify(multi.body)).toBe(200);
    const want = [...group(rows, (r) => r.placementish.map((p) => p.slice(0, 2))).entries()].map(([k, rs]): [string, number] => [k, rs.length]).sort(byText);
    expect(events(multi.body, 'x')).toEqual(want);
    // strlen as a LONG dimension: numbers in numeric order
    const long = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'market', outputName: 'x', outputType: 'LONG', extractionFn: { type: 'strlen' } }] });
    expect(long.status, JSON.stringify(long.body)).toBe(200);
    expect(events(long.body, 'x')).toEqual([...group(rows, (r) => r.market.length).entries()].sort(([a], [b]) => a - b).map(([k, rs]) => [k, rs.length]));
  });

  it('selector and in filters with a bucket extractionFn match the bucket text (null: no value), not() three-valued', async () => {
    const count = async (filter: unknown) => {
      const res = await proxy.post('/druid/v2', { ...base, queryType: 'timeseries', filter });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body[0].result.n;
    };
    const b100 = { type: 'bucket', size: 100 };
    expect(await count({ type: 'selector', dimension: 'index', value: '1200', extractionFn: b100 })).toBe(rows.filter((r) => Math.floor(r.index / 100) * 100 === 1200).length);
    // "1200.0" is not how Druid prints the bucket: nothing matches
    expect(await count({ type: 'selector', dimension: 'index', value: '1200.0', extractionFn: b100 })).toBe(0);
    const b10 = { type: 'bucket', size: 10, offset: 5 };
    const bucket = (v: number) => String(Math.floor((v - 5) / 10) * 10 + 5);
    expect(await count({ type: 'in', dimension: 'longNumericNull', values: ['5', '75', null], extractionFn: b10 })).toBe(
      rows.filter((r) => r.longNumericNull === undefined || ['5', '75'].includes(bucket(r.longNumericNull))).length,
    );
    expect(await count({ type: 'not', field: { type: 'in', dimension: 'longNumericNull', values: ['5', '75'], extractionFn: b10 } })).toBe(
      rows.filter((r) => r.longNumericNull !== undefined && !['5', '75'].includes(bucket(r.longNumericNull))).length,
    );
  });

  it('a filter with an identity extractionFn is the plain filter', async () => {
    const res = await proxy.post('/druid/v2', { ...base, queryType: 'timeseries', filter: { type: 'selector', dimension: 'quality', value: 'mezzanine', extractionFn: { type: 'identity' } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body[0].result.n).toBe(rows.filter((r) => r.quality === 'mezzanine').length);
  });
});

describe('extraction refusals', () => {
  it.runIf(!engineHas('scripts'))('without scripts a string transform or a time-field pattern is a 400 naming the capability', async () => {
    for (const extractionFn of [{ type: 'strlen' }, { type: 'timeFormat', format: 'H' }]) {
      const dimension = extractionFn.type === 'strlen' ? 'quality' : '__time';
      const res = await proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension, outputName: 'x', extractionFn }] });
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toMatch(/capability 'scripts'/);
    }
  });

  const dim = (extractionFn: unknown, extra: object = {}) => proxy.post('/druid/v2', { ...base, dimensions: [{ type: 'extraction', dimension: 'quality', outputName: 'x', extractionFn, ...extra }] });

  it('javascript, lookup and registeredLookup are 400s naming them', async () => {
    for (const [fn, word] of [[{ type: 'javascript', function: 'function(x){return x}' }, 'javascript'], [{ type: 'lookup', lookup: { type: 'map', map: {} } }, 'lookup'], [{ type: 'registeredLookup', lookup: 'l' }, 'registeredLookup']] as const) {
      const res = await dim(fn);
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toMatch(new RegExp(`${word} extraction function.*/dimensions/0/extractionFn/type`));
    }
  });

  it('an unknown key, an unknown type and a bad value are 400s with their pointer', async () => {
    const key = await dim({ type: 'bucket', size: 10, bogus: 1 });
    expect(key.status).toBe(400);
    expect(key.body.errorMessage).toMatch(/Unrecognized field "bogus".*\/dimensions\/0\/extractionFn\/bogus/);
    const spec = await dim({ type: 'identity' }, { nope: true });
    expect(spec.status).toBe(400);
    expect(spec.body.errorMessage).toMatch(/\/dimensions\/0\/nope/);
    const type = await dim({ type: 'nosuch' });
    expect(type.status).toBe(400);
    expect(type.body.errorMessage).toMatch(/extraction function type 'nosuch'.*\/dimensions\/0\/extractionFn\/type/);
    const size = await dim({ type: 'bucket', size: 0 });
    expect(size.status).toBe(400);
    expect(size.body.errorMessage).toMatch(/\/dimensions\/0\/extractionFn\/size/);
    const filter = await proxy.post('/druid/v2', { ...base, filter: { type: 'selector', dimension: 'quality', value: 'a', extractionFn: { type: 'upper', bogus: 1 } } });
    expect(filter.status).toBe(400);
    expect(filter.body.errorMessage).toMatch(/\/filter\/extractionFn\/bogus/);
  });

  it('what has no exact translation yet is a 400 naming it, never ignored', async () => {
    const sub = await dim({ type: 'regex', expr: '(a)' });
    expect(sub.status).toBe(400);
    expect(sub.body.errorMessage).toMatch(/regex extraction function.*\/dimensions\/0\/extractionFn\/type/);
    const twice = await dim({ type: 'stringFormat', format: '%s-%s' });
    expect(twice.status).toBe(400);
    expect(twice.body.errorMessage).toMatch(/exactly one %s.*\/dimensions\/0\/extractionFn\/format/);
    const mixed = await dim({ type: 'cascade', extractionFns: [{ type: 'upper' }, { type: 'bucket', size: 2 }] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errorMessage).toMatch(/bucket extraction function inside a cascade.*\/dimensions\/0\/extractionFn\/extractionFns\/1\/type/);
    const numeric = await dim({ type: 'strlen' }, { dimension: 'index' });
    expect(numeric.status).toBe(400);
    expect(numeric.body.errorMessage).toMatch(/strlen extraction function on the numeric column \[index\]/);
    const filter = await proxy.post('/druid/v2', { ...base, filter: { type: 'selector', dimension: 'quality', value: 'A', extractionFn: { type: 'upper' } } });
    expect(filter.status).toBe(400);
    expect(filter.body.errorMessage).toMatch(/upper extraction function on a selector filter.*\/filter\/extractionFn\/type/);
    for (const having of [
      { type: 'filter', filter: { type: 'selector', dimension: 'x', value: 'A', extractionFn: { type: 'upper' } } },
      { type: 'dimSelector', dimension: 'x', value: 'A', extractionFn: { type: 'lower' } },
    ]) {
      const res = await proxy.post('/druid/v2', { ...base, dimensions: ['quality'], having });
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toMatch(/(upper|lower) extraction function on a (having filter|dimSelector having spec).*\/having\/(filter\/)?extractionFn\/type/);
    }
    const onString = await dim({ type: 'timeFormat', format: 'H' });
    expect(onString.status).toBe(400);
    expect(onString.body.errorMessage).toMatch(/timeFormat extraction function on \[quality\]/);
    const limited = await proxy.post('/druid/v2', {
      ...base,
      dimensions: [{ type: 'extraction', dimension: '__time', outputName: 'd', extractionFn: { type: 'timeFormat', format: 'd' } }],
      limitSpec: { type: 'default', limit: 5 },
    });
    expect(limited.status).toBe(400);
    expect(limited.body.errorMessage).toMatch(/limitSpec.*\[d\], whose extracted text does not sort/);
  });
});
