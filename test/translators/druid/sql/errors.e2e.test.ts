/**
 * Druid SQL errors: every malformed query, unknown name and unsupported construct is a 400 in
 * Druid's SQL error shape with the line and column of the offending part; never a 500, never a
 * partial answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type Proxy } from '../../../helpers/harness.js';
import { fixtures } from '../fixtures.js';

let proxy: Proxy;
beforeAll(async () => {
  const many = { dataset: 'many', mapping: { properties: { ts: { type: 'date' }, n: { type: 'long' } } }, docs: Array.from({ length: 10_050 }, (_, i) => ({ ts: '2020-01-01T00:00:00Z', n: i })), shards: 1, options: { timeField: 'ts' } };
  proxy = await startProxy([...fixtures, many]);
});
afterAll(async () => proxy?.close());

const KEYS = ['category', 'context', 'error', 'errorClass', 'errorCode', 'errorMessage', 'host', 'persona'];

/** [query, message pattern, line, column] */
const CASES: [string, RegExp, number, number][] = [
  ['SELECT market FROM testing WHERE', /Received an unexpected token \[end of input\]/, 1, 33],
  ['SELECT market,\n  COUNT(*) +* 2 FROM testing', /unexpected token \[\*\]/, 2, 13],
  ["SELECT * FROM testing WHERE market = 'spot", /unexpected token/, 1, 43],
  ['SELECT nope FROM testing', /Column 'nope' not found in any table/, 1, 8],
  ['SELECT market FROM testing WHERE missing = 1', /Column 'missing' not found/, 1, 34],
  ['SELECT market, COUNT(*) FROM testing', /Expression 'market' is not being grouped/, 1, 8],
  ['SELECT market FROM testing JOIN other ON testing.market = other.market', /JOIN is not supported/, 1, 28],
  ['SELECT market FROM (SELECT market FROM testing WHERE 1 = 1) WHERE market = 1', /subquery in FROM/, 1, 20],
  ['WITH t AS (SELECT 1) SELECT * FROM t', /WITH is not supported/, 1, 1],
  ['SELECT market FROM testing UNION ALL SELECT market FROM testing', /UNION is not supported/, 1, 28],
  ['SELECT market, COUNT(*) OVER (PARTITION BY market) FROM testing', /Window functions/, 1, 16],
  ['SELECT COUNT(*) FROM testing GROUP BY GROUPING SETS (())', /GROUPING SETS of only the empty set/, 1, 30],
  ['SELECT UPPER(market), COUNT(*) FROM testing GROUP BY 1', /GROUP BY the expression \[UPPER\(market\)\]/, 1, 54],
  ['SELECT STDDEV("index") FROM testing', /aggregate function STDDEV is not supported/, 1, 8],
  ['SELECT SUM(market) FROM testing', /Cannot apply 'SUM'/, 1, 12],
  ["SELECT COUNT(*) FROM testing WHERE __time >= TIMESTAMP '2011-01-01' OR market = 'spot'", /__time condition/, 1, 36],
  ['SELECT COUNT(*) FROM testing WHERE qualityLong = "index"', /a literal is expected/, 1, 50],
  ['SELECT market, COUNT(*) FROM testing GROUP BY market ORDER BY 7', /Ordinal out of range: 7/, 1, 63],
  ['SELECT COUNT(*) FROM testing WHERE market = ?', /Parameter at position \[0\] is not bound/, 1, 45],
  ["SELECT TIME_FLOOR(__time, 'P1X'), COUNT(*) FROM testing GROUP BY 1", /Invalid period \[P1X\]/, 1, 27],
  ['SELECT COUNT(*) FROM other.testing', /schema other is not supported/, 1, 17],
  ['SELECT market, ABS(SUM("index"), 2) FROM testing GROUP BY market', /Invalid number of arguments to function 'ABS'. Was expecting 1 arguments/, 1, 16],
  ['SELECT POWER(COUNT(*)) FROM testing', /Invalid number of arguments to function 'POWER'. Was expecting 2 arguments/, 1, 8],
  ['SELECT COUNT(*) + CBRT(SUM("index")) FROM testing', /The expression \[CBRT\(SUM\("index"\)\)\] over aggregates/, 1, 19],
];

