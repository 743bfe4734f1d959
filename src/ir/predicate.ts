/** Document predicates of the IR: what a query's filter may say, independent of any dialect. */
import type { KeyValue } from './values.js';

export type Scalar = string | number | boolean;

export type Predicate =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'and'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'or'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'not'; readonly operand: Predicate }
  /** field equals value (for arrays: any element equals it) */
  | { readonly kind: 'term'; readonly field: string; readonly value: Scalar; readonly origin?: string }
  | { readonly kind: 'terms'; readonly field: string; readonly values: readonly Scalar[]; readonly origin?: string }
  | {
      readonly kind: 'range';
      readonly field: string;
      readonly gt?: Scalar;
      readonly gte?: Scalar;
      readonly lt?: Scalar;
      readonly lte?: Scalar;
      readonly origin?: string;
    }
  | { readonly kind: 'exists'; readonly field: string; readonly origin?: string }
  /** substring match on the exact value: prefix, suffix or anywhere */
  | {
      readonly kind: 'substring';
      readonly field: string;
      readonly position: 'prefix' | 'suffix' | 'contains';
      readonly value: string;
      readonly caseInsensitive: boolean;
      readonly origin?: string;
    }
  /** SQL LIKE on the exact value: `%` any run, `_` one character, `\\` escapes */
  | {
      readonly kind: 'like';
      readonly field: string;
      readonly pattern: string;
      readonly caseInsensitive: boolean;
      readonly origin?: string;
    }
  /** full-text match of words on an analyzed field */
  | { readonly kind: 'match'; readonly field: string; readonly text: string; readonly origin?: string }
  | { readonly kind: 'regex'; readonly field: string; readonly pattern: string; readonly origin?: string }
  /** a geo point inside the box (degrees; `top` ≥ `bottom`, `left` ≤ `right`: no box across the antimeridian) */
  | { readonly kind: 'geoBox'; readonly field: string; readonly top: number; readonly left: number; readonly bottom: number; readonly right: number; readonly origin?: string }
  | { readonly kind: 'ids'; readonly values: readonly string[] };

/** Conjunction that drops trivial operands. */
export function and(...operands: (Predicate | undefined)[]): Predicate | undefined {
  const kept = operands.filter((p): p is Predicate => p !== undefined && p.kind !== 'all');
  if (kept.some((p) => p.kind === 'none')) return { kind: 'none' };
  if (kept.length === 0) return undefined;
  if (kept.length === 1) return kept[0];
  return { kind: 'and', operands: kept };
}

export type { KeyValue };
