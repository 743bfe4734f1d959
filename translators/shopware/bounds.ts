/**
 * The cost of a Shopware criteria, bounded on the raw body before it is parsed: nothing is built
 * for a request over a bound. The walk is iterative (an explicit stack), so a filter or
 * aggregation chain 5,000 deep is a 400 naming `limits.maxDepth`, not a stack overflow; once this
 * check passed, the recursive parser and lowering only ever see maxDepth levels.
 *
 * What is counted, and why:
 * - filter nesting (`multi`/`not`/... `queries`) and nested `aggregation` chains: maxDepth;
 * - filter nodes in the whole request, and branches of one `multi`/`not`: maxClauses (each is a
 *   boolean clause of the engine query, whose own maxClauseCount is 1024);
 * - `equalsAny`/`equalsAll` values and `ids`: maxTerms (an engine terms query);
 * - `contains`/`prefix`/`suffix`/`equals` strings: maxPatternLength (wildcards, prefixes, terms);
 * - aggregations, nested ones and each range of a range aggregation (one filtered count each):
 *   maxAggregations; the ranges of one range aggregation: maxBuckets;
 * - top-level aggregations: each is one engine query of its own (plus the documents query), so
 *   their number is bounded by maxEngineSearches (1,000 terms aggregations timed out OpenSearch);
 * - the `sort` list (or its `a,-b` string form): maxSortKeys, each key is an engine sort clause
 *   and a field resolved per request;
 * - `includes` field names, over all aliases: maxTerms (they become the engine's `_source` list,
 *   and every returned object is filtered through them).
 */
import type { Limits } from '../../src/policy/limits.js';
import { within } from '../../src/policy/refuse.js';
import { pointer } from '../../src/errors/proxy-error.js';
import { isObject, type Json } from './parse-common.js';

const NESTING = new Set(['multi', 'and', 'or', 'not', 'nand', 'nor']);
const LIST_VALUES = new Set(['equalsAny', 'equalsAll']);
const PATTERNS = new Set(['contains', 'prefix', 'suffix', 'equals']);

interface FilterItem {
  readonly node: Json;
  readonly at: string;
  readonly depth: number;
}

/** Values of a list or of a `sep`-joined string, counted without splitting it. */
function listLength(v: Json, sep = '|'): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v !== 'string') return 0;
  let n = 1;
  for (let i = v.indexOf(sep); i !== -1; i = v.indexOf(sep, i + 1)) n++;
  return n;
}

/** The first key over the bound is named: `/sort/<maxSortKeys>`. */
function checkSort(v: Json, limits: Limits): void {
  const n = listLength(v, ',');
  if (n > limits.maxSortKeys) within('maxSortKeys', limits.maxSortKeys, n, 'Sortings in one criteria', { pointer: `/sort/${limits.maxSortKeys}` });
}

function checkIncludes(v: Json, limits: Limits): void {
  if (!isObject(v)) return;
  let total = 0;
  for (const [alias, fields] of Object.entries(v)) {
    if (!Array.isArray(fields)) continue;
    total += fields.length;
    const first = fields.length - (total - limits.maxTerms);
    if (total > limits.maxTerms) within('maxTerms', limits.maxTerms, total, 'Include field names in one criteria', { pointer: pointer('includes', alias, first) });
  }
}

class FilterBudget {
  private nodes = 0;
  constructor(private readonly limits: Limits) {}

  /** Checks one list of filters (`filter`, `post-filter`, an aggregation's `filter`) and all it nests. */
  list(v: Json, at: string): void {
    if (!Array.isArray(v)) return;
    const stack: FilterItem[] = [];
    for (let i = v.length - 1; i >= 0; i--) stack.push({ node: v[i], at: `${at}/${i}`, depth: 1 });
    this.walk(stack);
  }

  /** Checks one filter (a score query's `query`) and all it nests. */
  one(v: Json, at: string): void {
    this.walk([{ node: v, at, depth: 1 }]);
  }

  private walk(stack: FilterItem[]): void {
    const { limits } = this;
    for (let item = stack.pop(); item; item = stack.pop()) {
      const { node, at: p, depth } = item;
      within('maxDepth', limits.maxDepth, depth, 'Filter nesting', { pointer: p });
      this.nodes++;
      within('maxClauses', limits.maxClauses, this.nodes, 'Filters in one criteria', { pointer: p });
      if (!isObject(node)) continue;
      const type = node.type;
      if (typeof type !== 'string') continue;
      if (LIST_VALUES.has(type)) {
        within('maxTerms', limits.maxTerms, listLength(node.value), `Values of the ${type} filter`, { pointer: `${p}/value` });
        if (Array.isArray(node.value)) node.value.forEach((x, i) => this.text(x, `${p}/value/${i}`, type));
      } else if (PATTERNS.has(type)) this.text(node.value, `${p}/value`, type);
      else if (NESTING.has(type) && Array.isArray(node.queries)) {
        within('maxClauses', limits.maxClauses, node.queries.length, `Queries of the ${type} filter`, { pointer: `${p}/queries` });
        for (let i = node.queries.length - 1; i >= 0; i--) stack.push({ node: node.queries[i], at: `${p}/queries/${i}`, depth: depth + 1 });
      }
    }
  }

