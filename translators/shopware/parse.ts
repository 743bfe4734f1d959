/**
 * Request body → Criteria, collecting every problem the way Shopware's RequestCriteriaBuilder does
 * (one JSON:API error per problem, each with its pointer and Shopware's error code). Problems
 * Shopware itself answers with a 500 (bad histogram interval, bad time zone) are 400s here.
 */
import { ProxyError, type Diagnostic } from '../../src/errors/proxy-error.js';
import { isTimeZone } from './php.js';
import { phpFloatString } from './php.js';
import type { Aggregation, Criteria, Filter, Scalar, Sorting, TotalCountMode } from './types.js';

export const CODES = {
  aggregation: 'FRAMEWORK__INVALID_AGGREGATION_QUERY',
  filter: 'FRAMEWORK__INVALID_FILTER_QUERY',
  limit: 'FRAMEWORK__INVALID_LIMIT_QUERY',
  page: 'FRAMEWORK__INVALID_PAGE_QUERY',
  sort: 'FRAMEWORK__INVALID_SORT_QUERY',
  interval: 'FRAMEWORK__INVALID_DATE_HISTOGRAM_INTERVAL',
  timeZone: 'FRAMEWORK__INVALID_TIME_ZONE',
  criteria: 'FRAMEWORK__INVALID_CRITERIA_PARAMETER',
  unsupported: 'AGGPROXY__UNSUPPORTED_PARAMETER',
} as const;

const INTERVALS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
const METRICS = ['avg', 'sum', 'min', 'max', 'count', 'stats'] as const;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: Json): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
/** PHP `empty()`: what Shopware's checks treat as missing */
const empty = (v: Json): boolean => v === undefined || v === null || v === '' || v === 0 || v === false || v === '0' || (Array.isArray(v) && v.length === 0);
const numeric = (v: Json): boolean => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

class Collector {
  readonly problems: Diagnostic[] = [];
  add(code: string, message: string, at: string): void {
    this.problems.push({ message, at: { pointer: at }, rule: code });
  }
}

export function parseCriteria(body: Json): Criteria {
  const c = new Collector();
  if (!isObject(body)) {
    c.add(CODES.criteria, 'The request body must be a JSON object.', '');
    throw invalid(c);
  }
  if (typeof body.term === 'string' && body.term.trim() !== '') {
    c.add(CODES.unsupported, 'Full-text search ("term") is not supported by aggproxy; use filters.', '/term');
  }
  const criteria: Criteria = {
    ...(body.ids !== undefined ? { ids: parseIds(body.ids, c) } : {}),
    filter: parseFilterList(body.filter, '/filter', c),
    postFilter: parseFilterList(body['post-filter'], '/post-filter', c),
    queries: parseScoreQueries(body.query, c),
    limit: parseLimit(body.limit, c),
    page: parsePage(body.page, c),
    totalCountMode: parseTotalCountMode(body['total-count-mode'], c),
    sort: parseSortList(body.sort, c),
    includes: parseIncludes(body.includes, c),
    aggregations: parseAggregations(body.aggregations, c),
  };
  if (c.problems.length > 0) throw invalid(c);
  return criteria;
}

function invalid(c: Collector): ProxyError {
  const first = c.problems[0] as Diagnostic;
  return new ProxyError({ kind: 'invalid_request', message: first.message, at: first.at, rule: first.rule, diagnostics: c.problems });
}

function parseIds(v: Json, c: Collector): string[] {
  const list = typeof v === 'string' ? v.split('|') : Array.isArray(v) ? v : undefined;
  if (!list || !list.every((x) => typeof x === 'string')) {
    c.add(CODES.criteria, 'The ids parameter has to be a list of ids or a string of ids joined by "|".', '/ids');
    return [];
  }
  return (list as string[]).filter((x) => x !== '');
}

function parseLimit(v: Json, c: Collector): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    c.add(CODES.limit, 'The limit parameter must be a positive integer greater or equals than 1.', '/limit');
    return null;
  }
  return n;
}

function parsePage(v: Json, c: Collector): number {
  if (v === undefined || v === null) return 1;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    c.add(CODES.page, 'The page parameter must be a positive integer.', '/page');
    return 1;
  }
  return n;
}

