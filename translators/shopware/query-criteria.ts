/**
 * A GET read's criteria: RequestCriteriaBuilder reads them from the query string as PHP parses it
 * (`limit=5&page=2`, `sort=-name,stock`, `filter[0][type]=equals&filter[0][field]=...`,
 * `includes[product][]=name`, `ids=a|b`) and then takes the same path as a search body; its one
 * query-only form is the simple filter `filter[field]=value`, an AND of equals filters. Values
 * arrive as strings, which the criteria parser reads the way Shopware's does.
 */
import qs from 'qs';
import { ProxyError, pointer, type Diagnostic } from '../../src/errors/proxy-error.js';
import type { Limits } from '../../src/policy/limits.js';
import { CODES, Collector, isObject, isScalar, type Json } from './parse-common.js';
import { parseCriteria } from './parse.js';
import type { Criteria } from './types.js';

/** The proxy's own query parameters (src/server/http.ts), not criteria. */
const PROXY_PARAMS = new Set(['explain']);

/**
 * The query as PHP's `$request->query->all()` has it. Express parses `a[b]=c` as a flat key, so
 * the pairs are read again with qs (PHP's bracket syntax; nesting and list sizes bounded by the
 * criteria bounds afterwards).
 */
export function phpQuery(query: Readonly<Record<string, unknown>>): Record<string, Json> {
  const pairs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (PROXY_PARAMS.has(k)) continue;
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') pairs.append(k, one);
  }
  return qs.parse(pairs.toString(), { depth: 32, arrayLimit: 10_000, parameterLimit: 10_000, allowPrototypes: false }) as Record<string, Json>;
}

/** parseSimpleFilter: `filter[field]=value` pairs, each an equals filter, problems at `/filter/<field>`. */
function simpleFilter(filters: Record<string, Json>, c: Collector): Json {
  const queries: Json[] = [];
  Object.entries(filters).forEach(([field, value], i) => {
    if (field === '') c.add(CODES.filter, `The key for filter at position "${i}" must not be blank.`, `/filter/${i}`);
    else if (value === '') c.add(CODES.filter, `The value for filter "${field}" must not be blank.`, pointer('filter', field));
    else if (!isScalar(value)) c.add(CODES.filter, `The value for filter "${field}" must be scalar.`, pointer('filter', field));
    else queries.push({ type: 'equals', field, value });
  });
  return queries.length > 0 ? [{ type: 'multi', operator: 'and', queries }] : [];
}

/** The criteria of a GET read, every problem of the query string collected in one 400. */
export function queryCriteria(query: Readonly<Record<string, unknown>>, limits: Limits): Criteria {
  const body = phpQuery(query);
  const c = new Collector();
  if (isObject(body.filter)) body.filter = simpleFilter(body.filter, c);
  let criteria: Criteria | undefined;
  try {
    criteria = parseCriteria(body, limits);
  } catch (e) {
    if (!(e instanceof ProxyError) || e.detail.kind !== 'invalid_request' || c.problems.length === 0) throw e;
    c.attempt(() => {
      throw e;
    });
  }
  if (c.problems.length > 0 || !criteria) {
    const first = c.problems[0] as Diagnostic;
    throw new ProxyError({ kind: 'invalid_request', message: first.message, at: first.at, rule: first.rule, diagnostics: c.problems });
  }
  return criteria;
}
