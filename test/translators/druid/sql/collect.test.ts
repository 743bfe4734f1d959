/**
 * Druid SQL planning reports every independent problem of a query (no engine), through the dialect
 * contract (parse, then lower) and the SQL error renderer: each select item, GROUP BY item, WHERE
 * conjunct, HAVING, ORDER BY item, LIMIT and aggregate call on its own, each with its line and
 * column; what only fails because of an earlier problem is not reported again; a query with one
 * problem answers exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../../src/ir/schema.js';
import { buildConfig } from '../../../../src/catalog/config.js';
import { Catalog } from '../../../../src/catalog/catalog.js';
import { ANONYMOUS } from '../../../../src/auth/access.js';
import { ProxyError, type ErrorDetail } from '../../../../src/errors/proxy-error.js';
import type { QueryRoute } from '../../../../src/dialect/contract.js';
import { druidSqlDialect } from '../../../../translators/druid/sql/dialect.js';
import { renderDruidSqlError } from '../../../../translators/druid/sql/errors.js';
import { ILLEGAL_ARGUMENT, UNSUPPORTED_OPERATION } from '../../../../translators/druid/collect.js';
import { dialectRequest } from '../../../golden/contract.js';
import { mapping, testingOptions } from '../fixtures.js';

const schema = schemaFromMapping('testing', mapping.properties);
const config = buildConfig({ datasets: { testing: { index: 'testing', ...testingOptions } } });
const dataset = new Catalog(config).resolve('testing', ANONYMOUS);
const route = druidSqlDialect.routes[0] as QueryRoute<unknown>;

/** The error parsing or lowering `body` throws. */
function refusal(body: object): ErrorDetail {
  const http = dialectRequest({ path: '/druid/v2/sql', body }, {});
  try {
    const parsed = route.parse(http, config);
    route.lower(parsed.request, { dataset, schema, config, http });
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
  throw new Error('planned without a problem');
}

const rendered = (query: string, more: object = {}) => druidSqlDialect.renderError(refusal({ query, ...more })) as { status: number; body: Record<string, unknown> };

/** Each problem's message and its line and column. */
function problems(query: string, more: object = {}): [string, number, number][] {
  const d = refusal({ query, ...more });
  const all = d.kind === 'invalid_request' ? (d.diagnostics ?? [d]) : [];
  return all.map((x) => [x.message, x.at.position?.line ?? 0, x.at.position?.column ?? 0]);
}

describe('Druid SQL planning collects', () => {
  it('a SELECT with three independent problems answers 400 with all three, each at its line and column', () => {
    const query = 'SELECT market, nope, COUNT(*) AS n\nFROM testing\nWHERE UPPER(market) = \'X\'\nGROUP BY market\nORDER BY quality';
    expect(problems(query)).toEqual([
      ["Expression 'nope' is not being grouped (line [1], column [16])", 1, 16],
      ["The expression ['X'] in WHERE (only a column or an output name compared with literals is) is not supported by this Druid SQL endpoint (line [3], column [23])", 3, 23],
      ['ORDER BY [quality] (an output column, a group key or an aggregate is expected) is not supported by this Druid SQL endpoint (line [5], column [10])', 5, 10],
    ]);
    const r = rendered(query);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: 'druidException',
      errorCode: 'invalidInput',
      category: 'INVALID_INPUT',
      persona: 'USER',
      // the first problem's context, as it would be alone
      context: { sourceType: 'sql', line: '1', column: '16' },
      errorClass: 'org.apache.calcite.tools.ValidationException',
    });
    expect(r.body.errorMessage).toBe(
      "3 problems: Expression 'nope' is not being grouped (line [1], column [16]); " +
        "The expression ['X'] in WHERE (only a column or an output name compared with literals is) is not supported by this Druid SQL endpoint (line [3], column [23]); " +
        'ORDER BY [quality] (an output column, a group key or an aggregate is expected) is not supported by this Druid SQL endpoint (line [5], column [10])',
    );
  });

  it('a failed select item is not reported again by GROUP BY, ORDER BY or HAVING naming it', () => {
    // `nope` fails once (as a group key); its select item, the ordinal, the alias and HAVING say nothing more
    expect(problems('SELECT nope AS x, SUM(market) AS s FROM testing GROUP BY 1 HAVING s > 1 ORDER BY x, s, 2')).toEqual([
      ["Column 'nope' not found in any table (line [1], column [8])", 1, 8],
      ["Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR>)' (line [1], column [23])", 1, 23],
    ]);
    // an unsupported GROUP BY: no select item is "not being grouped" because of it
    expect(problems("SELECT market, STDDEV(\"index\") FROM testing GROUP BY market, UPPER(placement) LIMIT -1")).toEqual([
      ['GROUP BY the expression [UPPER(placement)] (columns, time buckets and time parts are supported) is not supported by this Druid SQL endpoint (line [1], column [62])', 1, 62],
      ['The aggregate function STDDEV is not supported by this Druid SQL endpoint (line [1], column [16])', 1, 16],
      ['LIMIT must be a non-negative integer (line [1], column [79])', 1, 79],
    ].map(([m, l, c]) => [m, l, c] as [string, number, number]));
  });

  it('each aggregate call of an expression, each WHERE conjunct and the time conditions on their own', () => {
    expect(problems("SELECT SUM(market) + STDDEV(\"index\") FROM testing WHERE nope = 1 AND __time >= 'soon' AND other = 2")).toEqual([
      ["Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR>)' (line [1], column [12])", 1, 12],
      ['The aggregate function STDDEV is not supported by this Druid SQL endpoint (line [1], column [22])', 1, 22],
      ["Column 'nope' not found in any table (line [1], column [57])", 1, 57],
      ["Column 'other' not found in any table (line [1], column [91])", 1, 91],
      ["Cannot cast [soon] to TIMESTAMP (line [1], column [80])", 1, 80],
    ]);
  });

  it('a non-aggregating SELECT: each item, WHERE and ORDER BY', () => {
    expect(problems('SELECT market, UPPER(market), nope FROM testing WHERE x = 1 ORDER BY placement')).toEqual([
      ['The expression [UPPER(market)] in a non-aggregating SELECT (columns only) is not supported by this Druid SQL endpoint (line [1], column [16])', 1, 16],
      ["Column 'nope' not found in any table (line [1], column [31])", 1, 31],
      ["Column 'x' not found in any table (line [1], column [55])", 1, 55],
      ['ORDER BY on anything but __time in a non-aggregating SELECT is not supported by this Druid SQL endpoint (line [1], column [70])', 1, 70],
    ]);
  });

  it('each refused clause and each bad parameter on its own', () => {
    const r = rendered('SELECT market, COUNT(*) OVER (PARTITION BY market) FROM testing JOIN other ON testing.market = other.market');
    expect(r.body.errorMessage).toBe(
      '2 problems: Window functions (OVER) is not supported by this Druid SQL endpoint (line [1], column [16]); JOIN is not supported by this Druid SQL endpoint (line [1], column [65])',
    );
    expect(r.body).toMatchObject({ errorCode: 'unsupported', category: 'UNSUPPORTED', context: { line: '1', column: '16' } });
    expect(problems('SELECT COUNT(*) FROM testing WHERE __time >= ? AND __time < ? AND market = ?', { parameters: [{ type: 'TIMESTAMP', value: 'x' }, { type: 'TIMESTAMP', value: 'y' }] })).toEqual([
      ['Parameter at position [0] is not a valid TIMESTAMP (line [1], column [46])', 1, 46],
      ['Parameter at position [1] is not a valid TIMESTAMP (line [1], column [61])', 1, 61],
      ['Parameter at position [2] is not bound (line [1], column [76])', 1, 76],
    ]);
  });

  it('a query with one problem answers exactly as before: the error itself, no count', () => {
    const d = refusal({ query: 'SELECT market, COUNT(*) FROM testing GROUP BY market ORDER BY 7' });
    expect(d).toEqual({ kind: 'invalid_request', message: 'Ordinal out of range: 7 (line [1], column [63])', at: { pointer: '/query', position: { offset: 62, line: 1, column: 63 } }, rule: 'invalidInput' });
    expect(rendered('SELECT nope FROM testing').body).toEqual({
      error: 'druidException',
      errorCode: 'invalidInput',
      persona: 'USER',
      category: 'INVALID_INPUT',
      errorMessage: "Column 'nope' not found in any table (line [1], column [8])",
      context: { sourceType: 'sql', line: '1', column: '8' },
      errorClass: 'org.apache.calcite.tools.ValidationException',
      host: null,
    });
    // one aggregate call written twice (SELECT and ORDER BY) is one problem
    expect(problems('SELECT market, SUM(market) FROM testing GROUP BY market ORDER BY SUM(market)')).toHaveLength(1);
  });

  it('native lowering\'s several problems render the same way, the first naming code and category', () => {
    const r = renderDruidSqlError({
      kind: 'invalid_request',
      message: 'Unsupported: a',
      at: { pointer: '/dimensions/0' },
      rule: UNSUPPORTED_OPERATION,
      diagnostics: [
        { message: 'Unsupported: a', at: { pointer: '/dimensions/0' }, rule: UNSUPPORTED_OPERATION },
        { message: "Field 'b' does not exist", at: { pointer: '/aggregations/0/fieldName' }, rule: ILLEGAL_ARGUMENT },
      ],
    }) as { status: number; body: Record<string, unknown> };
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      errorCode: 'unsupported',
      category: 'UNSUPPORTED',
      errorMessage: "2 problems: Unsupported: a (at /dimensions/0); Field 'b' does not exist (at /aggregations/0/fieldName)",
      context: { pointer: '/dimensions/0' },
    });
  });

  it('inside one part too: the operands of AND and OR, a time bucket\'s arguments, the FROM', () => {
    expect(problems("SELECT COUNT(*) FROM testing WHERE (a = 1 OR b = 2) AND market = 'x'")).toEqual([
      ["Column 'a' not found in any table (line [1], column [37])", 1, 37],
      ["Column 'b' not found in any table (line [1], column [46])", 1, 46],
    ]);
    expect(problems("SELECT TIME_FLOOR(__time, 'P1X', 5, 'Mars/Olympus'), COUNT(*) FROM testing GROUP BY 1").map((p) => p[0])).toEqual([
      'TIME_FLOOR with an origin is not supported by this Druid SQL endpoint (line [1], column [34])',
      'Invalid time zone [\'Mars/Olympus\'] (line [1], column [37])',
      "Invalid period [P1X]: an ISO-8601 period like 'P1D' or 'PT1H' is expected (line [1], column [27])",
    ]);
    expect(problems('SELECT COUNT(*) FROM testing AS t, other JOIN x ON 1 = 1').map((p) => p[0].replace(/ is not supported.*/, ''))).toEqual(['JOIN', 'A FROM with several tables', 'A table alias']);
  });

  it('a column named like an Object property is unknown, not inherited', () => {
    expect(problems('SELECT "constructor", COUNT(*) FROM testing GROUP BY 1').map((p) => p[0])).toEqual(["Column 'constructor' not found in any table (line [1], column [8])"]);
    expect(problems('SELECT COUNT(*) FROM testing WHERE "toString" = \'x\'').map((p) => p[0])).toEqual(["Column 'toString' not found in any table (line [1], column [36])"]);
  });
});
