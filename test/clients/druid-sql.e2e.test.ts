/**
 * The Druid web console's query runner, `@druid-toolkit/query`, unchanged against the proxy with
 * auth on: its QueryRunner with an executor posting to Druid's routes (as the console wires it), its
 * Introspect queries for tables and columns, SQL with parameters and dates inflated from SQL types,
 * and a native query through the same runner; checked against plain code over Druid's test rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Introspect, QueryRunner, SqlQuery, type QueryExecutor } from '@druid-toolkit/query';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures, rows } from '../translators/druid/fixtures.js';
import { group, lex } from '../translators/druid/reference.js';

const KEY = 'console-suite-key-0123456789';
let proxy: Proxy;
let runner: QueryRunner;
beforeAll(async () => {
  proxy = await startProxy(fixtures, { auth: { enabled: true, tenants: { console: { datasets: ['testing'], apiKeys: [KEY] } } } });
  const authorization = `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}`;
  // the console's executor: SQL to /druid/v2/sql, native to /druid/v2, answer data and headers
  const executor: QueryExecutor = async (payload, isSql) => {
    const res = await fetch(`${proxy.base}${isSql ? '/druid/v2/sql' : '/druid/v2'}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(payload) });
    const data = await res.json();
    if (!res.ok) throw Object.assign(new Error(data.errorMessage ?? 'query failed'), { response: { status: res.status, data } });
    return { data, headers: Object.fromEntries(res.headers.entries()) };
  };
  runner = new QueryRunner({ executor });
});
afterAll(async () => proxy?.close());

describe('@druid-toolkit/query QueryRunner', () => {
  it('lists the tables with Introspect', async () => {
    const result = await runner.runQuery({ query: Introspect.getTableIntrospectionQuery() });
    expect(Introspect.decodeTableIntrospectionResult(result)).toEqual([{ name: 'testing' }]);
  });

  it("decodes a query's columns with their SQL and native types (the header-only introspection)", async () => {
    const result = await runner.runQuery({ query: Introspect.getQueryColumnIntrospectionPayload(SqlQuery.parse('SELECT __time, market, qualityLong, "index" FROM testing')) });
    const columns = Introspect.decodeQueryColumnIntrospectionResult(result);
    expect(columns.map((c) => [c.name, c.sqlType, c.nativeType])).toEqual([
      ['__time', 'TIMESTAMP', 'LONG'],
      ['market', 'VARCHAR', 'STRING'],
      ['qualityLong', 'BIGINT', 'LONG'],
      ['index', 'DOUBLE', 'DOUBLE'],
    ]);
  });

  it('runs a grouped SQL query with parameters; TIMESTAMP columns come back as Dates; the query id is kept', async () => {
    const result = await runner.runQuery({
      query: "SELECT TIME_FLOOR(__time, 'P1M') AS \"month\", market, COUNT(*) AS \"count\" FROM testing WHERE quality = ? GROUP BY 1, 2 ORDER BY 1, 2",
      queryParameters: [{ type: 'VARCHAR', value: 'news' }],
      extraQueryContext: { sqlQueryId: 'console-1' },
    });
    expect(result.sqlQueryId).toBe('console-1');
    const month = (t: number) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
    const news = rows.filter((r) => r.quality === 'news');
    const expected = [...group(news, (r) => `${month(r.t)}|${r.market}`).entries()]
      .map(([k, rs]) => { const [m, market] = k.split('|') as [string, string]; return { month: new Date(Number(m)), market, count: rs.length }; })
      .sort((a, b) => a.month.getTime() - b.month.getTime() || lex(a.market, b.market));
    expect(result.toObjectArray()).toEqual(expected);
    expect(result.header.map((c) => c.sqlType)).toEqual(['TIMESTAMP', 'VARCHAR', 'BIGINT']);
  });

  it('a native query through the same runner', async () => {
    const result = await runner.runQuery({ query: { queryType: 'timeseries', dataSource: 'testing', intervals: ['2011-01-01/2012-01-01'], granularity: 'all', aggregations: [{ type: 'count', name: 'rows' }] } });
    expect(result.toObjectArray()).toEqual([{ rows: rows.length }]);
  });

  it("a bad query rejects with Druid's error in the response", async () => {
    const err = await runner.runQuery({ query: 'SELECT nope FROM testing' }).catch((e: { response: { status: number; data: { errorMessage: string } } }) => e);
    expect(err).toMatchObject({ response: { status: 400, data: { errorMessage: expect.stringContaining("Column 'nope' not found in any table (line [1], column [8])") } } });
  });
});
