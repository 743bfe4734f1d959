/** Opendatasoft cost bounds, decided from the request tree before anything runs (no engine). */
import { describe, expect, it } from 'vitest';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { parseRequest } from '../../../translators/opendatasoft/parse.js';
import { renderOdsError } from '../../../translators/opendatasoft/errors.js';
import { parseExpression, ExpressionLimit } from '../../../translators/opendatasoft/syntax.js';
import { defaultLimits, type Limits } from '../../../src/policy/limits.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';
import { mappings } from './fixtures.js';

const schema = schemaFromMapping('sales', { ...mappings.sales.properties, ...mappings.values.properties });

function refusal(body: unknown, limits: Limits = defaultLimits): ErrorDetail | undefined {
  try {
    parseRequest(body, schema, limits);
    return undefined;
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
}

/** The ODS error body a request gets. */
function answer(body: unknown, limits: Limits = defaultLimits): { status: number; body: { error_code: string; message: string } } | undefined {
  const d = refusal(body, limits);
  return d && (renderOdsError(d) as { status: number; body: { error_code: string; message: string } });
}

const grp = (expr: string, aggregates: Record<string, string> = { n: 'COUNT()' }) => ({ aggregations: { a: { group_by: [{ name: 'g', expr }], aggregates } } });
const agg = (aggregates: Record<string, string>, extra: object = {}) => ({ ...extra, aggregations: { a: { aggregates } } });
const limit = (name: string, pointer: string, offset?: number) => ({
  kind: 'limit',
  limit: `limits.${name}`,
  at: { pointer, ...(offset !== undefined ? { position: { offset, line: 1, column: offset + 1 } } : {}) },
});

describe('range() buckets, from the arguments only', () => {
  it.each(['1e308', '1000000000', '1000000'])('refuses equi(%s) with TooManyGroups', (n) => {
    const r = answer(grp(`range(sales_count, equi(${n}))`));
    expect(r?.status).toBe(400);
    expect(r?.body.error_code).toBe('TooManyGroups');
    expect(r?.body.message).toContain('limits.maxBuckets (500000)');
    expect(r?.body.message).toContain('(at aggregations.a.group_by.0.expr, character 20)');
  });

  it.each(['1e999', '2.5', '-3', '0'])('refuses a count of ranges equi(%s) that is no whole number of at least 1', (n) => {
    expect(answer(grp(`range(sales_count, equi(${n}))`))?.body.error_code).toBe('ODSQLError');
  });

  it('refuses boundaries that are not finite or too far apart to divide', () => {
    expect(answer(grp('range(sales_count, equi(5, 0, 1e999))'))?.body.message).toContain('number 1e999 is out of range');
    expect(answer(grp('range(sales_count, equi(5, -1e308, 1e308))'))?.body.message).toContain('too far apart');
    expect(answer(grp('range(sales_count, static([0, 1e999]))'))?.body.message).toContain('number 1e999 is out of range');
  });

  it('refuses 100,000 static() cuts: over maxBuckets when it is lower, else over maxEngineSearches', () => {
    const cuts = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
    expect(refusal(grp(`range(sales_count, static([${cuts}]))`), { ...defaultLimits, maxBuckets: 50_000 })).toMatchObject(limit('maxBuckets', '/aggregations/a/group_by/0/expr', 19));
    expect(refusal(grp(`range(sales_count, static([${cuts}]))`))).toMatchObject(limit('maxEngineSearches', '/aggregations/a/group_by/0/expr'));
  });

  it('counts one engine search per 1,000 range combinations (plus the probe) and refuses over maxEngineSearches', () => {
    // equi(N) may make N + 2 ranges, asked 1,000 to a search; with the probe 63 × 1,000 fit in 64 searches
    expect(refusal(grp('range(sales_count, equi(62998))'))).toBeUndefined();
    const r = answer(grp('range(sales_count, equi(62999))'));
    expect(r?.body.error_code).toBe('QueryTooComplex');
    expect(r?.body.message).toContain('limits.maxEngineSearches (64)');
    // two range groups multiply
    const two = { aggregations: { a: { group_by: [{ name: 'x', expr: 'range(sales_count, equi(298))' }, { name: 'y', expr: 'range(sales_amount, equi(298))' }], aggregates: { n: 'COUNT()' } } } };
    expect(refusal(two)).toMatchObject(limit('maxEngineSearches', '/aggregations/a/group_by/1/expr'));
  });
});

describe('request size', () => {
  it('refuses 10,000 aggregations with maxAggregations before parsing any of them', () => {
    const aggregations = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`a${i}`, { aggregates: { n: 'COUNT()' } }]));
    const r = answer({ aggregations });
    expect(r?.body).toEqual({ error_code: 'QueryTooComplex', message: 'Aggregations in one request: over limits.maxAggregations (1000) (at aggregations)' });
  });

  it('refuses more group_by items and aggregates in all than maxAggregations', () => {
    const aggregates = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`n${i}`, 'COUNT()']));
    expect(refusal({ aggregations: { a: { aggregates }, b: { aggregates } } })).toMatchObject(limit('maxAggregations', '/aggregations/b'));
  });

  it('bounds the percents of one PERCENTILES() call with maxAggregations', () => {
    const percents = Array.from({ length: 10_000 }, (_, i) => i / 100).join(', ');
    const text = `PERCENTILES(sales_count, [${percents}])`;
    expect(refusal(agg({ p: text }))).toMatchObject(limit('maxAggregations', '/aggregations/a/aggregates/p', 25));
    expect(refusal(agg({ p: 'PERCENTILES(sales_count)' }))).toBeUndefined();
  });

  it('refuses an aggregate expression over maxExpressionNodes', () => {
    const wide = Array.from({ length: 600 }, () => '(COUNT() + 1)').join(' * ');
    expect(answer(agg({ n: wide }))?.body.message).toContain('limits.maxDepth');
    // a balanced tree stays shallow but large
    let e = 'COUNT()';
    for (let i = 0; i < 10; i++) e = `(${e} + ${e})`;
    expect(refusal(agg({ n: e }))).toMatchObject(limit('maxExpressionNodes', '/aggregations/a/aggregates/n'));
  });

  it('refuses a date() format over maxPatternLength', () => {
    const r = refusal(grp(`date(sales_date, '${'y'.repeat(1001)}')`));
    expect(r).toMatchObject(limit('maxPatternLength', '/aggregations/a/group_by/0/expr', 17));
  });
});

