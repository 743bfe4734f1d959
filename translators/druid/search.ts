/**
 * Druid's `search` query, parsed: which dimension values match a search spec, with the number of rows
 * holding each. Every key of the query is read here or refused by name (JSON Pointer); lowering and
 * the answer's shape are in search-lower.ts.
 */
import type { Dimension, Filter, Granularity, Interval, Ordering, VirtualColumn } from './types.js';
import { fail, int, isObj, list, ordering, parseIntervals, str, type Json, type Obj } from './parse-common.js';
import { parseDataSource, parseDimension, parseGranularity, parseVirtualColumn } from './parse.js';
import { parseFilter } from './parse-filters.js';
import { Collector } from '../../src/errors/collector.js';
import { defaultLimits, type Limits } from '../../src/policy/limits.js';
import { within } from '../../src/policy/refuse.js';
import { checkDruidBody } from './bounds.js';
import { parseNativeContext, type NativeContext } from './context.js';

/** What a value must satisfy: substrings (all of them, for `fragment`) or a regular expression. */
export type SearchSpec =
  | { readonly type: 'contains'; readonly values: readonly string[]; readonly caseSensitive: boolean; readonly at: string }
  | { readonly type: 'regex'; readonly pattern: string; readonly at: string };

export interface SearchQuery {
  readonly queryType: 'search';
  readonly dataSource: string;
  readonly intervals: readonly Interval[];
  readonly granularity: Granularity;
  readonly filter?: Filter;
  readonly virtualColumns: readonly VirtualColumn[];
  /** undefined: every string column of the data source (Druid: "all dimensions") */
  readonly searchDimensions?: readonly Dimension[];
  readonly spec: SearchSpec;
  readonly sort: Ordering;
  /** hits per time bucket, after sorting (Druid: 1000 by default) */
  readonly limit: number;
  readonly context: NativeContext;
}

/** Druid's SearchQuery properties (querying/searchquery.md); any other is refused by name. */
const KEYS: ReadonlySet<string> = new Set(['queryType', 'dataSource', 'intervals', 'granularity', 'filter', 'virtualColumns', 'searchDimensions', 'query', 'sort', 'limit', 'context']);

export const DEFAULT_SEARCH_LIMIT = 1000;

const pointer = (key: string): string => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

export function parseSearch(body: Obj, limits: Limits = defaultLimits): SearchQuery {
  checkDruidBody(body, limits);
  const c = new Collector();
  for (const key of Object.keys(body)) if (!KEYS.has(key)) c.add('JsonMappingException', `Unrecognized field "${key}" (a search query has no such property)`, pointer(key));
  const dataSource = c.attempt(() => parseDataSource(body.dataSource));
  const intervals = c.attempt(() => {
    if (body.intervals === undefined) fail('Missing property intervals', '/intervals');
    const ivs = parseIntervals(body.intervals, '/intervals');
    within('maxClauses', limits.maxClauses, ivs.length, `${ivs.length} intervals`, { pointer: `/intervals/${limits.maxClauses}` });
    return ivs;
  });
  const granularity = c.attempt(() => (body.granularity === undefined || body.granularity === null ? { kind: 'all' as const } : parseGranularity(body.granularity, '/granularity')));
  const filter = body.filter === undefined || body.filter === null ? undefined : c.attempt(() => parseFilter(body.filter, '/filter'));
  const rawVirtual = body.virtualColumns === undefined || body.virtualColumns === null ? [] : c.attempt(() => list(body.virtualColumns, '/virtualColumns', 'virtualColumns')) ?? [];
  const virtualColumns = c.each(rawVirtual, (v, i) => parseVirtualColumn(v, `/virtualColumns/${i}`));
  const searchDimensions = body.searchDimensions === undefined || body.searchDimensions === null
    ? undefined
    : c.each(c.attempt(() => list(body.searchDimensions, '/searchDimensions', 'searchDimensions')) ?? [], (d, i) => parseDimension(d, `/searchDimensions/${i}`));
  if (searchDimensions) c.attempt(() => within('maxAggregations', limits.maxAggregations, searchDimensions.length, `${searchDimensions.length} searchDimensions`, { pointer: `/searchDimensions/${limits.maxAggregations}` }));
  const spec = c.attempt(() => parseSpec(body.query, limits));
  const sort = c.attempt(() => parseSort(body.sort));
  const limit = c.attempt(() => (body.limit === undefined || body.limit === null ? DEFAULT_SEARCH_LIMIT : int(body.limit, '/limit', 'limit', 1)));
  const context = c.attempt(() => parseNativeContext(body.context, 'search'));
  c.throwIfAny();
  return {
    queryType: 'search',
    dataSource: dataSource as string,
    intervals: intervals as Interval[],
    granularity: granularity as Granularity,
    ...(filter ? { filter } : {}),
    virtualColumns,
    ...(searchDimensions ? { searchDimensions } : {}),
    spec: spec as SearchSpec,
    sort: sort as Ordering,
    limit: limit as number,
    context: context as NativeContext,
  };
}

