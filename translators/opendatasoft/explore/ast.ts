/**
 * The ODSQL syntax tree of the Explore API's clauses (select, where, group_by, order_by), every node
 * with the 0-based character offset of its first character in its clause's text, so that an error
 * found while checking or lowering it names the clause and the character.
 */
export type Offset = number;

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/' | '%';

export type OdsqlNode =
  | { readonly kind: 'field'; readonly name: string; readonly at: Offset }
  | { readonly kind: 'string'; readonly value: string; readonly at: Offset }
  | { readonly kind: 'number'; readonly value: number; readonly at: Offset }
  | { readonly kind: 'bool'; readonly value: boolean; readonly at: Offset }
  | { readonly kind: 'null'; readonly at: Offset }
  /** `date'2020-01-01'` */
  | { readonly kind: 'date'; readonly value: string; readonly at: Offset }
  /** `*`: count(*), and the open ends of range(field, *, a, b, *) */
  | { readonly kind: 'star'; readonly at: Offset }
  /** `name` lower-cased; `distinct` for count(distinct f) */
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly OdsqlNode[]; readonly distinct: boolean; readonly at: Offset }
  | { readonly kind: 'neg'; readonly operand: OdsqlNode; readonly at: Offset }
  | { readonly kind: 'not'; readonly operand: OdsqlNode; readonly at: Offset }
  | { readonly kind: 'arith'; readonly op: ArithOp; readonly left: OdsqlNode; readonly right: OdsqlNode; readonly at: Offset }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: OdsqlNode; readonly right: OdsqlNode; readonly at: Offset }
  | { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly operands: readonly OdsqlNode[]; readonly at: Offset }
  | { readonly kind: 'in'; readonly operand: OdsqlNode; readonly items: readonly OdsqlNode[]; readonly negated: boolean; readonly at: Offset }
  /** `field IN [a..b]` / `]a..b[`: a range with inclusive or exclusive ends */
  | {
      readonly kind: 'between';
      readonly operand: OdsqlNode;
      readonly low: OdsqlNode;
      readonly high: OdsqlNode;
      readonly lowInclusive: boolean;
      readonly highInclusive: boolean;
      readonly at: Offset;
    }
  | { readonly kind: 'like'; readonly operand: OdsqlNode; readonly pattern: string; readonly negated: boolean; readonly at: Offset }
  | { readonly kind: 'isnull'; readonly operand: OdsqlNode; readonly negated: boolean; readonly at: Offset }
  /** `field:value`, the facet-style equality the client's README shows (`country_code:'FR'`) */
  | { readonly kind: 'colon'; readonly field: string; readonly value: OdsqlNode; readonly at: Offset };

/** One item of a select or group_by list: the expression, its alias, and its text (the default column name). */
export interface ListItem {
  readonly expr: OdsqlNode;
  readonly alias?: string;
  readonly text: string;
  readonly at: Offset;
}

export interface OrderItem {
  readonly expr: OdsqlNode;
  readonly text: string;
  readonly direction: 'asc' | 'desc';
  readonly at: Offset;
}

export type Clause = 'select' | 'where' | 'group_by' | 'order_by' | 'refine' | 'exclude' | 'limit' | 'offset';

/** An ODSQL problem in one clause at one character. */
export class OdsqlError extends Error {
  constructor(message: string, readonly clause: Clause, readonly at: Offset) {
    super(message);
  }
}
