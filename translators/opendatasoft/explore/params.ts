/**
 * The Explore API's query parameters, checked before anything is built: every parameter known or a
 * 400 InvalidRESTParameterError naming it (nothing ignored), limit and offset as Opendatasoft
 * bounds them on the records endpoint (limit 0..100, default 10; offset + limit ≤ 10000). Each
 * parameter is checked on its own and its problems kept in `invalid`, reported at lowering with
 * the clauses' own (collect.ts).
 */
import { Collector } from '../../../src/errors/collector.js';
import type { ProxyError } from '../../../src/errors/proxy-error.js';
import { fail } from '../errors.js';
import { collected } from './collect.js';
import { canonicalZone } from '../../../src/util/zoned.js';

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
  /** the parameters' problems, if any: lowering reports them with those of the clauses */
  readonly invalid?: ProxyError;
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

/** Every unknown parameter, each a problem of its own (recorded in `c`, else the first thrown). */
export function checkKnown(query: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, c?: Collector): void {
  for (const k of Object.keys(query)) {
    if (allowed.has(k) || COMMON.has(k)) continue;
    const refuse = () => invalid(k, `Unknown parameter: ${k}`);
    if (c) c.attempt(refuse);
    else refuse();
  }
}

export interface Bounds {
  readonly defaultLimit: number;
  readonly maxLimit: number;
  /** offset + limit may not exceed this (the records endpoint's 10,000) */
  readonly window: number;
}

export const RECORDS_BOUNDS: Bounds = { defaultLimit: 10, maxLimit: 100, window: 10_000 };

/**
 * `more`: the route's own checks of its own parameters, collected with these. A bad limit or offset
 * is read as its default, so that the rest is still checked (the request is refused anyway).
 */
export function readParams(query: Readonly<Record<string, unknown>>, allowed: ReadonlySet<string>, b: Bounds, more?: (c: Collector) => void): ExploreParams {
  const c = new Collector();
  checkKnown(query, allowed, c);
  // an unknown parameter is reported once, as unknown: its value is not read
  const known = Object.fromEntries(Object.entries(query).filter(([k]) => allowed.has(k) || COMMON.has(k)));
  const limit = c.attempt(() => {
    const n = integer(known, 'limit', b.defaultLimit);
    if (n < 0 || n > b.maxLimit) invalid('limit', `Invalid value for limit API parameter: ${n} was found but 0 <= limit <= ${b.maxLimit} is expected.`);
    return n;
  });
  const offset = c.attempt(() => {
    const n = integer(known, 'offset', 0);
    if (n < 0) invalid('offset', `Invalid value for offset API parameter: ${n} was found but offset >= 0 is expected.`);
    return n;
  });
  if (limit !== undefined && offset !== undefined && offset + limit > b.window) {
    c.attempt(() => invalid('offset', `Invalid value for limit and offset API parameters: offset + limit must be lower than or equal to ${b.window}, ${offset + limit} was found. Use the exports endpoint to get more records.`));
  }
  const timeZone = c.attempt(() => {
    const zone = one(known, 'timezone') ?? 'UTC';
    // an IANA zone (Europe/Paris): dates print with its offset, periods and date functions follow its calendar;
    // its canonical name goes on to the engine (java.time takes no `europe/paris` or `EST`)
    const canonical = zone.length > 64 ? undefined : canonicalZone(zone);
    if (canonical === undefined) invalid('timezone', `Invalid value for timezone API parameter: ${zone.slice(0, 64)} is not a time zone (an IANA name such as Europe/Paris is expected).`);
    return canonical;
  });
  const text = (name: string): string | undefined => {
    const v = c.attempt(() => one(known, name));
    return v !== undefined && v.trim() !== '' ? v : undefined;
  };
  const list = (name: string): string[] => c.attempt(() => many(known, name)) ?? [];
  const select = text('select');
  const groupBy = text('group_by');
  const orderBy = text('order_by');
  const where = list('where').filter((w) => w.trim() !== '');
  const refine = list('refine');
  const exclude = list('exclude');
  more?.(c);
  const problems = collected(c);
  return {
    ...(select !== undefined ? { select } : {}),
    ...(groupBy !== undefined ? { groupBy } : {}),
    ...(orderBy !== undefined ? { orderBy } : {}),
    where,
    limit: limit ?? b.defaultLimit,
    offset: offset ?? 0,
    refine,
    exclude,
    timeZone: timeZone ?? 'UTC',
    ...(problems ? { invalid: problems } : {}),
  };
}
