/** The engine-side guard: every search body is refused over a bound or made safe, without recursion. */
import { describe, expect, it } from 'vitest';
import { guardEngineBody, depthBound } from '../../../src/policy/engine-guard.js';
import { collapseStars } from '../../../src/policy/engine-patterns.js';
import { defaultLimits, type Limits } from '../../../src/policy/limits.js';
import { ProxyError, type ErrorDetail } from '../../../src/errors/proxy-error.js';

const limits: Limits = defaultLimits;

function refusal(body: Record<string, unknown>, l: Limits = limits): ErrorDetail {
  try {
    guardEngineBody(body, l);
  } catch (e) {
    expect(e).toBeInstanceOf(ProxyError);
    return (e as ProxyError).detail;
  }
  throw new Error('not refused');
}

const nestedBools = (n: number): Record<string, unknown> => {
  let q: Record<string, unknown> = { match_all: {} };
  for (let i = 0; i < n; i++) q = { bool: { must_not: [q] } };
  return { size: 0, query: q };
};

describe('guardEngineBody', () => {
  it('passes an ordinary body through unchanged (a copy)', () => {
    const body = {
      size: 0,
      query: { bool: { filter: [{ term: { brand: 'a' } }, { range: { price: { gte: 1 } } }, { terms: { color: ['red', 'blue'] } }] } },
      aggs: { g: { composite: { size: 10, sources: [{ k: { terms: { field: 'brand' } } }], after: { k: 'x' } }, aggs: { m: { avg: { field: 'price' } } } } },
    };
    const out = guardEngineBody(body, limits);
    expect(out).toEqual(body);
    expect(out).not.toBe(body);
  });

  it('refuses a body nested 100,000 deep without overflowing the stack', () => {
    expect(refusal(nestedBools(100_000))).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth', max: 64 });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal({ query: { terms: { f: deep } } })).toMatchObject({ limit: 'limits.maxDepth' });
  });

  it('holds nesting the translators make for maxDepth levels, and refuses what the engine could not survive', () => {
    expect(() => guardEngineBody(nestedBools(64), limits)).not.toThrow();
    expect(refusal(nestedBools(300))).toMatchObject({ limit: 'limits.maxDepth' });
    // a configured maxDepth never lifts the bound above what the engine survives
    expect(depthBound({ ...limits, maxDepth: 1000 })).toBeLessThanOrEqual(800);
  });

  it('refuses a bool with more than maxClauses clauses, and more in total across nested bools', () => {
    const clauses = (n: number) => Array.from({ length: n }, (_, i) => ({ term: { f: i } }));
    expect(() => guardEngineBody({ query: { bool: { should: clauses(1024) } } }, limits)).not.toThrow();
    expect(refusal({ query: { bool: { should: clauses(1025) } } })).toMatchObject({ kind: 'limit', limit: 'limits.maxClauses', max: 1024 });
    const split = { query: { bool: { filter: [{ bool: { should: clauses(600) } }, { bool: { should: clauses(600) } }] } } };
    expect(refusal(split)).toMatchObject({ limit: 'limits.maxClauses' });
    // separate queries (two aggregation filters) are counted apart, as the engine does
    const apart = { aggs: { a: { filter: { bool: { should: clauses(600) } } }, b: { filter: { bool: { should: clauses(600) } } } } };
    expect(() => guardEngineBody(apart, limits)).not.toThrow();
  });

  it('refuses terms and ids lists over maxTerms', () => {
    const values = Array.from({ length: 10_001 }, (_, i) => i);
    expect(refusal({ query: { terms: { f: values } } })).toMatchObject({ limit: 'limits.maxTerms', max: 10_000 });
    expect(refusal({ query: { ids: { values } } })).toMatchObject({ limit: 'limits.maxTerms' });
    expect(refusal({ aggs: { t: { terms: { field: 'f', include: values } } } })).toMatchObject({ limit: 'limits.maxTerms' });
    expect(() => guardEngineBody({ query: { terms: { f: values.slice(0, 10_000) } } }, limits)).not.toThrow();
  });

  it('refuses a 1,000,000-character wildcard, and every pattern query over maxPatternLength', () => {
    const long = 'a'.repeat(1_000_000);
    expect(refusal({ query: { wildcard: { f: { value: `*${long}*`, case_insensitive: true } } } })).toMatchObject({
      kind: 'limit',
      limit: 'limits.maxPatternLength',
      max: 1000,
    });
    const s = 'x'.repeat(1001);
    for (const q of [
      { wildcard: { f: s } },
      { prefix: { f: { value: s } } },
      { prefix: { f: s } },
      { regexp: { f: { value: s } } },
      { fuzzy: { f: { value: s } } },
      { match_phrase_prefix: { f: { query: s } } },
      { query_string: { query: s } },
    ]) {
      expect(refusal({ query: q })).toMatchObject({ limit: 'limits.maxPatternLength' });
    }
    expect(refusal({ aggs: { t: { terms: { field: 'f', include: s } } } })).toMatchObject({ limit: 'limits.maxPatternLength' });
  });

  it('counts a wildcard as the client wrote it: escapes once, stars not at all', () => {
    const escaped = '\\*'.repeat(1000);
    expect(() => guardEngineBody({ query: { wildcard: { f: { value: `*${escaped}*` } } } }, limits)).not.toThrow();
    const stars = { query: { wildcard: { f: { value: '*'.repeat(10_000) + 'x' } } } };
    expect(guardEngineBody(stars, limits)).toEqual({ query: { wildcard: { f: { value: '*x' } } } });
  });

  it('collapses runs of unescaped stars only', () => {
    expect(collapseStars('a***b**')).toBe('a*b*');
    expect(collapseStars('a\\**b')).toBe('a\\**b');
    expect(collapseStars('a\\***b')).toBe('a\\**b');
    expect(collapseStars('\\\\**')).toBe('\\\\*');
    expect(collapseStars('?*?')).toBe('?*?');
  });

  it('bounds every regexp automaton with max_determinized_states, keeping one already set', () => {
    expect(guardEngineBody({ query: { regexp: { f: { value: 'a.*b', flags: 'ALL' } } } }, limits)).toEqual({
      query: { regexp: { f: { value: 'a.*b', flags: 'ALL', max_determinized_states: 10_000 } } },
    });
    expect(guardEngineBody({ query: { regexp: { f: 'a.*b' } } }, limits)).toEqual({ query: { regexp: { f: { value: 'a.*b', max_determinized_states: 10_000 } } } });
    expect(guardEngineBody({ query: { regexp: { f: { value: 'a', max_determinized_states: 50 } } } }, limits)).toEqual({
      query: { regexp: { f: { value: 'a', max_determinized_states: 50 } } },
    });
  });

  it('does not read field names, aggregation names or values as DSL', () => {
    const body = {
      query: { bool: { filter: [{ term: { regexp: 'x' } }, { range: { wildcard: { gte: '**' } } }] } },
      aggs: { regexp: { terms: { field: 'f' } }, wildcard: { avg: { field: 'g' } } },
      script_fields: { bool: { script: { source: 'doc.x.value', params: { regexp: { value: '**' } } } } },
    };
    expect(guardEngineBody(body, limits)).toEqual(body);
  });

  it('refuses a script source over maxScriptBytes without echoing it', () => {
    const source = 'params.a + '.repeat(10_000) + '1';
    for (const body of [
      { aggs: { m: { sum: { script: { source, lang: 'painless' } } } } },
      { aggs: { g: { terms: { field: 'f' }, aggs: { b: { bucket_script: { buckets_path: {}, script: source } } } } } },
      { query: { bool: { filter: [{ script: { script: { source } } }] } } },
      { sort: [{ _script: { type: 'number', script: { source } } }] },
      { runtime_mappings: { r: { type: 'long', script: { source } } } },
    ]) {
      const d = refusal(body);
      expect(d).toMatchObject({ kind: 'limit', limit: 'limits.maxScriptBytes', max: 65_536 });
      expect(JSON.stringify(d)).not.toContain('params.a');
    }
    expect(() => guardEngineBody({ aggs: { m: { sum: { script: { source: 'doc.x.value * 2' } } } } }, limits)).not.toThrow();
  });
});
