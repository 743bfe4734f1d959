/**
 * SQL's three-valued logic over IR predicates. A dialect whose original is SQL-like (Shopware's DAL,
 * Druid in SQL-compatible mode) compiles each condition to the documents where it is TRUE and those
 * where it is FALSE; what is in neither is UNKNOWN (a NULL was compared). `not` swaps the two sets,
 * so `NOT (x = 'a')` does not match a document without `x`, as in SQL.
 */
import type { Predicate } from './predicate.js';

export interface Truth {
  readonly yes: Predicate;
  readonly no: Predicate;
}

export const all = (...ps: Predicate[]): Predicate => (ps.length === 1 ? (ps[0] as Predicate) : { kind: 'and', operands: ps });
export const any = (...ps: Predicate[]): Predicate => (ps.length === 1 ? (ps[0] as Predicate) : { kind: 'or', operands: ps });
export const negate = (p: Predicate): Predicate => ({ kind: 'not', operand: p });

/** A comparison on one field: FALSE needs the field present (else UNKNOWN), unless it is two-valued. */
export function comparison(yes: Predicate, field: string, twoValued = false): Truth {
  return { yes, no: twoValued ? negate(yes) : all({ kind: 'exists', field }, negate(yes)) };
}

export function not(t: Truth): Truth {
  return { yes: t.no, no: t.yes };
}

export function join(op: 'AND' | 'OR' | 'XOR', parts: readonly Truth[]): Truth {
  if (parts.length === 0) return op === 'AND' ? { yes: { kind: 'all' }, no: { kind: 'none' } } : { yes: { kind: 'none' }, no: { kind: 'all' } };
  if (op === 'AND') return { yes: all(...parts.map((p) => p.yes)), no: any(...parts.map((p) => p.no)) };
  if (op === 'OR') return { yes: any(...parts.map((p) => p.yes)), no: all(...parts.map((p) => p.no)) };
  // MySQL `a XOR b XOR c`, folded left: unknown if any operand is unknown
  return parts.slice(1).reduce(
    (a, b) => ({ yes: any(all(a.yes, b.no), all(a.no, b.yes)), no: any(all(a.yes, b.yes), all(a.no, b.no)) }),
    parts[0] as Truth,
  );
}
