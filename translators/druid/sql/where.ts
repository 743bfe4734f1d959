/**
 * SQL conditions → Druid native filters, with SQL's three-valued logic: a row matches when the
 * condition is TRUE, so a negated comparison also excludes the rows where its column is null
 * (NOT (c = 'x') is UNKNOWN, not TRUE, for a null c). Negation is pushed down to the leaves (De
 * Morgan holds for "is FALSE" too), where each leaf knows its own FALSE. Conditions on `__time` at
 * the top level become the query's intervals, as Druid plans them.
 */
import { SqlBetweenPart, SqlComparison, SqlFunction, SqlLikePart, SqlLiteral, SqlMulti, SqlRecord, SqlUnary, type SqlBase, type SqlExpression } from 'druid-query-toolkit';
import { offsetOf, sqlError, unsupported } from './syntax.js';
import type { NativeType, Scope } from './scope.js';
import { FLIPPED, literalOf, type Op } from './scope.js';
import { timeRangeOf, type TimeRange } from './time-bounds.js';
import type { Collector } from '../../../src/errors/collector.js';
import { eachOrThrow } from './collect.js';

export type NativeFilter = { readonly type: string; readonly [k: string]: unknown };

/** How a condition's column references resolve: a native dimension (or output name) and its type. */
export type FilterColumns = (node: SqlExpression) => { readonly dimension: string; readonly type: NativeType } | undefined;