describe('Druid SQL errors', () => {
  it.each(CASES)('%s', async (query, message, line, column) => {
    const res = await proxy.post('/druid/v2/sql', { query });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(KEYS);
    expect(res.body.error).toBe('druidException');
    expect(res.body.errorMessage).toMatch(message);
    expect(res.body.errorMessage).toContain(`(line [${line}], column [${column}])`);
    expect(res.body.context).toMatchObject({ line: String(line), column: String(column) });
  });

  it('request keys: unknown ones, wrong types, typesHeader without header, unknown context keys; no-effect context keys are accepted', async () => {
    const cases: [object, RegExp][] = [
      [{ query: 'SELECT 1', nope: 1 }, /Unrecognized field "nope"/],
      [{ query: 7 }, /SQL text/],
      [{}, /SQL text/],
      [{ query: 'SELECT COUNT(*) FROM testing', resultFormat: 'xml' }, /resultFormat must be one of/],
      [{ query: 'SELECT COUNT(*) FROM testing', typesHeader: true }, /typesHeader can only be set when header is also true/],
      [{ query: 'SELECT COUNT(*) FROM testing', context: { sqlTimeZone: 'Mars/Olympus' } }, /Invalid sqlTimeZone/],
      [{ query: 'SELECT COUNT(*) FROM testing', context: { maxSubqueryRows: 5 } }, /Unsupported context parameter \[maxSubqueryRows\]/],
      [{ query: 'SELECT COUNT(*) FROM testing', context: { useApproximateCountDistinct: false }, parameters: [{ type: 'VARCHAR', value: 'x' }] }, /1 parameters were given but the query has 0 placeholders/],
      [{ query: 'SELECT COUNT(DISTINCT market) FROM testing', context: { useApproximateCountDistinct: false } }, /Exact COUNT\(DISTINCT\)/],
    ];
    for (const [body, message] of cases) {
      const res = await proxy.post('/druid/v2/sql', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errorMessage).toMatch(message);
    }
    const accepted = await proxy.post('/druid/v2/sql', { query: 'SELECT COUNT(*) AS c FROM testing', context: { useCache: false, priority: 1, vectorize: 'force' } });
    expect(accepted.status).toBe(200);
  });

  it('a chain of thousands of NOTs is a 400, not a 500; NOT IN with a value the column cannot hold is a 400', async () => {
    const deep = await proxy.post('/druid/v2/sql', { query: `SELECT COUNT(*) FROM testing WHERE ${'NOT '.repeat(3000)}market = 'spot'` });
    expect(deep.status).toBe(400);
    expect(deep.body.errorMessage).toMatch(/nested too deeply/);
    const cast = await proxy.post('/druid/v2/sql', { query: "SELECT COUNT(*) FROM testing WHERE qualityLong NOT IN ('abc', 1)" });
    expect(cast.status).toBe(400);
    expect(cast.body.errorMessage).toMatch(/NOT IN with a value the column's type cannot hold/);
  });

  it('an unknown table is a 404 naming it', async () => {
    const res = await proxy.post('/druid/v2/sql', { query: 'SELECT COUNT(*) FROM nosuch' });
    expect(res.status).toBe(404);
    expect(res.body.errorMessage).toBe("Object 'nosuch' not found within 'druid'");
  });

  it('parentheses nested past the bound are refused before parsing', async () => {
    const res = await proxy.post('/druid/v2/sql', { query: `SELECT COUNT(*) FROM testing WHERE ${'('.repeat(200)}market = 'x'${')'.repeat(200)}` });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/nested deeper than 64/);
  });

  it('a SELECT without LIMIT matching more rows than one query returns is a 400, not a cut answer; with LIMIT it answers', async () => {
    const res = await proxy.post('/druid/v2/sql', { query: 'SELECT n FROM many' });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/matches 10050 rows, more than the 10000 one query may return: add a LIMIT/);
    const limited = await proxy.post('/druid/v2/sql', { query: 'SELECT n FROM many LIMIT 10' });
    expect(limited.body).toHaveLength(10);
    const over = await proxy.post('/druid/v2/sql', { query: 'SELECT n FROM many LIMIT 9000 OFFSET 2000' });
    expect(over.status).toBe(400);
    expect(over.body.errorMessage).toMatch(/OFFSET \+ LIMIT .* at most 10000/);
  });
});
