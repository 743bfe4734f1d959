/**
 * The last line before the engine: every search body, whatever dialect built it, is walked once by
 * `guardEngineBody` before it is sent (src/backend/engine-client.ts). The translators refuse what is
 * over a bound in the client's own terms; this guard holds even when one of them misses a case, so no
 * body can take the engine down (nesting that overflows its stack, automata that exhaust its heap,
 * clause and term counts it would refuse anyway, series it would build in full).
 *
 * The walk is iterative (an explicit stack): a body nested 100,000 deep is refused, never a stack
 * overflow in the proxy. It returns a copy, made safe: `regexp` queries carry
 * `max_determinized_states`, runs of `*` in wildcards are one `*`. Histograms that would build an
 * empty-bucket series longer than `maxBuckets` are refused (src/policy/engine-histogram.ts).
 */
import type { Limits } from './limits.js';
import { limitError } from './refuse.js';
import { guardPattern, PATTERN_QUERIES, checkPatternLength } from './engine-patterns.js';
import { guardHistogram } from './engine-histogram.js';

/**
 * Depth bound, in JSON levels of the engine body. A client's structure may nest `maxDepth` deep; each
 * of its levels becomes up to 3 JSON levels in the engine body (`{bool: {must_not: [ … ]}}`), and the
 * proxy wraps it in a few more (tenant filter, `query`, aggregation names, `aggs`): 4 × maxDepth + 32
 * holds every legal request. The ceiling stays far below what the engine survives (300 nested bools,
 * about 900 JSON levels, pass; 600 kill OpenSearch with a StackOverflowError), whatever maxDepth says.
 */
export function depthBound(limits: Limits): number {
  return Math.min(limits.maxDepth * 4 + 32, 800);
}

/** How the keys of an object are read. */
type Role =
  /** query DSL / aggregation keywords */
  | 'dsl'
  /** names chosen by the proxy or the client (aggregation names, runtime fields); values are DSL */
  | 'names'
  /** values: only nesting is checked */
  | 'data';

/** Keys whose value is a map of names. */
const NAMED = new Set(['aggs', 'aggregations', 'runtime_mappings', 'script_fields', 'sources']);
/** Keys whose value holds field names and values, or the client's data, not DSL. */
const DATA = new Set(['term', 'range', 'match', 'match_phrase', 'exists', 'params', 'after', '_source', 'meta', 'missing']);
/** Keys holding a Painless script. */
const SCRIPTS = new Set(['script', 'init_script', 'map_script', 'combine_script', 'reduce_script']);
const BOOL_CLAUSES = ['must', 'should', 'filter', 'must_not'] as const;

interface Frame {
  readonly src: unknown;
  readonly put: (v: unknown) => void;
  readonly depth: number;
  readonly role: Role;
  /** clauses so far in the outermost bool this value is inside (the engine counts per query tree) */
  readonly clauses: { n: number } | undefined;
}

export function guardEngineBody<T extends Record<string, unknown>>(body: T, limits: Limits): T {
  const maxDepth = depthBound(limits);
  let root: unknown;
  const stack: Frame[] = [{ src: body, put: (v) => (root = v), depth: 1, role: 'dsl', clauses: undefined }];
  for (let f = stack.pop(); f !== undefined; f = stack.pop()) {
    const { src, depth } = f;
    if (typeof src !== 'object' || src === null) {
      f.put(src);
      continue;
    }
    if (depth > maxDepth) throw limitError('maxDepth', limits.maxDepth, 'the query nests too deeply');
    if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length);
      f.put(out);
      for (let i = 0; i < src.length; i++) stack.push({ src: src[i], put: (v) => (out[i] = v), depth: depth + 1, role: f.role, clauses: f.clauses });
      continue;
    }
    const out: Record<string, unknown> = {};
    f.put(out);
    for (const [key, value] of Object.entries(src as Record<string, unknown>)) {
      const child = f.role === 'dsl' ? inspect(key, value, f, limits) : { value, role: f.role === 'names' ? ('dsl' as Role) : f.role, clauses: f.clauses };
      stack.push({ src: child.value, put: (v) => (out[key] = v), depth: depth + 1, role: child.role, clauses: child.clauses });
    }
  }
  return root as T;
}

/** Checks one DSL keyword's value; returns what to walk on (a safe copy for pattern queries). */
function inspect(key: string, value: unknown, f: Frame, limits: Limits): { value: unknown; role: Role; clauses: { n: number } | undefined } {
  if (SCRIPTS.has(key)) checkScript(value, limits);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { value, role: NAMED.has(key) ? 'names' : DATA.has(key) ? 'data' : 'dsl', clauses: f.clauses };
  }
  const v = value as Record<string, unknown>;
  if (key === 'bool') {
    const clauses = f.clauses ?? { n: 0 };
    let here = 0;
    for (const c of BOOL_CLAUSES) here += Array.isArray(v[c]) ? (v[c] as unknown[]).length : v[c] !== undefined ? 1 : 0;
    clauses.n += here;
    if (here > limits.maxClauses) throw limitError('maxClauses', limits.maxClauses, `a boolean query has ${here} clauses, more than allowed`);
    if (clauses.n > limits.maxClauses) throw limitError('maxClauses', limits.maxClauses, 'the query has more boolean clauses in total than allowed');
    return { value, role: 'dsl', clauses };
  }
  if (PATTERN_QUERIES.has(key)) {
    // field → spec maps, one level of primitives each: copied, then checked and rewritten
    const copy: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(v)) copy[k] = typeof s === 'object' && s !== null && !Array.isArray(s) ? { ...s } : s;
    guardPattern(key, copy, limits);
    return { value: copy, role: 'data', clauses: f.clauses };
  }
  if (key === 'terms') checkTerms(v, limits);
  if (key === 'histogram' || key === 'date_histogram') guardHistogram(key, v, limits);
  if (key === 'ids' && Array.isArray(v.values)) checkTermCount(v.values.length, limits);
  return { value, role: NAMED.has(key) ? 'names' : DATA.has(key) ? 'data' : 'dsl', clauses: f.clauses };
}

/** A terms query's lists (`{terms: {field: [...]}}`) and a terms aggregation's include / exclude. */
function checkTerms(v: Record<string, unknown>, limits: Limits): void {
  for (const [k, list] of Object.entries(v)) {
    if (Array.isArray(list)) checkTermCount(list.length, limits);
    // a string include / exclude of a terms aggregation is a regexp
    else if ((k === 'include' || k === 'exclude') && typeof list === 'string') checkPatternLength('regexp', list, limits);
  }
}

function checkTermCount(n: number, limits: Limits): void {
  if (n > limits.maxTerms) throw limitError('maxTerms', limits.maxTerms, `a list of ${n} terms is longer than allowed`);
}

/** Script sources are generated by the proxy; the bound names the limit and never echoes the script. */
function checkScript(value: unknown, limits: Limits): void {
  const source = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as { source?: unknown }).source : undefined;
  if (typeof source !== 'string') return;
  // bytes as sent; a string's UTF-8 size is at most 3 × its length, so short ones need no counting
  if (source.length * 3 <= limits.maxScriptBytes) return;
  if (Buffer.byteLength(source, 'utf8') > limits.maxScriptBytes) {
    throw limitError('maxScriptBytes', limits.maxScriptBytes, 'the computation is too large (its generated script is over the size allowed)');
  }
}