describe('expression depth', () => {
  it.each([
    ['parentheses', `${'('.repeat(5000)}COUNT()${')'.repeat(5000)}`],
    ['signs', `${'-'.repeat(5000)}COUNT()`],
    ['plus signs', `${'+'.repeat(5000)}COUNT()`],
    ['a flat chain', Array(5000).fill('COUNT()').join(' + ')],
    ['nested calls', `${'SUM('.repeat(5000)}sales_count${')'.repeat(5000)}`],
    ['nested lists', `PERCENTILES(sales_count, ${'['.repeat(5000)}50${']'.repeat(5000)})`],
  ])('answers 5,000-deep %s with a 400 naming maxDepth', (_what, text) => {
    const r = answer(agg({ n: text }));
    expect(r?.status).toBe(400);
    expect(r?.body.error_code).toBe('QueryTooComplex');
    expect(r?.body.message).toMatch(/Expression nesting: over limits\.maxDepth \(64\) \(at aggregations\.a\.aggregates\.n, character \d+\)/);
  });

  it('refuses deep group_by and virtual-field expressions too', () => {
    expect(refusal(grp(`${'('.repeat(5000)}sales_count${')'.repeat(5000)}`))).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth', at: { pointer: '/aggregations/a/group_by/0/expr' } });
    expect(refusal(agg({ n: 'SUM(v)' }, { virtual_fields: { v: `${'('.repeat(5000)}1${')'.repeat(5000)}` } }))).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth', at: { pointer: '/virtual_fields/v' } });
  });

  it('keeps ordinary nesting', () => {
    expect(parseExpression(`${'('.repeat(60)}1${')'.repeat(60)}`)).toMatchObject({ kind: 'number', value: 1 });
    expect(() => parseExpression(`${'('.repeat(65)}1${')'.repeat(65)}`)).toThrow(ExpressionLimit);
  });
});

describe('virtual fields', () => {
  it('refuses fields that double at each level (expanded size over maxExpressionNodes)', () => {
    const virtual_fields: Record<string, string> = { v0: 'sales_count + sales_count' };
    for (let i = 1; i <= 30; i++) virtual_fields[`v${i}`] = `v${i - 1} * v${i - 1}`;
    const d = refusal(agg({ n: 'SUM(v30)' }, { virtual_fields }));
    // v0 has 3 nodes, v8 spelled out 2^10 - 1 = 1023
    expect(d).toMatchObject(limit('maxExpressionNodes', '/virtual_fields/v8', 0));
  });

  it('refuses a chain of 5,000 virtual fields with maxDepth, not a stack overflow', () => {
    const virtual_fields: Record<string, string> = { v0: 'sales_count' };
    for (let i = 1; i < 5000; i++) virtual_fields[`v${i}`] = `v${i - 1} + 1`;
    const d = refusal(agg({ n: 'SUM(v4999)' }, { virtual_fields }));
    expect(d).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
    // the same chain defined last-to-first is resolved by recursion, bounded too
    const reversed = Object.fromEntries(Object.entries(virtual_fields).reverse());
    expect(refusal(agg({ n: 'SUM(v4999)' }, { virtual_fields: reversed }))).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
  });

  it('keeps fields that share a small sub-expression', () => {
    expect(refusal(agg({ n: 'SUM(c)' }, { virtual_fields: { a: 'sales_count * 2', b: 'a + a', c: 'b * b - a' } }))).toBeUndefined();
  });
});
