/**
 * `where` input → IR predicate. Per-field operators (eq, ne, gt, gte, lt, lte, in, nin, contains,
 * startsWith, endsWith, isNull, and the older Hasura spellings `_eq` … `_is_null`), and/or/not at any
 * level; sibling keys are ANDed. Comparisons follow SQL: `ne`/`nin` never match a null.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import type { FieldInfo } from '../../src/ir/schema.js';
import type { Limits } from '../../src/policy/limits.js';
import { limitError } from '../../src/policy/refuse.js';
import type { ExposedObject } from './names.js';
import { checkList, checkValue, checkWildcard, nullNotAllowed } from './values.js';
import { collapseWildcardRuns } from '../../src/policy/engine-patterns.js';
import { FieldCollector } from './collect.js';

export type WhereInput = { readonly [key: string]: unknown };

const ALIASES: Record<string, string> = {
  _eq: 'eq', _neq: 'ne', _gt: 'gt', _gte: 'gte', _lt: 'lt', _lte: 'lte', _in: 'in', _nin: 'nin',
  _like: 'like', _ilike: 'ilike', _is_null: 'isNull', _and: 'and', _or: 'or', _not: 'not',
};

/** operators the engine matches with a wildcard automaton */
const WILDCARDS = new Set(['contains', 'startsWith', 'endsWith', 'like', 'ilike']);

function canonical(key: string): string {
  return ALIASES[key] ?? key;
}

/** Each operator of a field is checked on its own: a field with two bad values reports both. */
function fieldPredicate(info: FieldInfo, ops: WhereInput, limits: Limits, origin: string, c: FieldCollector): Predicate[] {
  const out: Predicate[] = [];
  for (const [rawOp, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    const p = c.attempt(() => operatorPredicate(info, rawOp, value, limits, `${origin}.${rawOp}`, origin, c));
    if (p) out.push(p);
  }
  return out;
}

function operatorPredicate(info: FieldInfo, rawOp: string, value: unknown, limits: Limits, at: string, origin: string, c: FieldCollector): Predicate | undefined {
  const field = info.path;
  const present: Predicate = { kind: 'exists', field, origin };
  const op = canonical(rawOp);
  const v = value as Scalar;
  // eq/ne null mean "is null" / "is not null"; no other operator has a meaning for null
  if (value === null && op !== 'eq' && op !== 'ne') throw nullNotAllowed(rawOp, at);
  // a list's values are checked one by one (each bad one reported); what is built then is never used
  if (Array.isArray(value)) checkList(info, limits, value, at, c);
  else checkValue(info, limits, value, at);
  if (WILDCARDS.has(op) && typeof value === 'string') checkWildcard(limits, value, at);
  switch (op) {
    case 'eq':
      return value === null ? { kind: 'not', operand: present } : { kind: 'term', field, value: v, origin };
    case 'ne':
      return value === null ? present : { kind: 'and', operands: [present, { kind: 'not', operand: { kind: 'term', field, value: v, origin } }] };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { kind: 'range', field, [op]: v, origin };
    case 'in':
      return (value as Scalar[]).length === 0 ? { kind: 'none' } : { kind: 'terms', field, values: value as Scalar[], origin };
    case 'nin':
      return (value as Scalar[]).length === 0 ? present : { kind: 'and', operands: [present, { kind: 'not', operand: { kind: 'terms', field, values: value as Scalar[], origin } }] };
    case 'contains':
      return { kind: 'substring', field, position: 'contains', value: String(value), caseInsensitive: true, origin };
    case 'startsWith':
      return { kind: 'substring', field, position: 'prefix', value: String(value), caseInsensitive: false, origin };
    case 'endsWith':
      return { kind: 'substring', field, position: 'suffix', value: String(value), caseInsensitive: false, origin };
    case 'like':
    case 'ilike':
      return { kind: 'like', field, pattern: collapseWildcardRuns(String(value), '%'), caseInsensitive: op === 'ilike', origin };
    case 'isNull':
      return value === true ? { kind: 'not', operand: present } : present;
  }
  return undefined;
}

/**
 * `c`: the field's collector, which gets every problem (a leaf's operator, a branch too deep); without
 * one, the problems are thrown here (one as it is). Depth is bounded before this runs (the document's
 * bracket scan, the variables' depth check); the check here keeps the recursion bounded whatever the caller.
 */
export function lowerWhere(where: WhereInput | null | undefined, obj: ExposedObject, limits: Limits, c?: FieldCollector): Predicate | undefined {
  const own = c ?? new FieldCollector();
  const p = whereOf(where, obj, limits, own, 'where', 1);
  if (!c) own.throwIfAny();
  return p;
}

function whereOf(where: WhereInput | null | undefined, obj: ExposedObject, limits: Limits, c: FieldCollector, origin: string, depth: number): Predicate | undefined {
  if (!where) return undefined;
  if (depth > limits.maxDepth) throw limitError('maxDepth', limits.maxDepth, `${origin}: filter nesting`, { pointer: '/' + origin.replace(/\./g, '/') });
  const parts: Predicate[] = [];
  const branch = (w: WhereInput, at: string): Predicate | undefined => c.attempt(() => whereOf(w, obj, limits, c, at, depth + 1));
  for (const [rawKey, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    const key = canonical(rawKey);
    if (key === 'and' || key === 'or') {
      const subs = (value as WhereInput[]).map((w, i) => branch(w, `${origin}.${rawKey}.${i}`) ?? { kind: 'all' as const });
      parts.push(key === 'and' ? { kind: 'and', operands: subs } : subs.length === 0 ? { kind: 'none' } : { kind: 'or', operands: subs });
    } else if (key === 'not') {
      const sub = branch(value as WhereInput, `${origin}.${rawKey}`);
      parts.push(sub ? { kind: 'not', operand: sub } : { kind: 'none' });
    } else {
      const field = obj.byName.get(rawKey);
      if (field) parts.push(...fieldPredicate(field.info, value as WhereInput, limits, `${origin}.${rawKey}`, c));
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { kind: 'and', operands: parts };
}