const NEGATED: Record<Op, Op> = { '=': '<>', '<>': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

const TRUE: NativeFilter = { type: 'true' };
const FALSE: NativeFilter = { type: 'false' };
const isNull = (dimension: string): NativeFilter => ({ type: 'selector', dimension, value: null });
export const notNull = (dimension: string): NativeFilter => ({ type: 'not', field: isNull(dimension) });
const and = (...fields: NativeFilter[]): NativeFilter => ({ type: 'and', fields });

function valueText(v: string | number | boolean, type: NativeType): string | undefined {
  if (type === 'STRING') return String(v);
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  // a number column against text that is no number: CAST gives null, the comparison is never TRUE
  return typeof v === 'string' && (v.trim() === '' || !Number.isFinite(n)) ? undefined : String(n);
}

function bound(dimension: string, type: NativeType, op: Op, v: string): NativeFilter {
  const ordering = type === 'STRING' ? 'lexicographic' : 'numeric';
  switch (op) {
    case '=':
      return type === 'STRING' ? { type: 'selector', dimension, value: v } : { type: 'bound', dimension, lower: v, upper: v, ordering };
    case '<>':
      return and({ type: 'not', field: bound(dimension, type, '=', v) }, notNull(dimension));
    case '<':
    case '<=':
      return { type: 'bound', dimension, upper: v, upperStrict: op === '<', ordering };
    case '>':
    case '>=':
      return { type: 'bound', dimension, lower: v, lowerStrict: op === '>', ordering };
  }
}

export class ConditionLowerer {
  constructor(private readonly scope: Scope, private readonly columns: FilterColumns, private readonly where: string) {}

  private col(node: SqlExpression): { dimension: string; type: NativeType } {
    const c = this.columns(node);
    if (!c) unsupported(`The expression [${node.toString().trim()}] in ${this.where} (only a column or an output name compared with literals is)`, this.scope.text, node);
    return c;
  }

  private literal(node: SqlBase): string | number | boolean | null {
    const l = literalOf(node);
    if (!l) unsupported(`The expression [${node.toString().trim()}] as a value in ${this.where} (a literal is expected)`, this.scope.text, node);
    return l.value;
  }

  /** Rows where `e` is TRUE, or with `negated` where it is FALSE. */
  filter(e: SqlExpression, negated = false): NativeFilter {
    if (e instanceof SqlMulti && (e.op === 'AND' || e.op === 'OR')) {
      // each operand on its own: a condition's several problems are all reported
      const fields = eachOrThrow(e.getArgArray(), (a) => this.filter(a, negated), e.toString().trim());
      return { type: (e.op === 'AND') !== negated ? 'and' : 'or', fields };
    }
    if (e instanceof SqlUnary && e.op === 'NOT') return this.filter(e.argument, !negated);
    if (e instanceof SqlLiteral && typeof e.value === 'boolean') return e.value !== negated ? TRUE : FALSE;
    if (e instanceof SqlComparison) return this.comparison(e, negated);
    if (e instanceof SqlFunction && e.getEffectiveFunctionName() === 'TIME_IN_INTERVAL') {
      unsupported('TIME_IN_INTERVAL inside OR or NOT (only as a top-level condition)', this.scope.text, e);
    }
    return unsupported(`The condition [${e.toString().trim()}] in ${this.where}`, this.scope.text, e);
  }

  private comparison(e: SqlComparison, negated: boolean): NativeFilter {
    const op = e.op;
    switch (op) {
      case 'IS':
      case 'IS NOT': {
        const { dimension } = this.col(e.lhs);
        if (this.literal(e.rhs) !== null) unsupported(`${op} with a value other than NULL`, this.scope.text, e.rhs);
        return (op === 'IS') !== negated ? isNull(dimension) : notNull(dimension);
      }
      case 'IN':
      case 'NOT IN':
        return this.inList(e, (op === 'NOT IN') !== negated);
      case 'BETWEEN':
      case 'NOT BETWEEN':
        return this.between(e, (op === 'NOT BETWEEN') !== negated);
      case 'LIKE':
      case 'NOT LIKE':
        return this.like(e, (op === 'NOT LIKE') !== negated);
      case '=':
      case '<>':
      case '<':
      case '>':
      case '<=':
      case '>=': {
        if (e.decorator) unsupported(`${op} ${e.decorator}`, this.scope.text, e);
        const leftIsColumn = this.columns(e.lhs) !== undefined;
        const [colNode, valueNode, o] = leftIsColumn ? [e.lhs, e.rhs, op] : [e.rhs as SqlExpression, e.lhs, FLIPPED[op]];
        const { dimension, type } = this.col(colNode);
        const v = this.literal(valueNode);
        if (v === null) return FALSE; // c = NULL is UNKNOWN for every row, and so is its negation
        const text = valueText(v, type);
        if (text === undefined) return FALSE;
        return bound(dimension, type, negated ? NEGATED[o] : o, text);
      }
      default:
        return unsupported(`The operator ${op}`, this.scope.text, e);
    }
  }

  private inList(e: SqlComparison, not: boolean): NativeFilter {
    const { dimension, type } = this.col(e.lhs);
    if (!(e.rhs instanceof SqlRecord)) unsupported('IN with a subquery', this.scope.text, e.rhs);
    const values = e.rhs.expressions?.values ?? [];
    const list = values.map((v) => this.literal(v));
    const texts = list.flatMap((v) => (v === null ? [] : [valueText(v, type)])).filter((t): t is string => t !== undefined);
    if (not && texts.length < list.filter((v) => v !== null).length) {
      // a value the column's type cannot hold would be NULL after the cast, and make NOT IN never TRUE
      unsupported('NOT IN with a value the column\'s type cannot hold', this.scope.text, e.rhs);
    }
    const hasNull = list.includes(null);
    const matches: NativeFilter =
      type === 'STRING' ? { type: 'in', dimension, values: texts } : { type: 'or', fields: texts.map((t) => bound(dimension, type, '=', t)) };
    if (!not) return matches;
    // NOT IN (..., NULL) is never TRUE; otherwise the column must be non-null and outside the list
    return hasNull ? FALSE : and({ type: 'not', field: matches }, notNull(dimension));
  }

  private between(e: SqlComparison, not: boolean): NativeFilter {
    const { dimension, type } = this.col(e.lhs);
    const part = e.rhs as SqlBetweenPart;
    if (part.symmetric) unsupported('BETWEEN SYMMETRIC', this.scope.text, e);
    const lo = this.literal(part.start);
    const hi = this.literal(part.end);
    if (lo === null || hi === null) return FALSE;
    const [l, h] = [valueText(lo, type), valueText(hi, type)];
    if (l === undefined || h === undefined) return FALSE;
    const inside: NativeFilter = { type: 'bound', dimension, lower: l, upper: h, ordering: type === 'STRING' ? 'lexicographic' : 'numeric' };
    return not ? and({ type: 'not', field: inside }, notNull(dimension)) : inside;
  }

  private like(e: SqlComparison, not: boolean): NativeFilter {
    const { dimension } = this.col(e.lhs);
    const [patternNode, escapeNode] = e.rhs instanceof SqlLikePart ? [e.rhs.like, e.rhs.escape] : [e.rhs, undefined];
    const pattern = this.literal(patternNode);
    const escape = escapeNode === undefined ? undefined : this.literal(escapeNode);
    if (pattern === null || escape === null) return FALSE;
    if (escape !== undefined && String(escape).length !== 1) throw sqlError('ESCAPE must be a single character', this.scope.text, offsetOf(this.scope.text, escapeNode));
    const like: NativeFilter = { type: 'like', dimension, pattern: String(pattern), ...(escape !== undefined ? { escape: String(escape) } : {}) };
    return not ? and({ type: 'not', field: like }, notNull(dimension)) : like;
  }
}

/**
 * WHERE: its `__time` conditions (top-level conjuncts) as one range, the rest as a filter; each
 * conjunct on its own (a failed one is left out: the caller throws before using the result).
 */
export function lowerWhere(scope: Scope, columns: FilterColumns, where: SqlExpression | undefined, c: Collector): { filter?: NativeFilter; time: TimeRange } {
  if (!where) return { time: timeRangeOf(scope, [], c) };
  const conjuncts = where instanceof SqlMulti && where.op === 'AND' ? [...where.getArgArray()] : [where];
  const timed: SqlExpression[] = [];
  const rest: SqlExpression[] = [];
  for (const x of conjuncts) (mentionsTime(scope, x) ? timed : rest).push(x);
  const lowerer = new ConditionLowerer(scope, columns, 'WHERE');
  const fields = c.each(rest, (x) => lowerer.filter(x));
  const filter = fields.length === 0 ? undefined : fields.length === 1 ? fields[0] : and(...fields);
  return { ...(filter ? { filter } : {}), time: timeRangeOf(scope, timed, c) };
}

/** Whether a condition reads `__time` (then it must be one the time range understands). */
function mentionsTime(scope: Scope, e: SqlExpression): boolean {
  return e.getUsedColumnNames().some((n) => n === '__time') && scope.columns.__time !== undefined;
}
