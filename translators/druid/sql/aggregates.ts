/**
 * SQL aggregate calls and the arithmetic over them → native aggregators (`a0`, `a1`, …) and
 * expression post-aggregators (`p0`, …), named as Druid's planner names them. One call written
 * twice (in SELECT and ORDER BY) is one aggregator. Types follow Druid SQL: COUNT is BIGINT, SUM, MIN
 * and MAX keep their column's type, AVG of a BIGINT is a BIGINT (Druid widens averages to 64 bits and
 * truncates), COUNT(DISTINCT) is approximate (a cardinality aggregator) as Druid's default is.
 */
import { SqlFunction, SqlLiteral, SqlMulti, SqlStar, SqlUnary, type SqlExpression } from 'druid-query-toolkit';
import { columnOf, type NativeType, type Scope } from './scope.js';
import { sqlError, offsetOf, unsupported } from './syntax.js';
import { notNull, type NativeFilter } from './where.js';
import { isMathFunction, mathCall } from './math.js';
import type { Collector } from '../../../src/errors/collector.js';
import { allOf } from './collect.js';

export interface ValueRef {
  readonly name: string;
  readonly type: NativeType;
}

type Obj = Record<string, unknown>;

/** Every aggregate function Druid SQL documents; the ones not built here are refused by name. */
const AGGREGATES: ReadonlySet<string> = new Set([
  'COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'APPROX_COUNT_DISTINCT', 'APPROX_COUNT_DISTINCT_BUILTIN', 'APPROX_COUNT_DISTINCT_DS_HLL',
  'APPROX_COUNT_DISTINCT_DS_THETA', 'APPROX_QUANTILE', 'APPROX_QUANTILE_DS', 'APPROX_QUANTILE_FIXED_BUCKETS', 'EARLIEST',
  'EARLIEST_BY', 'LATEST', 'LATEST_BY', 'ANY_VALUE', 'STDDEV', 'STDDEV_POP', 'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP',
  'BIT_AND', 'BIT_OR', 'BIT_XOR', 'STRING_AGG', 'LISTAGG', 'ARRAY_AGG', 'ARRAY_CONCAT_AGG', 'BLOOM_FILTER', 'GROUPING',
  'DS_HLL', 'DS_THETA', 'DS_QUANTILES_SKETCH', 'TDIGEST_GENERATE_SKETCH', 'TDIGEST_QUANTILE', 'BOOL_AND', 'BOOL_OR', 'EVERY',
]);

const isQuantile = (e: SqlExpression): e is SqlFunction =>
  e instanceof SqlFunction && (e.getEffectiveFunctionName() === 'APPROX_QUANTILE_DS' || e.getEffectiveFunctionName() === 'APPROX_QUANTILE') && !e.windowSpec;

export const isAggregateCall = (e: SqlExpression): e is SqlFunction =>
  e instanceof SqlFunction && AGGREGATES.has(e.getEffectiveFunctionName()) && !e.windowSpec;

/** Whether an expression holds an aggregate call anywhere (then it is evaluated per group). */
export function containsAggregate(e: SqlExpression): boolean {
  let found = false;
  e.walk((n) => {
    if (n instanceof SqlFunction && AGGREGATES.has(n.getEffectiveFunctionName())) found = true;
    return n;
  });
  return found;
}

export class Aggregations {
  readonly aggregators: Obj[] = [];
  readonly postAggregators: Obj[] = [];
  private readonly known = new Map<string, ValueRef>();

  /** `c`: where the problems of each aggregate call in an expression over several are collected */
  constructor(private readonly scope: Scope, private readonly filterOf: (e: SqlExpression) => NativeFilter, private readonly c: Collector) {}

  private add(kind: 'a' | 'p', key: string, make: (name: string) => { spec: Obj; type: NativeType }): ValueRef {
    const hit = this.known.get(key);
    if (hit) return hit;
    const list = kind === 'a' ? this.aggregators : this.postAggregators;
    const name = `${kind}${list.length}`;
    const { spec, type } = make(name);
    list.push(spec);
    const ref = { name, type };
    this.known.set(key, ref);
    return ref;
  }

  /** A value computed per group: an aggregate call, or arithmetic over aggregates and numbers. */
  value(e: SqlExpression): ValueRef {
    const u = e.getUnderlyingExpression();
    if (isQuantile(u)) return this.quantile(u);
    if (isAggregateCall(u) && u.getEffectiveFunctionName() !== 'AVG') return this.aggregate(u);
    const { text, type } = this.expression(u);
    return this.add('p', `post:${text}`, (name) => ({ spec: { type: 'expression', name, expression: text }, type }));
  }

