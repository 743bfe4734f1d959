/** Shopware filter objects (QueryStringParser's grammar) and sortings → the typed criteria parts. */
import { pointer } from '../../src/errors/proxy-error.js';
import { CODES, Collector, isObject, isScalar, numeric, type Json } from './parse-common.js';
import type { Filter, Scalar, ScoreQuery, Sorting } from './types.js';

export function parseSorting(v: Json, at: string, c: Collector): Sorting | undefined {
  if (!isObject(v) || typeof v.field !== 'string' || v.field === '') {
    c.add(CODES.sort, 'A sorting needs a "field".', at);
    return undefined;
  }
  const order = typeof v.order === 'string' && v.order.toLowerCase() === 'desc' ? 'DESC' : 'ASC';
  return { field: v.field, order, naturalSorting: v.naturalSorting === true || v.naturalSorting === 1 || v.naturalSorting === '1', at };
}

export function parseSortList(v: Json, c: Collector, at = '/sort'): Sorting[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') {
    // the query-string form: "name,-stock"
    return v
      .split(',')
      .filter((s) => s !== '')
      .map((s, i) => ({ field: s.replace(/^[-+]/, ''), order: s.startsWith('-') ? 'DESC' : 'ASC', naturalSorting: false, at: `${at}/${i}` }));
  }
  if (!Array.isArray(v)) {
    c.add(CODES.sort, 'The sort parameter has to be a list of sortings.', at);
    return [];
  }
  return v.map((s, i) => parseSorting(s, `${at}/${i}`, c)).filter((s): s is Sorting => s !== undefined);
}

/** `query`: score queries `{query, score}` (RequestCriteriaBuilder: score defaults to 1); `scoreField` is refused. */
export function parseScoreQueries(v: Json, c: Collector): ScoreQuery[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.add(CODES.filter, 'The query parameter has to be a list of score queries.', '/query');
    return [];
  }
  const out: ScoreQuery[] = [];
  v.forEach((q, i) => {
    const at = `/query/${i}`;
    if (!isObject(q)) return c.add(CODES.filter, 'A score query needs a "query".', at);
    for (const key of Object.keys(q)) {
      if (key === 'scoreField') c.add(CODES.unsupported, 'A score query\'s "scoreField" is not supported by aggproxy.', `${at}/scoreField`);
      else if (key !== 'query' && key !== 'score') c.add(CODES.filter, `The score query parameter "${key}" is unknown.`, `${at}${pointer(key)}`);
    }
    const score = q.score === undefined || q.score === null ? 1 : numeric(q.score) ? Number(q.score) : NaN;
    if (!Number.isFinite(score) || score < 0) c.add(CODES.filter, 'The score of a score query has to be a non-negative number.', `${at}/score`);
    const filter = parseFilter(q.query, `${at}/query`, c);
    if (filter && Number.isFinite(score)) out.push({ filter, score, at });
  });
  return out;
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

