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

function fieldPredicate(info: FieldInfo, ops: WhereInput, limits: Limits, origin: string): Predicate[] {
  const field = info.path;
  const out: Predicate[] = [];
  const present: Predicate = { kind: 'exists', field, origin };
  for (const [rawOp, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    const op = canonical(rawOp);
    const v = value as Scalar;
    const at = `${origin}.${rawOp}`;
    // eq/ne null mean "is null" / "is not null"; no other operator has a meaning for null
    if (value === null && op !== 'eq' && op !== 'ne') throw nullNotAllowed(rawOp, at);
    if (Array.isArray(value)) checkList(info, limits, value, at);
    else checkValue(info, limits, value, at);
    if (WILDCARDS.has(op) && typeof value === 'string') checkWildcard(limits, value, at);
    switch (op) {
      case 'eq':
        out.push(value === null ? { kind: 'not', operand: present } : { kind: 'term', field, value: v, origin });
        break;
      case 'ne':
        out.push(value === null ? present : { kind: 'and', operands: [present, { kind: 'not', operand: { kind: 'term', field, value: v, origin } }] });
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        out.push({ kind: 'range', field, [op]: v, origin });
        break;
      case 'in':
        out.push((value as Scalar[]).length === 0 ? { kind: 'none' } : { kind: 'terms', field, values: value as Scalar[], origin });
        break;
      case 'nin':
        out.push((value as Scalar[]).length === 0 ? present : { kind: 'and', operands: [present, { kind: 'not', operand: { kind: 'terms', field, values: value as Scalar[], origin } }] });
        break;
      case 'contains':
        out.push({ kind: 'substring', field, position: 'contains', value: String(value), caseInsensitive: true, origin });
        break;
      case 'startsWith':
        out.push({ kind: 'substring', field, position: 'prefix', value: String(value), caseInsensitive: false, origin });
        break;
      case 'endsWith':
        out.push({ kind: 'substring', field, position: 'suffix', value: String(value), caseInsensitive: false, origin });
        break;
      case 'like':
      case 'ilike':
        out.push({ kind: 'like', field, pattern: collapseWildcardRuns(String(value), '%'), caseInsensitive: op === 'ilike', origin });
        break;
      case 'isNull':
        out.push(value === true ? { kind: 'not', operand: present } : present);
        break;
    }
  }
  return out;
}

/**
 * Depth is bounded before this runs (the document's bracket scan, the variables' depth check);
 * the check here keeps the recursion bounded whatever the caller.
 */
export function lowerWhere(where: WhereInput | null | undefined, obj: ExposedObject, limits: Limits, origin = 'where', depth = 1): Predicate | undefined {
  if (!where) return undefined;
  if (depth > limits.maxDepth) throw limitError('maxDepth', limits.maxDepth, `${origin}: filter nesting`, { pointer: '/' + origin.replace(/\./g, '/') });
  const parts: Predicate[] = [];
  for (const [rawKey, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    const key = canonical(rawKey);
    if (key === 'and' || key === 'or') {
      const subs = (value as WhereInput[]).map((w, i) => lowerWhere(w, obj, limits, `${origin}.${rawKey}.${i}`, depth + 1) ?? { kind: 'all' as const });
      parts.push(key === 'and' ? { kind: 'and', operands: subs } : subs.length === 0 ? { kind: 'none' } : { kind: 'or', operands: subs });
    } else if (key === 'not') {
      const sub = lowerWhere(value as WhereInput, obj, limits, `${origin}.${rawKey}`, depth + 1);
      parts.push(sub ? { kind: 'not', operand: sub } : { kind: 'none' });
    } else {
      const field = obj.byName.get(rawKey);
      if (field) parts.push(...fieldPredicate(field.info, value as WhereInput, limits, `${origin}.${rawKey}`));
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { kind: 'and', operands: parts };
}
