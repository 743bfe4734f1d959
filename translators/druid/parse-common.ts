/** The pieces every Druid parser uses: JSON helpers and the one way to fail with a pointer. */
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { Interval, Ordering } from './types.js';
import { parseInterval } from './time.js';

export type Json = unknown;
export type Obj = Record<string, Json>;
export const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);


export function fail(message: string, at: string, rule = 'JsonMappingException'): never {
  throw new ProxyError({ kind: 'invalid_request', message, at: { pointer: at }, rule });
}

export function str(v: Json, at: string, what: string): string {
  if (typeof v !== 'string' || v === '') fail(`${what} must be a non-empty string`, at);
  return v;
}

/** Java's int range: Druid reads limits, offsets and thresholds as ints. */
export const JAVA_INT_MAX = 2_147_483_647;

/**
 * An integer as Druid's Jackson reads one: a number or a numeric string, within [min, max];
 * a list, object or boolean is refused (never read as its first element).
 */
export function int(v: Json, at: string, what: string, min = 0, max = JAVA_INT_MAX): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n)) fail(`${what} must be an integer`, at);
  if (n < min || n > max) fail(`${what} must be an integer from ${min} to ${max}`, at);
  return n;
}

/** A boolean as Jackson reads one: true/false or their strings; absent is false. */
export function bool(v: Json, at: string, what: string): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false' || v === undefined || v === null) return false;
  return fail(`${what} must be true or false`, at);
}

export function list(v: Json, at: string, what: string): Json[] {
  if (!Array.isArray(v)) fail(`${what} must be a list`, at);
  return v;
}

export const ORDERINGS: Record<string, Ordering> = { lexicographic: 'lexicographic', numeric: 'numeric', alphanumeric: 'alphanumeric', strlen: 'strlen' };

export function ordering(v: Json, at: string, alphaNumeric?: Json): Ordering {
  if (v === undefined || v === null) return alphaNumeric === true ? 'alphanumeric' : 'lexicographic';
  const name = isObj(v) ? v.type : v;
  const o = typeof name === 'string' ? ORDERINGS[name.toLowerCase()] : undefined;
  if (!o) fail(`Unknown ordering ${JSON.stringify(name)}: use lexicographic, numeric, alphanumeric or strlen`, at);
  return o;
}

export const nullableString = (v: Json): string | null => (v === null || v === undefined ? null : String(v));

export function parseIntervals(v: Json, at: string): Interval[] {
  const raw = typeof v === 'string' ? [v] : isObj(v) && v.type === 'intervals' ? list(v.intervals, `${at}/intervals`, 'intervals') : list(v, at, 'intervals');
  if (raw.length === 0) fail('intervals must name at least one interval', at);
  return raw.map((s, i) => {
    const iv = typeof s === 'string' ? parseInterval(s) : undefined;
    if (!iv) fail(`Invalid interval ${JSON.stringify(s)}: use ISO-8601 start/end, start/period or period/end`, `${at}/${i}`);
    return iv;
  });
}