  /** A Druid expression over the group's aggregators (only names the proxy made, and numbers). */
  private expression(e: SqlExpression): { text: string; type: NativeType } {
    const u = e.getUnderlyingExpression();
    if (u instanceof SqlFunction && u.getEffectiveFunctionName() === 'AVG' && !u.windowSpec) return this.average(u);
    if (isQuantile(u)) return { text: `"${this.quantile(u).name}"`, type: 'DOUBLE' };
    if (isAggregateCall(u)) {
      const ref = this.aggregate(u);
      return { text: `"${ref.name}"`, type: ref.type };
    }
    if (u instanceof SqlLiteral && (typeof u.value === 'number' || typeof u.value === 'bigint')) {
      const written = (u.stringValue ?? String(u.value)).trim();
      const isDouble = /[.eE]/.test(written) || !Number.isInteger(Number(u.value));
      const n = Number(u.value);
      return { text: isDouble ? (Number.isInteger(n) ? `${n}.0` : String(n)) : String(n), type: isDouble ? 'DOUBLE' : 'LONG' };
    }
    if (u instanceof SqlUnary && u.op === '-') {
      const x = this.expression(u.argument);
      return { text: `(-${x.text})`, type: x.type };
    }
    if (u instanceof SqlMulti && (u.op === '+' || u.op === '-' || u.op === '*' || u.op === '/')) {
      const parts = allOf(this.c, u.getArgArray(), (a) => this.expression(a), u.toString().trim());
      const type: NativeType = parts.every((p) => p.type === 'LONG') ? 'LONG' : 'DOUBLE';
      return { text: `(${parts.map((p) => p.text).join(` ${u.op} `)})`, type };
    }
    if (u instanceof SqlFunction && u.getEffectiveFunctionName() === 'CAST') {
      const to = u.getCastType()?.toString().trim().toUpperCase();
      const inner = this.expression(u.getArg(0) as SqlExpression);
      if (to === 'DOUBLE' || to === 'FLOAT' || to === 'REAL') return { text: `cast(${inner.text}, 'DOUBLE')`, type: 'DOUBLE' };
      if ((to === 'BIGINT' || to === 'INTEGER') && inner.type === 'LONG') return inner;
      unsupported(`CAST to ${to ?? 'this type'} over an aggregate`, this.scope.text, u);
    }
    if (u instanceof SqlFunction && !u.windowSpec && isMathFunction(u.getEffectiveFunctionName())) {
      const args = allOf(this.c, u.getArgArray(), (a) => this.expression(a), u.toString().trim());
      return mathCall(u.getEffectiveFunctionName(), args, (m) => {
        throw sqlError(m, this.scope.text, offsetOf(this.scope.text, u));
      });
    }
    return unsupported(`The expression [${u.toString().trim()}] over aggregates (arithmetic, numbers, CAST AS DOUBLE, ABS, CEIL, FLOOR, ROUND, SQRT, POWER, GREATEST and LEAST are supported)`, this.scope.text, u);
  }

  private numericColumn(fn: SqlFunction, arg: SqlExpression | undefined): { name: string; type: 'LONG' | 'DOUBLE' } {
    const c = arg ? columnOf(this.scope, arg.getUnderlyingExpression()) : undefined;
    if (!arg || !c) unsupported(`${fn.getEffectiveFunctionName()} of an expression (a column is expected)`, this.scope.text, arg ?? fn);
    if (c.type === 'STRING') throw sqlError(`Cannot apply '${fn.getEffectiveFunctionName()}' to arguments of type '${fn.getEffectiveFunctionName()}(<VARCHAR>)'`, this.scope.text, offsetOf(this.scope.text, arg));
    return { name: c.name, type: c.type };
  }

  aggregate(fn: SqlFunction): ValueRef {
    const where = fn.getWhereExpression();
    const key = `${fn.getEffectiveFunctionName()}|${fn.getEffectiveDecorator() ?? ''}|${fn.getArgArray().map((a) => a.toString().trim()).join(',')}|${where?.toString().trim() ?? ''}`;
    if (fn.windowSpec) unsupported('Window functions (OVER)', this.scope.text, fn);
    return this.add('a', key, (name) => {
      const { spec, type } = this.plain(fn, name);
      const filter = where ? this.filterOf(where) : undefined;
      return { spec: filter ? { type: 'filtered', name, filter, aggregator: spec } : spec, type };
    });
  }