  private text(v: Json, at: string, type: string): void {
    if (typeof v === 'string') within('maxPatternLength', this.limits.maxPatternLength, v.length, `The value of the ${type} filter`, { pointer: at });
  }
}

export function checkCriteriaBounds(body: Json, limits: Limits): void {
  if (!isObject(body)) return;
  const filters = new FilterBudget(limits);
  if (body.ids !== undefined) within('maxTerms', limits.maxTerms, listLength(body.ids), 'The ids', { pointer: '/ids' });
  checkSort(body.sort, limits);
  checkIncludes(body.includes, limits);
  filters.list(body.filter, '/filter');
  filters.list(body['post-filter'], '/post-filter');
  if (Array.isArray(body.query)) {
    body.query.forEach((q, i) => {
      if (isObject(q) && q.query !== undefined) filters.one(q.query, `/query/${i}/query`);
    });
  }
  checkAggregations(body.aggregations, limits, filters);
  // a term becomes `contains` patterns, and score queries for each of its tokens
  if (typeof body.term === 'string') within('maxWildcardPatternLength', limits.maxWildcardPatternLength, body.term.length, 'The search term', { pointer: '/term' });
  for (const key of ['grouping', 'fields'] as const) {
    const v = body[key];
    if (Array.isArray(v)) within('maxTerms', limits.maxTerms, v.length, `Field names of ${key}`, { pointer: `/${key}` });
  }
  checkAssociations(body.associations, '/associations', limits, filters);
}

/** Each association's criteria: its filters count with the request's, its sortings are bounded alike. */
function checkAssociations(v: Json, at: string, limits: Limits, filters: FilterBudget): void {
  if (!isObject(v)) return;
  const entries = Object.entries(v);
  within('maxClauses', limits.maxClauses, entries.length, 'Associations of one criteria', { pointer: at });
  for (const [name, a] of entries) {
    if (!isObject(a)) continue;
    const here = `${at}${pointer(name)}`;
    filters.list(a.filter, `${here}/filter`);
    const sorts = listLength(a.sort, ',');
    if (sorts > limits.maxSortKeys) within('maxSortKeys', limits.maxSortKeys, sorts, 'Sortings of an association', { pointer: `${here}/sort/${limits.maxSortKeys}` });
    checkAssociations(a.associations, `${here}/associations`, limits, filters);
  }
}

function checkAggregations(v: Json, limits: Limits, filters: FilterBudget): void {
  if (!Array.isArray(v) && !isObject(v)) return;
  const entries = Object.entries(v);
  // later entries of the same name replace earlier ones: one engine query per distinct name
  const names = new Set(entries.map(([i, a]) => (isObject(a) && (typeof a.name === 'string' || typeof a.name === 'number') ? String(a.name) : i)));
  within('maxEngineSearches', limits.maxEngineSearches, names.size + 1, 'Aggregations (one engine query each, plus the documents query)', { pointer: '/aggregations' });
  let count = 0;
  for (const [index, first] of entries) {
    let a: Json = first;
    let at = `/aggregations/${index}`;
    // a chain of nested aggregations, followed with a loop: each level has at most one `aggregation`
    for (let depth = 1; isObject(a); depth++) {
      within('maxDepth', limits.maxDepth, depth, 'Aggregation nesting', { pointer: at });
      count++;
      within('maxAggregations', limits.maxAggregations, count, 'Aggregations in one criteria', { pointer: at });
      if (a.type === 'range' && Array.isArray(a.ranges)) {
        within('maxBuckets', limits.maxBuckets, a.ranges.length, 'Ranges of the range aggregation', { pointer: `${at}/ranges` });
        count += a.ranges.length;
        within('maxAggregations', limits.maxAggregations, count, 'Aggregations in one criteria (each range is a filtered count)', { pointer: `${at}/ranges` });
      }
      if (a.type === 'filter') filters.list(a.filter, `${at}/filter`);
      a = a.aggregation;
      at = `${at}/aggregation`;
    }
  }
}
