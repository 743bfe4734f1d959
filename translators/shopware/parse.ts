/**
 * Request body → Criteria, collecting every problem the way Shopware's RequestCriteriaBuilder does
 * (one JSON:API error per problem, each with its pointer and Shopware's error code). Problems
 * Shopware itself answers with a 500 (bad histogram interval, bad time zone) are 400s here.
 */
import { pointer } from '../../src/errors/proxy-error.js';
import { CODES, Collector, isObject, parseLimit, parsePage, type Json } from './parse-common.js';
import { parseFilterList, parseScoreQueries, parseSortList } from './parse-filters.js';
import { parseAggregations } from './parse-aggregations.js';
import { parseAssociations } from './parse-associations.js';
import type { Criteria, TotalCountMode } from './types.js';
import { defaultLimits, type Limits } from '../../src/policy/limits.js';
import { checkCriteriaBounds } from './bounds.js';

export { CODES } from './parse-common.js';

export function parseCriteria(body: Json, limits: Limits = defaultLimits): Criteria {
  // the cost bounds first, on the raw body: nothing is parsed or built for a request over one
  checkCriteriaBounds(body, limits);
  const c = new Collector();
  if (!isObject(body)) {
    c.add(CODES.criteria, 'The request body must be a JSON object.', '');
    throw c.error();
  }
  checkKeys(body, c);
  const term = parseTerm(body.term, c);
  const criteria: Criteria = {
    ...(body.ids !== undefined ? { ids: parseIds(body.ids, c) } : {}),
    filter: parseFilterList(body.filter, '/filter', c),
    postFilter: parseFilterList(body['post-filter'], '/post-filter', c),
    queries: parseScoreQueries(body.query, c),
    ...(term !== undefined ? { term } : {}),
    limit: parseLimit(body.limit, c),
    page: parsePage(body.page, c),
    totalCountMode: parseTotalCountMode(body['total-count-mode'], c),
    sort: parseSortList(body.sort, c),
    includes: parseIncludes(body.includes, c, 'includes'),
    excludes: parseIncludes(body.excludes, c, 'excludes'),
    grouping: parseFieldList(body.grouping, 'grouping', c),
    fields: parseFieldList(body.fields, 'fields', c),
    associations: parseAssociations(body.associations, '/associations', c),
    aggregations: parseAggregations(body.aggregations, c),
  };
  c.throwIfAny();
  return criteria;
}

function parseIds(v: Json, c: Collector): string[] {
  const list = typeof v === 'string' ? v.split('|') : Array.isArray(v) ? v : undefined;
  if (!list || !list.every((x) => typeof x === 'string')) {
    c.add(CODES.criteria, 'The ids parameter has to be a list of ids or a string of ids joined by "|".', '/ids');
    return [];
  }
  return (list as string[]).filter((x) => x !== '');
}

function parseTotalCountMode(v: Json, c: Collector): TotalCountMode {
  if (v === undefined || v === null) return 'none';
  const byNumber: Record<string, TotalCountMode> = { '0': 'none', '1': 'exact', '2': 'next-pages' };
  if ((typeof v === 'number' || typeof v === 'string') && byNumber[String(v)]) return byNumber[String(v)] as TotalCountMode;
  if (v === 'none' || v === 'exact' || v === 'next-pages') return v;
  c.add(CODES.criteria, 'The total-count-mode parameter must be one of 0, 1, 2, "none", "exact", "next-pages".', '/total-count-mode');
  return 'none';
}

/** `includes` and `excludes` share one shape: field lists keyed by apiAlias. */
function parseIncludes(v: Json, c: Collector, key: 'includes' | 'excludes'): Record<string, string[]> {
  if (v === undefined || v === null) return {};
  const out: Record<string, string[]> = {};
  if (!isObject(v)) {
    c.add(CODES.criteria, `The ${key} parameter has to be an object of field lists keyed by apiAlias.`, `/${key}`);
    return out;
  }
  for (const [alias, fields] of Object.entries(v)) {
    if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) {
      c.add(CODES.criteria, `The ${key} of "${alias}" have to be a list of field names.`, `/${key}/${alias}`);
      continue;
    }
    out[alias] = fields as string[];
  }
  return out;
}

/** The keys parseCriteria implements: any other is a 400 naming it (checkKeys). */
const IMPLEMENTED = new Set(['ids', 'filter', 'post-filter', 'query', 'limit', 'page', 'total-count-mode', 'sort', 'includes', 'excludes', 'aggregations', 'term', 'grouping', 'associations', 'fields']);

/**
 * Nothing a client sends is ignored silently: a criteria key aggproxy does not implement is a 400
 * naming it. Shopware's RequestCriteriaBuilder skips keys it does not know; answering them as if
 * they had been applied would hide the client's mistake, so they are refused here too.
 */
function checkKeys(body: Record<string, Json>, c: Collector): void {
  for (const key of Object.keys(body)) {
    if (!IMPLEMENTED.has(key)) c.add(CODES.criteria, `The criteria parameter "${key}" is unknown.`, pointer(key));
  }
}

/** `grouping` and `fields`: lists of field names (RequestCriteriaBuilder adds a FieldGrouping / partial field per entry). */
function parseFieldList(v: Json, key: 'grouping' | 'fields', c: Collector): { field: string; at: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((f) => typeof f === 'string' && f !== '')) {
    c.add(CODES.criteria, `The ${key} parameter has to be a list of field names.`, `/${key}`);
    return [];
  }
  return (v as string[]).map((field, i) => ({ field, at: `/${key}/${i}` }));
}

/** `term`: a string; blank is no search (Shopware trims it). */
function parseTerm(v: Json, c: Collector): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    c.add(CODES.criteria, 'The term parameter has to be a string.', '/term');
    return undefined;
  }
  return v.trim() === '' ? undefined : v.trim();
}
