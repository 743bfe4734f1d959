/** Every independent problem of one ODS request is reported, once each, with its path and character (no engine). */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { parseRequest } from '../../../translators/opendatasoft/parse.js';
import { renderOdsError } from '../../../translators/opendatasoft/errors.js';
import { ProxyError, type Diagnostic } from '../../../src/errors/proxy-error.js';
import { mappings } from './fixtures.js';

const schema = schemaFromMapping('sales', { ...mappings.sales.properties, ...mappings.values.properties });

function problems(body: unknown): readonly Diagnostic[] {
  try {
    parseRequest(body, schema);
  } catch (e) {
    if (e instanceof ProxyError && e.detail.kind === 'invalid_request') return e.detail.diagnostics ?? [{ message: e.detail.message, at: e.detail.at }];
    throw e;
  }
  return [];
}

describe('opendatasoft error collection', () => {
  it('a request with three problems gets three errors, each at its clause', () => {
    const body = {
      aggregations: {
        a: {
          group_by: [{ name: 'g', expr: "date(sales_count, 'yyyy')" }],
          aggregates: { n: 'SUMM(sales_count)', m: 'SUM(foo)', ok: 'COUNT()' },
        },
      },
    };
    const found = problems(body);
    expect(found.map((p) => [p.at.pointer, p.at.position?.column, p.rule])).toEqual([
      ['/aggregations/a/group_by/0/expr', 6, 'ODSQLError'],
      ['/aggregations/a/aggregates/n', 1, 'ODSQLError'],
      ['/aggregations/a/aggregates/m', 5, 'ODSQLError'],
    ]);
    const d = new ProxyError({ kind: 'invalid_request', message: found[0]!.message, at: found[0]!.at, diagnostics: found });
    const r = renderOdsError(d.detail) as { status: number; body: { error_code: string; message: string; errors: { error_code: string; message: string }[] } };
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('(at aggregations.a.group_by.0.expr, character 6)');
    expect(r.body.errors.map((e) => e.message)).toEqual([
      "date() expects a date field, 'sales_count' is not a date (at aggregations.a.group_by.0.expr, character 6)",
      'Unknown function: SUMM (at aggregations.a.aggregates.n, character 1)',
      'Unknown field: foo (at aggregations.a.aggregates.m, character 5)',
    ]);
  });

  it('collects across virtual fields and aggregations', () => {
    const body = {
      virtual_fields: { 'bad name': '1', v: 'SUM(sales_count)' },
      aggregations: { a: { aggregates: { n: 'COUNT(', k: 'SUM(v)' } }, b: { aggregates: { x: 5 } } },
    };
    expect(problems(body).map((p) => p.at.pointer)).toEqual([
      '/virtual_fields/bad name',
      '/virtual_fields/v',
      '/aggregations/a/aggregates/n',
      '/aggregations/b/aggregates/x',
    ]);
  });

  it('a failed virtual field is reported once, not again where it is used', () => {
    const body = { virtual_fields: { a: 'b + 1', b: 'a * 2', c: 'a + b' }, aggregations: { x: { group_by: ['a'], aggregates: { s: 'SUM(c)' } } } };
    expect(problems(body).map((p) => [p.at.pointer, p.message])).toEqual([['/virtual_fields/b', "virtual field 'a' refers to itself"]]);
  });

  it('a single problem keeps the plain ODS body', () => {
    const found = problems({ aggregations: { a: { aggregates: { n: 'SUM(foo)' } } } });
    expect(found).toHaveLength(1);
    const r = renderOdsError({ kind: 'invalid_request', message: found[0]!.message, at: found[0]!.at, rule: 'ODSQLError', diagnostics: found });
    expect(Object.keys(r.body as object).sort()).toEqual(['error_code', 'message']);
  });
});
