/**
 * Checks on the values a `where` filter sends to the engine, so that what the engine would refuse
 * (or choke on) is refused first, in GraphQL's shape: numbers outside the mapped numeric type's
 * range (the engine answers 400 for `4294967296` on an `integer` field), date strings that are no
 * ISO-8601 date or date-time (the engine fails the search on `"x"` or `"2024-13-45"`), strings
 * longer than limits.maxPatternLength (patterns: limits.maxWildcardPatternLength), lists longer
 * than limits.maxTerms.
 */
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import type { FieldInfo } from '../../src/ir/schema.js';
import type { Limits } from '../../src/policy/limits.js';
import { limitError } from '../../src/policy/refuse.js';
import { isIsoDate, quoteValue } from '../../src/policy/engine-dates.js';
import type { FieldCollector } from './collect.js';

const LONG = 2 ** 63;
/** [min, max] each mapping type holds; the engine rejects a query value outside it */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  // as doubles: 2^63 - 1 rounds to 2^63, which the engine refuses
  long: [-LONG, LONG - 1024],
  unsigned_long: [0, 2 ** 64 - 2048],
  half_float: [-65504, 65504],
  float: [-3.4028234663852886e38, 3.4028234663852886e38],
};

/** Where-path (`where.and.0.quantity.eq`) → JSON pointer of the argument. */
const at = (origin: string): { pointer: string } => ({ pointer: pointer(...origin.split('.')) });

export function checkNumber(field: FieldInfo, value: number, origin: string): void {
  const range = RANGES[field.type];
  if (range && (value < range[0] || value > range[1])) {
    throw new ProxyError({
      kind: 'invalid_query',
      message: `${origin}: ${value} is out of range for the ${field.type} field '${field.path}' (${range[0]} to ${range[1]})`,
      at: at(origin),
    });
  }
}

export function checkString(limits: Limits, value: string, origin: string): void {
  if (value.length > limits.maxPatternLength) {
    throw limitError('maxPatternLength', limits.maxPatternLength, `${origin}: a string of ${value.length} characters`, at(origin));
  }
}

/**
 * A string the engine matches as a wildcard: its automaton grows with the length, and the engine
 * refuses one it cannot determinize within its work limit (a 400 the proxy should give first).
 */
export function checkWildcard(limits: Limits, value: string, origin: string): void {
  checkString(limits, value, origin);
  if (value.length > limits.maxWildcardPatternLength) {
    throw limitError('maxWildcardPatternLength', limits.maxWildcardPatternLength, `${origin}: a pattern of ${value.length} characters`, at(origin));
  }
}

/**
 * A date field's filter value is a string (the schema's DateFilter): an ISO-8601 date or date-time
 * as Nue writes them. Epoch millis and the engine's date math (`now-1d`) are engine spellings Nue
 * does not have, so they are refused too rather than passed on.
 */
export function checkDate(field: FieldInfo, value: string, origin: string): void {
  if (!isIsoDate(value)) {
    throw new ProxyError({
      kind: 'invalid_query',
      message: `${origin}: ${quoteValue(value)} is not a date for the date field '${field.path}': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z)`,
      at: at(origin),
    });
  }
}

export function checkValue(field: FieldInfo, limits: Limits, value: unknown, origin: string): void {
  if (typeof value === 'number') checkNumber(field, value, origin);
  else if (typeof value === 'string') {
    checkString(limits, value, origin);
    if (field.category === 'date') checkDate(field, value, origin);
  }
}

/** Each value on its own: `c` (the field's collector) gets every bad one. */
export function checkList(field: FieldInfo, limits: Limits, values: readonly unknown[], origin: string, c: FieldCollector): void {
  if (values.length > limits.maxTerms) {
    throw limitError('maxTerms', limits.maxTerms, `${origin}: a list of ${values.length} values`, at(origin));
  }
  values.forEach((v, i) => c.attempt(() => checkValue(field, limits, v, `${origin}.${i}`)));
}

export function nullNotAllowed(op: string, origin: string): ProxyError {
  return new ProxyError({ kind: 'invalid_query', message: `${origin}: '${op}' cannot be null`, at: at(origin) });
}