function parseTotalCountMode(v: Json, c: Collector): TotalCountMode {
  if (v === undefined || v === null) return 'none';
  const byNumber: Record<string, TotalCountMode> = { '0': 'none', '1': 'exact', '2': 'next-pages' };
  if ((typeof v === 'number' || typeof v === 'string') && byNumber[String(v)]) return byNumber[String(v)] as TotalCountMode;
  if (v === 'none' || v === 'exact' || v === 'next-pages') return v;
  c.add(CODES.criteria, 'The total-count-mode parameter must be one of 0, 1, 2, "none", "exact", "next-pages".', '/total-count-mode');
  return 'none';
}

function parseIncludes(v: Json, c: Collector): Record<string, string[]> {
  if (v === undefined || v === null) return {};
  const out: Record<string, string[]> = {};
  if (!isObject(v)) {
    c.add(CODES.criteria, 'The includes parameter has to be an object of field lists keyed by apiAlias.', '/includes');
    return out;
  }
  for (const [alias, fields] of Object.entries(v)) {
    if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) {
      c.add(CODES.criteria, `The includes of "${alias}" have to be a list of field names.`, `/includes/${alias}`);
      continue;
    }
    out[alias] = fields as string[];
  }
  return out;
}

function parseSorting(v: Json, at: string, c: Collector): Sorting | undefined {
  if (!isObject(v) || typeof v.field !== 'string' || v.field === '') {
    c.add(CODES.sort, 'A sorting needs a "field".', at);
    return undefined;
  }
  const order = typeof v.order === 'string' && v.order.toLowerCase() === 'desc' ? 'DESC' : 'ASC';
  return { field: v.field, order, naturalSorting: v.naturalSorting === true || v.naturalSorting === 1 || v.naturalSorting === '1', at };
}

function parseSortList(v: Json, c: Collector): Sorting[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    // the query-string form: "name,-stock"
    return v
      .split(',')
      .filter((s) => s !== '')
      .map((s, i) => ({ field: s.replace(/^[-+]/, ''), order: s.startsWith('-') ? 'DESC' : 'ASC', naturalSorting: false, at: `/sort/${i}` }));
  }
  if (!Array.isArray(v)) {
    c.add(CODES.sort, 'The sort parameter has to be a list of sortings.', '/sort');
    return [];
  }
  return v.map((s, i) => parseSorting(s, `/sort/${i}`, c)).filter((s): s is Sorting => s !== undefined);
}

function parseScoreQueries(v: Json, c: Collector): Filter[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.add(CODES.filter, 'The query parameter has to be a list of score queries.', '/query');
    return [];
  }
  return v
    .map((q, i) => (isObject(q) ? parseFilter(q.query, `/query/${i}/query`, c) : (c.add(CODES.filter, 'A score query needs a "query".', `/query/${i}`), undefined)))
    .filter((f): f is Filter => f !== undefined);
}

export function parseFilterList(v: Json, at: string, c: Collector): Filter[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.add(CODES.filter, `The ${at.slice(1)} parameter has to be a list of filters.`, at);
    return [];
  }
  return v.map((f, i) => parseFilter(f, `${at}/${i}`, c)).filter((f): f is Filter => f !== undefined);
}

