/** Shopware cost bounds, checked on the raw criteria before anything is parsed or built (no engine). */
import { describe, expect, it } from 'vitest';
import { parseCriteria } from '../../../translators/shopware/parse.js';
import { defaultLimits, type Limits } from '../../../src/policy/limits.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';

/** The error a criteria gets, or undefined when it parses. */
function refusal(body: unknown, limits: Limits = defaultLimits): ErrorDetail | undefined {
  try {
    parseCriteria(body, limits);
    return undefined;
  } catch (e) {
    if (e instanceof ProxyError) return e.detail;
    throw e;
  }
}

const limit = (name: string, pointer: string) => ({ kind: 'limit', limit: `limits.${name}`, at: { pointer } });

/** `type` filters nested `depth` deep around an equals filter. */
function nested(type: string, depth: number): unknown {
  let f: unknown = { type: 'equals', field: 'stock', value: 1 };
  for (let i = 0; i < depth; i++) f = { type, queries: [f] };
  return f;
}

function chain(depth: number): unknown {
  let a: unknown = { name: 'leaf', type: 'avg', field: 'stock' };
  for (let i = 0; i < depth; i++) a = { name: `t${i}`, type: 'terms', field: 'stock', aggregation: a };
  return a;
}

const pointerAtDepth = (base: string, seg: string, depth: number) => base + seg.repeat(depth);

