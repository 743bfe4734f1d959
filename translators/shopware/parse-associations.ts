/**
 * `associations`: per association name, a criteria of its own (RequestCriteriaBuilder parses it
 * recursively). Its `filter`, `sort`, `limit`, `page` and `associations` are implemented; any other
 * key is a 400 naming it, as on the top level.
 */
import { pointer } from '../../src/errors/proxy-error.js';
import { CODES, Collector, isObject, type Json } from './parse-common.js';
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
      limit: positive(body.limit, `${here}/limit`, CODES.limit, c),
      page: positive(body.page, `${here}/page`, CODES.page, c) ?? 1,
      associations: parseAssociations(body.associations, `${here}/associations`, c, depth + 1),
      at: here,
    };
  }
  return out;
}

function positive(v: Json, at: string, code: string, c: Collector): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    c.add(code, `The ${at.split('/').pop() as string} parameter must be a positive integer.`, at);
    return null;
  }
  return n;
}