function parseFilter(v: Json, at: string, c: Collector): Filter | undefined {
  if (!isObject(v)) {
    c.add(CODES.filter, 'A filter has to be an object.', at);
    return undefined;
  }
  const type = v.type;
  if (typeof type !== 'string' || type === '') {
    c.add(CODES.filter, 'Parameter "type" for filter is missing.', at);
    return undefined;
  }
  const needField = (): string | undefined => {
    if (typeof v.field !== 'string' || v.field === '') {
      c.add(CODES.filter, `Parameter "field" for ${type} filter is missing.`, `${at}/field`);
      return undefined;
    }
    return v.field;
  };
  const nested = (op: 'AND' | 'OR' | 'XOR', negate: boolean): Filter | undefined => {
    if (!Array.isArray(v.queries) || v.queries.length === 0) {
      c.add(CODES.filter, `Parameter "queries" for ${type} filter is missing.`, `${at}/queries`);
      return undefined;
    }
    const queries = v.queries.map((q, i) => parseFilter(q, `${at}/queries/${i}`, c)).filter((q): q is Filter => q !== undefined);
    return { type: negate ? 'not' : 'multi', op, queries, at };
  };
  const operator = (dflt: 'AND' | 'OR' | 'XOR'): 'AND' | 'OR' | 'XOR' => {
    const o = typeof v.operator === 'string' ? v.operator.toUpperCase() : dflt;
    return o === 'OR' ? 'OR' : o === 'XOR' ? 'XOR' : 'AND';
  };
  switch (type) {
    case 'equals': {
      const field = needField();
      if (!('value' in v) || (v.value !== null && !isScalar(v.value)) || v.value === '') {
        c.add(CODES.filter, 'Parameter "value" for equals filter is missing.', `${at}/value`);
        return undefined;
      }
      return field === undefined ? undefined : { type, field, value: v.value as Scalar | null, at };
    }
    case 'equalsAny':
    case 'equalsAll': {
      const field = needField();
      const raw = typeof v.value === 'string' ? v.value.split('|') : v.value;
      if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isScalar)) {
        c.add(CODES.filter, `Parameter "value" for ${type} filter is missing.`, `${at}/value`);
        return undefined;
      }
      return field === undefined ? undefined : { type, field, values: raw as Scalar[], at };
    }
    case 'contains':
    case 'prefix':
    case 'suffix': {
      const field = needField();
      if (!isScalar(v.value) || v.value === '') {
        c.add(CODES.filter, `Parameter "value" for ${type} filter is missing.`, `${at}/value`);
        return undefined;
      }
      return field === undefined ? undefined : { type, field, value: String(v.value), at };
    }
    case 'range': {
      const field = needField();
      const p = v.parameters;
      if (!isObject(p) || Object.keys(p).length === 0) {
        c.add(CODES.filter, 'Parameter "parameters" for range filter is missing.', `${at}/parameters`);
        return undefined;
      }
      const params: Partial<Record<'gt' | 'gte' | 'lt' | 'lte', Scalar>> = {};
      for (const [k, x] of Object.entries(p)) {
        if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') {
          c.add(CODES.filter, `Unsupported range parameter "${k}"; use gt, gte, lt, lte.`, `${at}/parameters/${k}`);
        } else if (!isScalar(x)) {
          c.add(CODES.filter, `Range parameter "${k}" must be a number or a date string.`, `${at}/parameters/${k}`);
        } else params[k] = x;
      }
      return field === undefined ? undefined : { type, field, params, at };
    }
    // the API parser turns every operator but OR into AND for multi (XOR included), as Shopware does
    case 'multi':
      return nested(operator('AND') === 'OR' ? 'OR' : 'AND', false);
    case 'and':
      return nested('AND', false);
    case 'or':
      return nested('OR', false);
    case 'not':
      return nested(operator('AND'), true);
    case 'nand':
      return nested('AND', true);
    case 'nor':
      return nested('OR', true);
    case 'since':
    case 'until':
      c.add(CODES.unsupported, `The ${type} filter (relative to now) is not supported by aggproxy; use a range filter.`, at);
      return undefined;
    default:
      c.add(CODES.filter, `Unsupported filter type: ${type}`, `${at}/type`);
      return undefined;
  }
}

function parseAggregations(v: Json, c: Collector): Aggregation[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) && !isObject(v)) {
    c.add(CODES.aggregation, 'The aggregations parameter has to be a list of aggregations.', '/aggregations');
    return [];
  }
  const byName = new Map<string, Aggregation>();
  for (const [index, a] of Object.entries(v)) {
    const parsed = parseAggregation(a, `/aggregations/${index}`, c);
    if (parsed) byName.set(parsed.name, parsed);
  }
  return [...byName.values()];
}