describe('shopware cost bounds', () => {
  it('passes an ordinary criteria', () => {
    expect(refusal({ filter: [nested('multi', 10)], limit: 10, aggregations: [chain(5)] })).toBeUndefined();
  });

  it.each(['multi', 'not', 'or', 'nand'])('refuses %s filters 5,000 deep with maxDepth', (type) => {
    const d = refusal({ filter: [nested(type, 5000)] });
    // the first level over the bound: depth 65 is 64 `queries/0` below the list item
    expect(d).toMatchObject(limit('maxDepth', pointerAtDepth('/filter/0', '/queries/0', 64)));
  });

  it('accepts filters exactly maxDepth deep', () => {
    expect(refusal({ filter: [nested('not', 63)] })).toBeUndefined();
  });

  it('bounds post-filter and score queries too', () => {
    expect(refusal({ 'post-filter': [nested('multi', 100)] })).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
    expect(refusal({ query: [{ score: 1, query: nested('multi', 100) }] })).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
    expect((refusal({ query: [{ score: 1, query: nested('multi', 100) }] }) as { at: { pointer: string } }).at.pointer).toMatch(/^\/query\/0\/query\/queries\/0/);
  });

  it('refuses nested aggregations 5,000 deep with maxDepth', () => {
    const d = refusal({ aggregations: [chain(5000)] });
    expect(d).toMatchObject(limit('maxDepth', pointerAtDepth('/aggregations/0', '/aggregation', 64)));
  });

  it('refuses filters inside a filter aggregation nested too deep', () => {
    const a = { name: 'f', type: 'filter', filter: [nested('multi', 70)], aggregation: { name: 'x', type: 'avg', field: 'stock' } };
    expect(refusal({ aggregations: [a] })).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth' });
  });

  it('refuses equalsAny values and ids over maxTerms, as lists and as |-joined strings', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => i);
    expect(refusal({ filter: [{ type: 'equalsAny', field: 'stock', value: many }] })).toMatchObject(limit('maxTerms', '/filter/0/value'));
    expect(refusal({ filter: [{ type: 'equalsAny', field: 'stock', value: many.join('|') }] })).toMatchObject(limit('maxTerms', '/filter/0/value'));
    expect(refusal({ ids: many.map(String) })).toMatchObject(limit('maxTerms', '/ids'));
    expect(refusal({ ids: many.join('|') })).toMatchObject(limit('maxTerms', '/ids'));
    expect(refusal({ ids: many.slice(1).map(String) })).toBeUndefined();
  });

  it.each(['contains', 'prefix', 'suffix', 'equals'])('refuses a %s value over maxPatternLength', (type) => {
    const f = (n: number) => ({ filter: [{ type: 'multi', queries: [{ type, field: 'name', value: 'x'.repeat(n) }] }] });
    expect(refusal(f(1_001))).toMatchObject(limit('maxPatternLength', '/filter/0/queries/0/value'));
    expect(refusal(f(1_000))).toBeUndefined();
  });

  it('refuses an equalsAny with a value over maxPatternLength', () => {
    expect(refusal({ filter: [{ type: 'equalsAny', field: 'name', value: ['a', 'x'.repeat(5000)] }] })).toMatchObject(limit('maxPatternLength', '/filter/0/value/1'));
  });

  it('refuses a multi of more branches, or more filters in all, than maxClauses', () => {
    const leaf = { type: 'equals', field: 'stock', value: 1 };
    expect(refusal({ filter: [{ type: 'multi', operator: 'or', queries: Array(1025).fill(leaf) }] })).toMatchObject(limit('maxClauses', '/filter/0/queries'));
    expect(refusal({ filter: Array(1025).fill(leaf) })).toMatchObject(limit('maxClauses', '/filter/1024'));
  });

  it('refuses more top-level aggregations than maxEngineSearches (one engine query each)', () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${i}`, type: 'terms', field: 'stock' }));
    expect(refusal({ aggregations: terms(1000) })).toMatchObject(limit('maxEngineSearches', '/aggregations'));
    expect(refusal({ aggregations: terms(63) })).toBeUndefined();
    // a later entry of the same name replaces the earlier one: one query
    expect(refusal({ aggregations: Array(1000).fill({ name: 'same', type: 'terms', field: 'stock' }) })).toBeUndefined();
  });

  it('refuses more aggregations in all (nested ones and ranges included) than maxAggregations', () => {
    const few: Limits = { ...defaultLimits, maxAggregations: 10 };
    expect(refusal({ aggregations: [chain(10)] }, few)).toMatchObject(limit('maxAggregations', pointerAtDepth('/aggregations/0', '/aggregation', 10)));
    const ranges = (n: number) => ({ aggregations: [{ name: 'r', type: 'range', field: 'stock', ranges: Array.from({ length: n }, (_, i) => ({ from: i, to: i + 1 })) }] });
    expect(refusal(ranges(5000))).toMatchObject(limit('maxAggregations', '/aggregations/0/ranges'));
    expect(refusal(ranges(999))).toBeUndefined();
  });

  it('refuses a range aggregation with more ranges than maxBuckets', () => {
    const small: Limits = { ...defaultLimits, maxBuckets: 100 };
    const body = { aggregations: [{ name: 'r', type: 'range', field: 'stock', ranges: Array.from({ length: 101 }, (_, i) => ({ to: i })) }] };
    expect(refusal(body, small)).toMatchObject(limit('maxBuckets', '/aggregations/0/ranges'));
  });

  it('refuses a sort list longer than maxSortKeys, as a list and as a comma-joined string, naming the first key over', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ field: i % 2 ? 'stock' : 'name', order: 'DESC' }));
    expect(refusal({ sort: keys(10_000) })).toMatchObject({ ...limit('maxSortKeys', '/sort/100'), max: 100, message: 'Sortings in one criteria: over limits.maxSortKeys (100)' });
    expect(refusal({ sort: Array(101).fill('-stock').join(',') })).toMatchObject(limit('maxSortKeys', '/sort/100'));
    expect(refusal({ sort: keys(100) })).toBeUndefined();
    expect(refusal({ sort: keys(3) }, { ...defaultLimits, maxSortKeys: 2 })).toMatchObject(limit('maxSortKeys', '/sort/2'));
  });

  it('refuses more include field names in all than maxTerms, naming the first one over', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);
    expect(refusal({ includes: { product: names(10_001) } })).toMatchObject(limit('maxTerms', '/includes/product/10000'));
    expect(refusal({ includes: { product: names(6000), 'a/b': names(4001) } })).toMatchObject(limit('maxTerms', '/includes/a~1b/4000'));
    expect(refusal({ includes: { product: names(6000), product_manufacturer: names(4000) } })).toBeUndefined();
  });

  it.each([
    [{ limit: 1e308 }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ limit: 2 ** 53 }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ limit: '99999999999999999999' }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ limit: 1.5 }, 'FRAMEWORK__INVALID_LIMIT_QUERY', '/limit'],
    [{ page: 1e308 }, 'FRAMEWORK__INVALID_PAGE_QUERY', '/page'],
    [{ page: -1e308 }, 'FRAMEWORK__INVALID_PAGE_QUERY', '/page'],
  ])('refuses %j outside the integer range, naming the key', (body, rule, pointer) => {
    expect(refusal(body)).toMatchObject({ kind: 'invalid_request', rule, at: { pointer } });
  });
});

describe('shopware cost bounds: term, grouping, fields, associations', () => {
  it('bounds the term by the wildcard pattern length, grouping and fields by maxTerms', () => {
    expect(refusal({ term: 'x'.repeat(defaultLimits.maxWildcardPatternLength + 1) })).toMatchObject(limit('maxWildcardPatternLength', '/term'));
    expect(refusal({ term: 'x'.repeat(defaultLimits.maxWildcardPatternLength) })).toBeUndefined();
    expect(refusal({ grouping: Array.from({ length: defaultLimits.maxTerms + 1 }, () => 'stock') })).toMatchObject(limit('maxTerms', '/grouping'));
    expect(refusal({ fields: Array.from({ length: defaultLimits.maxTerms + 1 }, () => 'stock') })).toMatchObject(limit('maxTerms', '/fields'));
  });

  it("counts an association's filters with the request's, and bounds its sortings", () => {
    const many = Array.from({ length: defaultLimits.maxClauses + 1 }, () => ({ type: 'equals', field: 'name', value: 'x' }));
    expect(refusal({ associations: { categories: { filter: many } } })?.kind).toBe('limit');
    const sorts = Array.from({ length: defaultLimits.maxSortKeys + 1 }, () => ({ field: 'name' }));
    expect(refusal({ associations: { categories: { sort: sorts } } })).toMatchObject(limit('maxSortKeys', `/associations/categories/sort/${defaultLimits.maxSortKeys}`));
    expect(refusal({ associations: { categories: { associations: { media: { filter: many } } } } })?.kind).toBe('limit');
  });
});
