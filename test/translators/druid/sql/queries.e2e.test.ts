/**
 * Druid SQL end to end on Druid's test data: the forms of Druid's SQL documentation that fit it,
 * expected answers computed by plain code over the rows; result formats byte for byte; parameters,
 * time zones and the system tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures, rows } from '../fixtures.js';
import { group, lex, sum } from '../reference.js';
import { expectClose } from '../../../helpers/reference.js';

let proxy: Proxy;
beforeAll(async () => {
  proxy = await startProxy(fixtures);
});
afterAll(async () => proxy?.close());

const sql = (body: object) => proxy.post('/druid/v2/sql', body);
async function ok(query: string, extra: object = {}): Promise<any[]> {
  const res = await sql({ query, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function raw(body: object): Promise<{ status: number; type: string | null; text: string; headers: Headers }> {
  const res = await fetch(`${proxy.base}/druid/v2/sql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), headers: res.headers };
}

describe('Druid SQL queries', () => {
  it('GROUP BY with COUNT, SUM, AVG of a BIGINT (truncated, as Druid widens averages to BIGINT) and ORDER BY an aggregate', async () => {
    const res = await ok('SELECT quality, COUNT(*) AS "count", SUM(qualityLong) AS total, AVG(qualityLong) AS mean, AVG("index") AS meanIndex FROM testing GROUP BY quality ORDER BY "count" DESC, quality LIMIT 4');
    const expected = [...group(rows, (r) => r.quality).entries()]
      .map(([quality, rs]) => ({ quality, count: rs.length, total: sum(rs, (r) => r.qualityLong), mean: Math.trunc((sum(rs, (r) => r.qualityLong) as number) / rs.length), meanIndex: (sum(rs, (r) => r.index) as number) / rs.length }))
      .sort((a, b) => b.count - a.count || lex(a.quality, b.quality))
      .slice(0, 4);
    expectClose(res, expected);
  });

  it('numeric functions over aggregates: ABS, CEIL, FLOOR, ROUND (half away from zero), SQRT, POWER, GREATEST, LEAST', async () => {
    const res = await ok('SELECT quality, ABS(1000 - MAX(qualityLong)) AS a, CEIL(AVG("index")) AS c, FLOOR(SUM("index") / 7) AS f, ROUND(SUM("index") / COUNT(*)) AS r, SQRT(COUNT(*)) AS s, POWER(COUNT(*), 0.5) AS p, GREATEST(COUNT(*), 100, MIN(qualityLong) / 10) AS g, LEAST(MIN("index"), 90.5) AS l FROM testing GROUP BY quality ORDER BY quality');
    const halfAway = (x: number) => Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
    const expected = [...group(rows, (r) => r.quality).entries()]
      .sort(([a], [b]) => lex(a, b))
      .map(([quality, rs]) => {
        const idx = sum(rs, (r) => r.index) as number;
        const qls = rs.map((r) => r.qualityLong as number);
        return {
          quality, a: Math.abs(1000 - Math.max(...qls)), c: Math.ceil(idx / rs.length), f: Math.floor(idx / 7), r: halfAway(idx / rs.length),
          s: Math.sqrt(rs.length), p: Math.sqrt(rs.length), g: Math.max(rs.length, 100, Math.trunc(Math.min(...qls) / 10)), l: Math.min(...rs.map((r) => r.index as number), 90.5),
        };
      });
    expectClose(res, expected);
  });

  it('COUNT(col) counts non-null values; COUNT(DISTINCT) and APPROX_COUNT_DISTINCT count distinct ones', async () => {
    const [res] = await ok('SELECT COUNT(*) AS n, COUNT(partial_null_column) AS nn, COUNT(DISTINCT quality) AS q, APPROX_COUNT_DISTINCT(market) AS m FROM testing');
    expect(res).toEqual({ n: rows.length, nn: rows.filter((r) => r.partial_null_column !== undefined).length, q: new Set(rows.map((r) => r.quality)).size, m: new Set(rows.map((r) => r.market)).size });
  });

  it('an aggregate over no rows: COUNT 0, SUM and MIN null (SQL-compatible)', async () => {
    expect(await ok("SELECT COUNT(*) AS c, SUM(qualityLong) AS s, MIN(\"index\") AS m FROM testing WHERE market = 'nowhere'")).toEqual([{ c: 0, s: null, m: null }]);
  });

  it('three-valued logic: <> and NOT IN exclude null rows; NOT IN with a NULL matches nothing', async () => {
    const nonNull = rows.filter((r) => r.partial_null_column !== undefined);
    const [a] = await ok("SELECT COUNT(*) AS c FROM testing WHERE partial_null_column <> 'x'");
    expect(a.c).toBe(nonNull.filter((r) => r.partial_null_column !== 'x').length);
    const [b] = await ok("SELECT COUNT(*) AS c FROM testing WHERE NOT (partial_null_column IN ('value'))");
    expect(b.c).toBe(nonNull.filter((r) => r.partial_null_column !== 'value').length);
    expect(await ok("SELECT COUNT(*) AS c FROM testing WHERE market NOT IN ('spot', NULL)")).toEqual([{ c: 0 }]);
  });

  it("LIKE with ESCAPE, BETWEEN, IS NOT NULL, and __time ranges as TIMESTAMP literals and TIME_IN_INTERVAL", async () => {
    const [a] = await ok("SELECT COUNT(*) AS c FROM testing WHERE quality LIKE 'e!%%' ESCAPE '!' OR quality LIKE '_ews'");
    expect(a.c).toBe(rows.filter((r) => r.quality === 'news').length);
    const [b] = await ok("SELECT COUNT(*) AS c FROM testing WHERE qualityLong BETWEEN 1100 AND 1300 AND partial_null_column IS NOT NULL");
    expect(b.c).toBe(rows.filter((r) => r.qualityLong >= 1100 && r.qualityLong <= 1300 && r.partial_null_column !== undefined).length);
    const [c] = await ok("SELECT COUNT(*) AS c FROM testing WHERE __time >= TIMESTAMP '2011-02-01 00:00:00' AND __time < '2011-03-01'");
    const feb = rows.filter((r) => r.t >= Date.parse('2011-02-01T00:00:00Z') && r.t < Date.parse('2011-03-01T00:00:00Z')).length;
    expect(c.c).toBe(feb);
    const [d] = await ok("SELECT COUNT(*) AS c FROM testing WHERE TIME_IN_INTERVAL(__time, '2011-02-01/2011-03-01')");
    expect(d.c).toBe(feb);
  });

  it('dynamic parameters, in order, typed', async () => {
    const res = await ok('SELECT COUNT(*) AS c FROM testing WHERE market = ? AND qualityLong >= ? AND __time >= ?', {
      parameters: [{ type: 'VARCHAR', value: 'spot' }, { type: 'BIGINT', value: 1200 }, { type: 'TIMESTAMP', value: '2011-03-01 00:00:00' }],
    });
    expect(res).toEqual([{ c: rows.filter((r) => r.market === 'spot' && r.qualityLong >= 1200 && r.t >= Date.parse('2011-03-01T00:00:00Z')).length }]);
  });

  it('sqlTimeZone buckets and prints in the zone', async () => {
    const res = await ok("SELECT TIME_FLOOR(__time, 'P1M') AS m, COUNT(*) AS c FROM testing GROUP BY 1 LIMIT 2", { context: { sqlTimeZone: 'America/Los_Angeles' } });
    const month = (t: number) => {
      const d = new Date(t - 8 * 3_600_000); // PST all January and February 2011
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) + 8 * 3_600_000;
    };
    const counts = [...group(rows, (r) => month(r.t)).entries()].sort(([a], [b]) => a - b).slice(0, 2);
    expect(res).toEqual(counts.map(([t, rs]) => ({ m: `${new Date(t - 8 * 3_600_000).toISOString().slice(0, 23)}-08:00`, c: rs.length })));
  });

  it('a scan: columns, filter, order by time, LIMIT and OFFSET', async () => {
    const res = await ok("SELECT __time, quality, qualityLong FROM testing WHERE market = 'upfront' ORDER BY __time LIMIT 3 OFFSET 1");
    const up = rows.filter((r) => r.market === 'upfront').sort((a, b) => a.t - b.t);
    expect(res.map((r) => r.__time)).toEqual(up.slice(1, 4).map((r) => r.ts));
    expect(Object.keys(res[0])).toEqual(['__time', 'quality', 'qualityLong']);
  });

  it('a SELECT without LIMIT answers every matching row; sqlOuterLimit (the console\'s) caps it', async () => {
    expect(await ok('SELECT quality FROM testing')).toHaveLength(rows.length);
    expect(await ok('SELECT quality FROM testing', { context: { sqlOuterLimit: 7 } })).toHaveLength(7);
  });
});

describe('Druid SQL edge cases (review)', () => {
  const intervalsOf = async (query: string, context: object = {}): Promise<string[]> => {
    const [plan] = await ok(`EXPLAIN PLAN FOR ${query}`, { context });
    return JSON.parse(plan.PLAN)[0].query.intervals;
  };

  it('HAVING on a query grouped by a time bucket alone is kept (a groupBy, not a timeseries)', async () => {
    const byDay = [...group(rows, (r) => r.t - (r.t % 86_400_000)).entries()];
    const big = byDay.filter(([, rs]) => rs.length > 20).sort(([a], [b]) => a - b);
    expect(await ok('SELECT FLOOR(__time TO DAY) AS d, COUNT(*) AS c FROM testing GROUP BY 1 HAVING COUNT(*) > 20')).toEqual(big.map(([d, rs]) => ({ d: new Date(d).toISOString(), c: rs.length })));
    expect(await ok('SELECT FLOOR(__time TO DAY) AS d, COUNT(*) AS c FROM testing GROUP BY 1 HAVING COUNT(*) > 1000000')).toEqual([]);
  });

  it("the console's SELECT * FROM (query) LIMIT n keeps the inner query's own OFFSET, LIMIT and LIMIT 0", async () => {
    const inner = 'SELECT FLOOR(__time TO DAY) AS d, COUNT(*) AS c FROM testing GROUP BY 1 ORDER BY 1 LIMIT 2 OFFSET 1';
    const alone = await ok(inner);
    expect(alone).toHaveLength(2);
    expect(await ok(`SELECT * FROM (${inner}) LIMIT 10`)).toEqual(alone);
    expect(await ok(`SELECT * FROM (${inner}) LIMIT 1 OFFSET 1`)).toEqual(alone.slice(1));
    expect(await ok('SELECT * FROM (SELECT COUNT(*) AS c FROM testing LIMIT 0) LIMIT 10')).toEqual([]);
  });

  it('TIME_IN_INTERVAL reads its instants in sqlTimeZone and takes period forms; INTERVAL months clamp the day in the zone', async () => {
    const la = { sqlTimeZone: 'America/Los_Angeles' };
    expect(await intervalsOf("SELECT COUNT(*) FROM testing WHERE TIME_IN_INTERVAL(__time, '2011-01-12/2011-01-13')", la)).toEqual(['2011-01-12T08:00:00.000Z/2011-01-13T08:00:00.000Z']);
    expect(await intervalsOf("SELECT COUNT(*) FROM testing WHERE TIME_IN_INTERVAL(__time, '2011-01-12/P1D')")).toEqual(['2011-01-12T00:00:00.000Z/2011-01-13T00:00:00.000Z']);
    expect(await intervalsOf("SELECT COUNT(*) FROM testing WHERE __time >= TIMESTAMP '2024-01-31 00:00:00' + INTERVAL '1' MONTH")).toEqual(['2024-02-29T00:00:00.000Z/9999-12-31T23:59:59.999Z']);
    expect(await intervalsOf("SELECT COUNT(*) FROM testing WHERE __time < TIMESTAMP '2011-03-01 00:00:00' + INTERVAL '1' MONTH", la)).toEqual(['0000-01-01T00:00:00.000Z/2011-04-01T07:00:00.000Z']);
  });

  it('__time BETWEEN SYMMETRIC takes the lower bound first; a bound past any timestamp matches nothing, without error', async () => {
    const [a] = await ok("SELECT COUNT(*) AS c FROM testing WHERE __time BETWEEN SYMMETRIC TIMESTAMP '2012-01-01 00:00:00' AND TIMESTAMP '2011-01-01 00:00:00'");
    expect(a.c).toBe(rows.length);
    expect(await ok('SELECT COUNT(*) AS c FROM testing WHERE __time > 99999999999999999')).toEqual([{ c: 0 }]);
    expect(await ok("SELECT COUNT(*) AS c FROM testing WHERE __time >= TIMESTAMP '9999-12-31 00:00:00' + INTERVAL '10' YEAR")).toEqual([{ c: 0 }]);
  });

  it('sqlOuterLimit caps a query that has its own LIMIT', async () => {
    expect(await ok('SELECT market, COUNT(*) AS c FROM testing GROUP BY market LIMIT 3', { context: { sqlOuterLimit: 1 } })).toHaveLength(1);
  });
});

describe('Druid SQL result formats', () => {
  const query = "SELECT quality, COUNT(*) AS c FROM testing WHERE quality IN ('news', 'premium') GROUP BY quality";
  const counts = ['news', 'premium'].map((q) => rows.filter((r) => r.quality === q).length);

  it('object (default) and array, with header, typesHeader and sqlTypesHeader rows', async () => {
    const o = await raw({ query, header: true, typesHeader: true, sqlTypesHeader: true });
    expect(o.type).toMatch(/^application\/json/);
    expect(o.headers.get('x-druid-sql-header-included')).toBe('yes');
    expect(JSON.parse(o.text)).toEqual([
      { quality: { type: 'STRING', sqlType: 'VARCHAR' }, c: { type: 'LONG', sqlType: 'BIGINT' } },
      { quality: 'news', c: counts[0] },
      { quality: 'premium', c: counts[1] },
    ]);
    const h = await raw({ query, header: true });
    expect(JSON.parse(h.text)[0]).toEqual({ quality: null, c: null });
    const a = await raw({ query, resultFormat: 'array', header: true, sqlTypesHeader: true });
    expect(JSON.parse(a.text)).toEqual([['quality', 'c'], ['VARCHAR', 'BIGINT'], ['news', counts[0]], ['premium', counts[1]]]);
  });

  it('objectLines, arrayLines and csv: one row per line and a trailing blank line', async () => {
    const ol = await raw({ query, resultFormat: 'objectLines' });
    expect(ol.type).toMatch(/^text\/plain/);
    expect(ol.text).toBe(`{"quality":"news","c":${counts[0]}}\n{"quality":"premium","c":${counts[1]}}\n\n`);
    const al = await raw({ query, resultFormat: 'arrayLines', header: true, typesHeader: true });
    expect(al.text).toBe(`["quality","c"]\n["STRING","LONG"]\n["news",${counts[0]}]\n["premium",${counts[1]}]\n\n`);
    const csv = await raw({ query, resultFormat: 'csv', header: true });
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toBe(`quality,c\nnews,${counts[0]}\npremium,${counts[1]}\n\n`);
  });

  it('csv quotes values holding a comma or a quote; nulls are empty', async () => {
    const res = await raw({ query: 'SELECT partial_null_column AS "a,b", COUNT(*) AS "say ""hi""" FROM testing GROUP BY 1', resultFormat: 'csv', header: true });
    const byValue = [...group(rows, (r) => (r.partial_null_column ?? null) as string | null).entries()].sort(([a], [b]) => lex(a, b));
    expect(res.text).toBe(`"a,b","say ""hi"""\n${byValue.map(([v, rs]) => `${v ?? ''},${rs.length}\n`).join('')}\n`);
  });

  it('the text format: a text/plain or URL-encoded body is the SQL itself, answered as objects', async () => {
    for (const [type, body] of [['text/plain', `${query}\n`], ['application/x-www-form-urlencoded', encodeURIComponent(query)]] as const) {
      const res = await fetch(`${proxy.base}/druid/v2/sql`, { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, type).toBe(200);
      expect(await res.json()).toEqual([{ quality: 'news', c: counts[0] }, { quality: 'premium', c: counts[1] }]);
    }
  });

  it('csv: a single empty column is quoted, so the row is not the closing blank line', async () => {
    const res = await raw({ query: "SELECT MIN(qualityLong) FILTER (WHERE market = 'zz') AS m FROM testing", resultFormat: 'csv' });
    expect(res.text).toBe('""\n\n');
  });

  it('the query id: sqlQueryId when given, a fresh one otherwise', async () => {
    const given = await raw({ query, context: { sqlQueryId: 'request01' } });
    expect(given.headers.get('x-druid-sql-query-id')).toBe('request01');
    const [a, b] = [await raw({ query }), await raw({ query })];
    expect(a.headers.get('x-druid-sql-query-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-druid-sql-query-id')).not.toBe(b.headers.get('x-druid-sql-query-id'));
  });
});

describe('Druid SQL system tables and EXPLAIN', () => {
  it('INFORMATION_SCHEMA lists the data sources and their columns with SQL types', async () => {
    expect(await ok("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid' AND TABLE_TYPE = 'TABLE'")).toEqual([{ TABLE_NAME: 'testing' }]);
    const cols = await ok("SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'druid' AND TABLE_NAME = 'testing' AND COLUMN_NAME IN ('__time', 'market', 'qualityLong', 'index') ORDER BY COLUMN_NAME");
    expect(cols).toEqual([
      { COLUMN_NAME: '__time', DATA_TYPE: 'TIMESTAMP', IS_NULLABLE: 'NO' },
      { COLUMN_NAME: 'index', DATA_TYPE: 'DOUBLE', IS_NULLABLE: 'YES' },
      { COLUMN_NAME: 'market', DATA_TYPE: 'VARCHAR', IS_NULLABLE: 'YES' },
      { COLUMN_NAME: 'qualityLong', DATA_TYPE: 'BIGINT', IS_NULLABLE: 'YES' },
    ]);
    expect((await ok('SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA')).map((r) => r.SCHEMA_NAME)).toContain('druid');
    expect(await ok('SELECT * FROM sys.segments')).toEqual([]);
    expect(await ok('SELECT datasource, COUNT(*) AS num_segments FROM sys.segments GROUP BY 1')).toEqual([]);
  });

  it("EXPLAIN PLAN FOR answers the native query, which itself answers the same rows", async () => {
    const query = "SELECT market, COUNT(*) AS c FROM testing WHERE quality = 'news' GROUP BY market";
    const [plan] = await ok(`EXPLAIN PLAN FOR ${query}`);
    expect(Object.keys(plan)).toEqual(['PLAN', 'RESOURCES', 'ATTRIBUTES']);
    const [{ query: native, columnMappings }] = JSON.parse(plan.PLAN);
    expect(native).toMatchObject({ queryType: 'groupBy', dataSource: 'testing', filter: { type: 'selector', dimension: 'quality', value: 'news' } });
    expect(JSON.parse(plan.RESOURCES)).toEqual([{ name: 'testing', type: 'DATASOURCE' }]);
    const direct = await proxy.post('/druid/v2', native);
    const mapped = direct.body.map((r: any) => Object.fromEntries(columnMappings.map((m: any) => [m.outputColumn, r.event[m.queryColumn]])));
    expect(await ok(query)).toEqual(mapped);
  });
});
