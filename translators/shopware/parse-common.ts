/** What the criteria parsers share: Shopware's error codes and the collector of problems. */
import type { Scalar } from './types.js';
import type { Collector } from '../../src/errors/collector.js';

export const CODES = {
  associationNotFound: 'FRAMEWORK__ASSOCIATION_NOT_FOUND',
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

export type Json = unknown;
export const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isScalar = (v: Json): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
/** PHP `empty()`: what Shopware's checks treat as missing */
export const empty = (v: Json): boolean => v === undefined || v === null || v === '' || v === 0 || v === false || v === '0' || (Array.isArray(v) && v.length === 0);
export const numeric = (v: Json): boolean => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

/** Every problem of one request, as Shopware's SearchRequestException collects them: the shared collector. */
export { Collector } from '../../src/errors/collector.js';

/** `limit` of a criteria (top level or an association's): a positive integer, digits in a string too. */
export function parseLimit(v: Json, c: Collector, at = '/limit'): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  // beyond 2^53 a number is no exact integer; PHP's (int) of 1e308 is 0, which Shopware refuses too
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    c.add(CODES.limit, 'The limit parameter must be a positive integer greater or equals than 1.', at);
    return null;
  }
  return n;
}

/** `page` of a criteria: a positive integer, 1 when absent. */
export function parsePage(v: Json, c: Collector, at = '/page'): number {
  if (v === undefined || v === null) return 1;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    c.add(CODES.page, 'The page parameter must be a positive integer.', at);
    return 1;
  }
  return n;
}
