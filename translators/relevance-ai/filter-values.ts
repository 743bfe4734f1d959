/** Checks on the values a Relevance AI filter compares, shared by its legacy and object forms. */
import type { Scalar } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { findField, type DatasetSchema } from '../../src/ir/schema.js';
import { isDateMath, isEngineDate, quoteValue } from '../../src/policy/engine-dates.js';

export const bad = (message: string, ptr: string): never => {
  throw new ProxyError({ kind: 'invalid_query', message, at: { pointer: ptr } });
};

export function scalar(v: unknown, ptr: string, what = 'condition_value'): Scalar {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return bad(`${what} must be a string, number or boolean`, ptr);
}

/**
 * A value compared with a date field: what the engine reads there (ISO-8601, epoch millis, and its
 * date math such as `now-1d/d`, which Relevance AI's own engine evaluated too). Anything else the
 * engine fails the whole search on, so it is refused here at its pointer.
 */
export function dateChecked(schema: DatasetSchema, field: string, v: Scalar, ptr: string, what = 'condition_value'): Scalar {
  if (findField(schema, field)?.category !== 'date') return v;
  if (typeof v === 'number' ? isEngineDate(v) : typeof v === 'string' && (isEngineDate(v) || isDateMath(v))) return v;
  return bad(`${what} ${quoteValue(v)} is not a date for the date field '${field}': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z) or epoch milliseconds`, ptr);
}