function only(v: Obj, keys: readonly string[], at: string): void {
  for (const k of Object.keys(v)) if (!keys.includes(k)) fail(`Unrecognized field "${k}" (a ${String(v.type)} search spec has no such property)`, `${at}${pointer(k)}`);
}

const text = (v: Json, at: string, what: string): string => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') fail(`${what} must be a string`, at);
  return v;
};

/** The search spec; absent (or null) matches every value, as Druid's query builder does. */
function parseSpec(v: Json, limits: Limits): SearchSpec {
  const at = '/query';
  if (v === undefined || v === null) return { type: 'contains', values: [''], caseSensitive: false, at };
  if (!isObj(v)) fail('query must be a search query spec object', at);
  const bounded = (s: string, p: string): string => {
    within('maxPatternLength', limits.maxPatternLength, s.length, `a search value of ${s.length} characters`, { pointer: p });
    return s;
  };
  const caseSensitive = (): boolean => {
    const x = v.caseSensitive;
    if (x === undefined || x === null || x === false || x === 'false') return false;
    if (x === true || x === 'true') return true;
    return fail('caseSensitive must be true or false', `${at}/caseSensitive`);
  };
  switch (v.type) {
    case 'contains':
      only(v, ['type', 'value', 'caseSensitive'], at);
      return { type: 'contains', values: [bounded(text(v.value, `${at}/value`, 'value'), `${at}/value`)], caseSensitive: caseSensitive(), at };
    case 'insensitive_contains':
      only(v, ['type', 'value'], at);
      return { type: 'contains', values: [bounded(text(v.value, `${at}/value`, 'value'), `${at}/value`)], caseSensitive: false, at };
    case 'fragment': {
      only(v, ['type', 'values', 'caseSensitive'], at);
      const values = list(v.values ?? [], `${at}/values`, 'values');
      // each fragment is one substring clause
      within('maxClauses', limits.maxClauses, values.length, `a search of ${values.length} fragments`, { pointer: `${at}/values/${limits.maxClauses}` });
      return { type: 'contains', values: values.map((x, i) => bounded(text(x, `${at}/values/${i}`, 'a fragment'), `${at}/values/${i}`)), caseSensitive: caseSensitive(), at };
    }
    case 'regex': {
      only(v, ['type', 'pattern'], at);
      const pattern = str(v.pattern, `${at}/pattern`, 'pattern');
      within('maxPatternLength', limits.maxPatternLength, pattern.length, `a regex pattern of ${pattern.length} characters`, { pointer: `${at}/pattern` });
      return { type: 'regex', pattern, at };
    }
    default:
      return fail(`Could not resolve search query spec type '${String(v.type)}': use contains, insensitive_contains, fragment or regex`, `${at}/type`, 'InvalidTypeIdException');
  }
}

function parseSort(v: Json): Ordering {
  if (v === undefined || v === null) return 'lexicographic';
  if (!isObj(v)) fail('sort must be an object {"type": ...}', '/sort');
  only(v, ['type'], '/sort');
  return ordering(v.type, '/sort/type');
}
