/**
 * `associations`: per association name, a criteria of its own (RequestCriteriaBuilder parses it
 * recursively). Its `filter`, `sort`, `limit`, `page` and `associations` are implemented; any other
 * key is a 400 naming it, as on the top level.
 */
import { pointer } from '../../src/errors/proxy-error.js';
import { CODES, Collector, isObject, parseLimit, parsePage, type Json } from './parse-common.js';
import { parseFilterList, parseSortList } from './parse-filters.js';
import type { AssociationCriteria } from './types.js';

const KEYS = new Set(['filter', 'sort', 'limit', 'page', 'associations']);
/** an association of an association of ...: the embedded data has two levels, a client rarely more */
const MAX_DEPTH = 8;

export function parseAssociations(v: Json, at: string, c: Collector, depth = 0): Record<string, AssociationCriteria> {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return {};
  if (!isObject(v)) {
    c.add(CODES.criteria, 'The associations parameter has to be an object keyed by association name.', at);
    return {};
  }
  const out: Record<string, AssociationCriteria> = {};
  if (depth >= MAX_DEPTH) {
    c.add(CODES.criteria, `Associations may be nested ${MAX_DEPTH} deep at most.`, at);
    return out;
  }
  for (const [name, raw] of Object.entries(v)) {
    const here = `${at}${pointer(name)}`;
    // `{}` and `[]` both mean "load it", as PHP decodes an empty JSON object to an array
    const body = Array.isArray(raw) && raw.length === 0 ? {} : raw;
    if (!isObject(body)) {
      c.add(CODES.criteria, `The criteria of association "${name}" has to be an object.`, here);
      continue;
    }
    for (const key of Object.keys(body)) {
      if (!KEYS.has(key)) c.add(CODES.criteria, `The criteria parameter "${key}" is not supported for an association.`, `${here}${pointer(key)}`);
    }
    out[name] = {
      filter: parseFilterList(body.filter, `${here}/filter`, c),
      sort: parseSortList(body.sort, c, `${here}/sort`),
      limit: parseLimit(body.limit, c, `${here}/limit`),
      page: parsePage(body.page, c, `${here}/page`),
      associations: parseAssociations(body.associations, `${here}/associations`, c, depth + 1),
      at: here,
    };
  }
  return out;
}