function parseAggregation(a: Json, at: string, c: Collector): Aggregation | undefined {
  if (!isObject(a)) {
    c.add(CODES.aggregation, 'The aggregation has to be an object.', at);
    return undefined;
  }
  const name = isScalar(a.name) ? String(a.name) : '';
  if (name === '' || numeric(name) || /[?:]/.test(name)) {
    c.add(CODES.aggregation, 'The aggregation name should be a non-empty string and must not contain "?" or ":".', at);
    return undefined;
  }
  const type = a.type;
  if (typeof type !== 'string' || empty(type) || numeric(type)) {
    c.add(CODES.aggregation, `The aggregations of "${name}" should be a non-empty string.`, at);
    return undefined;
  }
  if (type !== 'filter' && (typeof a.field !== 'string' || a.field === '')) {
    c.add(CODES.aggregation, 'The aggregation should contain a "field".', `${at}/${type}/field`);
    return undefined;
  }
  const field = a.field as string;
  const inner = (): Aggregation | undefined | null => (a.aggregation === undefined || a.aggregation === null ? null : parseAggregation(a.aggregation, `${at}/aggregation`, c));
  const sort = (): Sorting | undefined => (a.sort === undefined || a.sort === null ? undefined : parseSorting(a.sort, `${at}/sort`, c));
  if ((METRICS as readonly string[]).includes(type)) return { type: type as (typeof METRICS)[number], name, field, at };
  switch (type) {
    case 'entity':
      if (typeof a.definition !== 'string' || a.definition === '') {
        c.add(CODES.aggregation, 'The aggregation should contain a "definition".', `${at}/entity/definition`);
        return undefined;
      }
      return { type, name, field, definition: a.definition, at };
    case 'range': {
      if (!Array.isArray(a.ranges) || a.ranges.length === 0) {
        c.add(CODES.aggregation, 'The aggregation should contain "ranges".', `${at}/range/ranges`);
        return undefined;
      }
      const ranges: { key: string; from?: number; to?: number }[] = [];
      a.ranges.forEach((r, i) => {
        const bound = (x: Json): number | undefined | false => (x === undefined || x === null ? undefined : numeric(x) ? Number(x) : false);
        const from = isObject(r) ? bound(r.from) : false;
        const to = isObject(r) ? bound(r.to) : false;
        if (!isObject(r) || from === false || to === false) {
          c.add(CODES.aggregation, 'A range needs numeric "from" and/or "to".', `${at}/ranges/${i}`);
          return;
        }
        const key = isScalar(r.key) ? String(r.key) : `${from === undefined ? '*' : phpFloatString(from)}-${to === undefined ? '*' : phpFloatString(to)}`;
        ranges.push({ key, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      });
      return { type, name, field, ranges, at };
    }
    case 'filter': {
      if (!Array.isArray(a.filter) || a.filter.length === 0 || empty(a.aggregation)) {
        c.add(CODES.aggregation, 'The aggregation should contain an array of filters in property "filter".', `${at}/filter/field`);
        return undefined;
      }
      const filters = parseFilterList(a.filter, `${at}/filter`, c);
      const nested = inner();
      return nested ? { type, name, filters, inner: nested, at } : undefined;
    }
    case 'terms': {
      const limit = a.limit === undefined || a.limit === null ? null : numeric(a.limit) ? Math.trunc(Number(a.limit)) : NaN;
      if (Number.isNaN(limit)) c.add(CODES.aggregation, 'The terms limit has to be an integer.', `${at}/limit`);
      const nested = inner();
      const s = sort();
      if (nested === undefined) return undefined;
      return { type, name, field, limit: limit === null || limit <= 0 || Number.isNaN(limit) ? null : limit, ...(s ? { sort: s } : {}), ...(nested ? { inner: nested } : {}), at };
    }
    case 'histogram': {
      if (a.interval === undefined || a.interval === null) {
        c.add(CODES.aggregation, 'The aggregation should contain an date interval.', `${at}/histogram/interval`);
        return undefined;
      }
      const interval = typeof a.interval === 'string' ? a.interval.toLowerCase() : '';
      if (!(INTERVALS as readonly string[]).includes(interval)) {
        c.add(CODES.interval, `The interval "${String(a.interval)}" is not supported; use one of ${INTERVALS.join(', ')}.`, `${at}/interval`);
        return undefined;
      }
      if (a.format !== undefined && a.format !== null && typeof a.format !== 'string') {
        c.add(CODES.aggregation, 'The histogram format has to be a PHP date format string.', `${at}/format`);
      }
      let timeZone: string | undefined;
      if (a.timeZone !== undefined && a.timeZone !== null) {
        if (typeof a.timeZone !== 'string' || !isTimeZone(a.timeZone)) {
          c.add(CODES.timeZone, `The time zone "${String(a.timeZone)}" is not a valid time zone.`, `${at}/timeZone`);
        } else timeZone = a.timeZone;
      }
      const nested = inner();
      const s = sort();
      if (nested === undefined) return undefined;
      return {
        type,
        name,
        field,
        interval: interval as (typeof INTERVALS)[number],
        ...(typeof a.format === 'string' && a.format !== '' ? { format: a.format } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(s ? { sort: s } : {}),
        ...(nested ? { inner: nested } : {}),
        at,
      };
    }
    default:
      c.add(CODES.aggregation, `The aggregation type "${type}" used as key does not exists.`, at);
      return undefined;
  }
}