  private plain(fn: SqlFunction, name: string): { spec: Obj; type: NativeType } {
    const f = fn.getEffectiveFunctionName();
    const args = fn.getArgArray();
    const distinct = fn.getEffectiveDecorator()?.toUpperCase() === 'DISTINCT';
    const distinctCount = (): { spec: Obj; type: NativeType } => {
      const c = args[0] ? columnOf(this.scope, args[0].getUnderlyingExpression()) : undefined;
      if (!c) unsupported(`${f} of an expression (a column is expected)`, this.scope.text, args[0] ?? fn);
      if (!this.scope.context.approximateCountDistinct) unsupported('Exact COUNT(DISTINCT) (useApproximateCountDistinct: false)', this.scope.text, fn);
      return { spec: { type: 'cardinality', name, fields: [c.name], round: true }, type: 'LONG' };
    };
    switch (f) {
      case 'COUNT': {
        if (distinct) return distinctCount();
        const arg = args[0];
        if (!arg || arg instanceof SqlStar) return { spec: { type: 'count', name }, type: 'LONG' };
        const c = columnOf(this.scope, arg.getUnderlyingExpression());
        if (!c) unsupported('COUNT of an expression (a column or * is expected)', this.scope.text, arg);
        // COUNT(col) counts the rows where col is not null
        return { spec: { type: 'filtered', name, filter: notNull(c.name), aggregator: { type: 'count', name } }, type: 'LONG' };
      }
      case 'APPROX_COUNT_DISTINCT':
      case 'APPROX_COUNT_DISTINCT_BUILTIN':
        return distinctCount();
      case 'SUM':
      case 'MIN':
      case 'MAX': {
        if (distinct) unsupported(`${f}(DISTINCT ...)`, this.scope.text, fn);
        const c = this.numericColumn(fn, args[0]);
        const prefix = c.type === 'LONG' ? 'long' : 'double';
        return { spec: { type: `${prefix}${f === 'SUM' ? 'Sum' : f === 'MIN' ? 'Min' : 'Max'}`, name, fieldName: c.name }, type: c.type };
      }
      case 'EARLIEST':
      case 'LATEST':
      case 'ANY_VALUE': {
        const c = this.numericColumn(fn, args[0]);
        const prefix = c.type === 'LONG' ? 'long' : 'double';
        return { spec: { type: `${prefix}${f === 'LATEST' ? 'Last' : 'First'}`, name, fieldName: c.name }, type: c.type };
      }
      default:
        return unsupported(`The aggregate function ${f}`, this.scope.text, fn);
    }
  }

  /**
   * APPROX_QUANTILE_DS(col, p) (and the older APPROX_QUANTILE): a quantilesDoublesSketch of the
   * column and the post-aggregator reading the quantile p of it, as Druid plans them.
   */
  private quantile(fn: SqlFunction): ValueRef {
    const c = this.numericColumn(fn, fn.getArg(0));
    const p = fn.getArg(1);
    const fraction = p instanceof SqlLiteral && typeof p.value === 'number' ? p.value : NaN;
    if (!(fraction >= 0 && fraction <= 1)) throw sqlError(`${fn.getEffectiveFunctionName()} needs a probability between 0 and 1 as its second argument`, this.scope.text, offsetOf(this.scope.text, p ?? fn));
    const where = fn.getWhereExpression();
    const w = where?.toString().trim() ?? '';
    const sketch = this.add('a', `SKETCH|${c.name}|${w}`, (name) => {
      const spec = { type: 'quantilesDoublesSketch', name, fieldName: c.name, k: 128 };
      return { spec: where ? { type: 'filtered', name, filter: this.filterOf(where), aggregator: spec } : spec, type: 'LONG' };
    });
    return this.add('p', `QUANTILE|${sketch.name}|${fraction}`, (name) => ({
      spec: { type: 'quantilesDoublesSketchToQuantile', name, field: { type: 'fieldAccess', fieldName: sketch.name }, fraction },
      type: 'DOUBLE',
    }));
  }

  /** AVG(col): a sum and a count of the non-null values, divided (integer division for a BIGINT column). */
  private average(fn: SqlFunction): { text: string; type: NativeType } {
    const c = this.numericColumn(fn, fn.getArg(0));
    const where = fn.getWhereExpression();
    const w = where?.toString().trim() ?? '';
    const wrap = (name: string, spec: Obj): Obj => (where ? { type: 'filtered', name, filter: this.filterOf(where), aggregator: spec } : spec);
    const prefix = c.type === 'LONG' ? 'long' : 'double';
    const sum = this.add('a', `AVG-SUM|${c.name}|${w}`, (name) => ({ spec: wrap(name, { type: `${prefix}Sum`, name, fieldName: c.name }), type: c.type }));
    const count = this.add('a', `AVG-COUNT|${c.name}|${w}`, (name) => ({ spec: wrap(name, { type: 'filtered', name, filter: notNull(c.name), aggregator: { type: 'count', name } }), type: 'LONG' }));
    return { text: `("${sum.name}" / "${count.name}")`, type: c.type };
  }
}
