/**
 * The Explore API's query parameters, checked before anything is built: every parameter known or a
 * 400 InvalidRESTParameterError naming it (nothing ignored), limit and offset as Opendatasoft
 * bounds them on the records endpoint (limit 0..100, default 10; offset + limit ≤ 10000).
 */
import { fail } from '../errors.js';

export interface ExploreParams {
  readonly select?: string;
  readonly where: readonly string[];
  readonly groupBy?: string;
  readonly orderBy?: string;
  readonly limit: number;
  readonly offset: number;
  readonly refine: readonly string[];
  readonly exclude: readonly string[];
  readonly timeZone: string;
}

/** Parameters every Explore endpoint accepts beside its own (lang only changes labels we do not translate). */
const COMMON = new Set(['apikey', 'explain', 'lang', 'timezone', 'include_links', 'include_app_metas']);

export const RECORDS_PARAMS = new Set(['select', 'where', 'group_by', 'order_by', 'limit', 'offset', 'refine', 'exclude']);
export const CATALOG_PARAMS = new Set(['select', 'where', 'order_by', 'limit', 'offset', 'refine', 'exclude', 'group_by']);

const invalid = (param: string, message: string): never => fail('InvalidRESTParameterError', message, `/${param}`);

function one(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return invalid(name, `Invalid value for ${name} API parameter: the parameter may be given only once`);
  return v;
}

function many(query: Readonly<Record<string, unknown>>, name: string): string[] {
  const v = query[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x): x is string => typeof x === 'string')) return invalid(name, `Invalid value for ${name} API parameter`);
  return list;
}

function integer(query: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const v = one(query, name);
  if (v === undefined || v === '') return fallback;
  if (!/^-?\d+$/.test(v.trim())) return invalid(name, `Invalid value for ${name} API parameter: ${v} is not an integer.`);
  return Number(v);
}

export function checkKnown(query: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>): void {
  for (const k of Object.keys(query)) {
    if (!allowed.has(k) && !COMMON.has(k)) invalid(k, `Unknown parameter: ${k}`);
  }
}

export interface Bounds {
  readonly defaultLimit: number;
  readonly maxLimit: number;
  /** offset + limit may not exceed this (the records endpoint's 10,000) */
  readonly window: number;
}

export const RECORDS_BOUNDS: Bounds = { defaultLimit: 10, maxLimit: 100, window: 10_000 };

export function readParams(query: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, b: Bounds): ExploreParams {
  checkKnown(query, allowed);
  const limit = integer(query, 'limit', b.defaultLimit);
  if (limit < 0 || limit > b.maxLimit) invalid('limit', `Invalid value for limit API parameter: ${limit} was found but 0 <= limit <= ${b.maxLimit} is expected.`);
  const offset = integer(query, 'offset', 0);
  if (offset < 0) invalid('offset', `Invalid value for offset API parameter: ${offset} was found but offset >= 0 is expected.`);
  if (offset + limit > b.window) {
    invalid('offset', `Invalid value for limit and offset API parameters: offset + limit must be lower than or equal to ${b.window}, ${offset + limit} was found. Use the exports endpoint to get more records.`);
  }
  const timeZone = one(query, 'timezone') ?? 'UTC';
  // group keys and dates print in UTC only (the Joda printer is UTC's); another zone would print wrong
  if (timeZone !== 'UTC' && timeZone !== 'Etc/UTC') invalid('timezone', `Invalid value for timezone API parameter: only UTC is supported, ${timeZone} was found.`);
  const select = one(query, 'select');
  const groupBy = one(query, 'group_by');
  const orderBy = one(query, 'order_by');
  return {
    ...(select !== undefined && select.trim() !== '' ? { select } : {}),
    ...(groupBy !== undefined && groupBy.trim() !== '' ? { groupBy } : {}),
    ...(orderBy !== undefined && orderBy.trim() !== '' ? { orderBy } : {}),
    where: many(query, 'where').filter((w) => w.trim() !== ''),
    limit,
    offset,
    refine: many(query, 'refine'),
    exclude: many(query, 'exclude'),
    timeZone: 'UTC',
  };
}
