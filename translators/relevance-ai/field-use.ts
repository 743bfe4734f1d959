/**
 * The field checks the compiler makes of a group key or a metric (src/compiler/fields.ts,
 * resolveField), made while lowering so that they are collected with the request's other problems.
 * The error is the one the compiler would throw at the same pointer, so a request with only this
 * problem answers as before.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import { lookupField, type DatasetSchema, type FieldInfo } from '../../src/ir/schema.js';

/** `ordered`: numeric or date (min, max); `exact`: a field with exact values (terms, counts) */
export type FieldUse = 'numeric' | 'ordered' | 'exact';

export function usableField(schema: DatasetSchema, field: string, use: FieldUse, ptr: string): FieldInfo {
  const f = lookupField(schema, field, ptr);
  const ok = use === 'exact' ? f.exactPath !== undefined : f.category === 'numeric' || (use === 'ordered' && f.category === 'date');
  if (!ok) throw new ProxyError({ kind: 'field_type', field, expected: use === 'exact' ? 'aggregatable' : 'numeric', actual: f.type, at: { pointer: ptr } });
  return f;
}
