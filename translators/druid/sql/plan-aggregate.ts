/**
 * An aggregating SELECT → a native groupBy (or a timeseries when it groups by nothing, or by a time
 * bucket alone ordered by time, as Druid plans them). GROUP BY names columns, select aliases,
 * ordinals or a time bucket (TIME_FLOOR, FLOOR TO, DATE_TRUNC: the granularity); SELECT items are
 * group keys or values over aggregates; HAVING is a having filter over the output names; ORDER BY
 * becomes the limitSpec. Timeseries skip empty buckets, as SQL has no rows for them.
 */
import { SqlLiteral, SqlRecord, type SqlExpression, type SqlQuery } from 'druid-query-toolkit';
import { MAX_SUBTOTALS } from '../subtotals.js';
import { columnOf, sqlTypeOf, tableColumns, type NativeType, type Scope } from './scope.js';
import { offsetOf, sqlError, unsupported } from './syntax.js';
import { Aggregations, containsAggregate, type ValueRef } from './aggregates.js';
import { ConditionLowerer, lowerWhere, type NativeFilter } from './where.js';
import { intervalsOf } from './time-bounds.js';
import { timeBucketOf, timePartOf, type NativeGranularity } from './time-keys.js';
import { limitOf } from './plan-scan.js';
import type { OutColumn, SelectItem, SqlPlan } from './plan-types.js';

interface Key {
  readonly text: string;
  /** a dimension `d<n>`, or the time bucket (read from the row's timestamp) */
  readonly dim?: { readonly name: string; readonly column: string; readonly type: NativeType; readonly virtual?: { readonly name: string; readonly expression: string } };
  readonly time?: NativeGranularity;
}

// parentheses around a whole expression do not make it another key: `(market)` is `market`
const norm = (e: SqlExpression): string => e.getUnderlyingExpression().changeParens([]).toString().replace(/\s+/g, ' ').trim().toLowerCase();

/** GROUP BY's grouping sets: ROLLUP (a, b) is (a, b), (a), (); CUBE every subset, largest first; plain GROUP BY one set. */
function groupingSets(q: SqlQuery, scope: Scope): { exprs: SqlExpression[]; sets: SqlExpression[][] | undefined } {
  const clause = q.groupByClause;
  if (!clause) return { exprs: [], sets: undefined };
  const items = [...clause.toArray()];
  switch (clause.decorator) {
    case undefined:
      return { exprs: items, sets: undefined };
    case 'GROUPING SETS': {
      const sets = items.map((i) => (i instanceof SqlRecord ? [...(i.expressions?.values ?? [])] : [i]));
      return { exprs: sets.flat(), sets };
    }
    case 'ROLLUP':
      return { exprs: items, sets: items.map((_, i) => items.slice(0, items.length - i)).concat([[]]) };
    case 'CUBE': {
      if (2 ** items.length > MAX_SUBTOTALS) unsupported(`CUBE of more than ${Math.log2(MAX_SUBTOTALS)} expressions`, scope.text, clause);
      const sets: SqlExpression[][] = [];
      for (let mask = 2 ** items.length - 1; mask >= 0; mask--) sets.push(items.filter((_, i) => (mask >> (items.length - 1 - i)) & 1));
      return { exprs: items, sets };
    }
    default:
      return unsupported(`GROUP BY ${String(clause.decorator)}`, scope.text, clause);
  }
}

function groupKeys(q: SqlQuery, scope: Scope, items: readonly SelectItem[]): { keys: Key[]; subtotals: string[][] | undefined } {
  const { exprs, sets } = groupingSets(q, scope);
  const keys: Key[] = [];
  const keyOf = (raw: SqlExpression): Key => {
    let e = raw;
    if (raw instanceof SqlLiteral && typeof raw.value === 'number') {
      const item = items[raw.value - 1];
      if (!item) throw sqlError(`Ordinal out of range: ${raw.value}`, scope.text, offsetOf(scope.text, raw));
      e = item.expr;
    } else {
      const alias = items.find((i) => i.name === raw.toString().trim().replace(/^"|"$/g, '') && norm(i.expr) !== norm(raw));
      if (alias && scope.columns[alias.name] === undefined) e = alias.expr;
    }
    if (containsAggregate(e)) unsupported('An aggregate in GROUP BY', scope.text, raw);
    const text = norm(e);
    const known = keys.find((k) => k.text === text);
    if (known) return known;
    const time = timeBucketOf(scope, e);
    if (time !== undefined) {
      if (keys.some((k) => k.time !== undefined)) unsupported('Two time buckets in one GROUP BY', scope.text, raw);
      const k = { text, time };
      keys.push(k);
      return k;
    }
    const n = keys.filter((x) => x.dim).length;
    const part = timePartOf(scope, e);
    if (part) {
      const virtual = { name: `v${keys.filter((x) => x.dim?.virtual).length}`, expression: part };
      const k = { text, dim: { name: `d${n}`, column: virtual.name, type: 'LONG' as const, virtual } };
      keys.push(k);
      return k;
    }
    const c = columnOf(scope, e.getUnderlyingExpression());
    if (!c) unsupported(`GROUP BY the expression [${e.toString().trim()}] (columns, time buckets and time parts are supported)`, scope.text, raw);
    const k = { text, dim: { name: `d${n}`, column: c.name, type: c.type } };
    keys.push(k);
    return k;
  };
  exprs.forEach(keyOf);
  if (!sets) return { keys, subtotals: undefined };
  if (keys.length === 0) unsupported('GROUPING SETS of only the empty set', scope.text, q.groupByClause);
  if (sets.length > MAX_SUBTOTALS) unsupported(`More than ${MAX_SUBTOTALS} grouping sets`, scope.text, q.groupByClause);
  const subtotals = sets.map((set) => {
    const ks = set.map(keyOf);
    // the time bucket is the query's granularity: every set must keep it, or none has it
    if (keys.some((k) => k.time) && !ks.some((k) => k.time)) unsupported('A grouping set without the time bucket', scope.text, q.groupByClause);
    return [...new Set(ks.flatMap((k) => (k.dim ? [k.dim.name] : [])))];
  });
  return { keys, subtotals };
}

export function planAggregate(q: SqlQuery, scope: Scope, items: readonly SelectItem[]): SqlPlan {
  const { keys, subtotals } = groupKeys(q, scope, items);
  const where = new ConditionLowerer(scope, tableColumns(scope), 'FILTER (WHERE ...)');
  const aggs = new Aggregations(scope, (e) => where.filter(e));
  const keyOf = (e: SqlExpression): Key | undefined => keys.find((k) => k.text === norm(e));
  const timeKey = keys.find((k) => k.time !== undefined);

  const columns: OutColumn[] = items.map((it) => {
    const k = keyOf(it.expr);
    if (k?.dim) return { name: it.name, read: { from: 'value', native: k.dim.name }, type: k.dim.type, sqlType: sqlTypeOf(k.dim.type) };
    if (k?.time) return { name: it.name, read: { from: 'timestamp' }, type: 'LONG', sqlType: 'TIMESTAMP' };
    if (!containsAggregate(it.expr)) {
      throw sqlError(`Expression '${it.expr.toString().trim()}' is not being grouped`, scope.text, offsetOf(scope.text, it.node));
    }
    const v = aggs.value(it.expr);
    return { name: it.name, read: { from: 'value', native: v.name }, type: v.type, sqlType: sqlTypeOf(v.type) };
  });

  // an output name, a select alias, an ordinal, a group key or an aggregate: its native column
  const resolve = (e: SqlExpression): { dimension: string; type: NativeType; time: boolean } | undefined => {
    const u = e.getUnderlyingExpression();
    if (u instanceof SqlLiteral && typeof u.value === 'number') {
      const c = columns[u.value - 1];
      if (!c) throw sqlError(`Ordinal out of range: ${u.value}`, scope.text, offsetOf(scope.text, u));
      return { dimension: c.read.from === 'value' ? c.read.native : '__time', type: c.type, time: c.read.from === 'timestamp' };
    }
    const byName = columns.find((c) => c.name === u.toString().trim().replace(/^"|"$/g, ''));
    const k = keyOf(u);
    if (k?.dim) return { dimension: k.dim.name, type: k.dim.type, time: false };
    if (k?.time) return { dimension: '__time', type: 'LONG', time: true };
    if (byName) {
      return { dimension: byName.read.from === 'value' ? byName.read.native : '__time', type: byName.type, time: byName.read.from === 'timestamp' };
    }
    if (containsAggregate(u)) {
      const v: ValueRef = aggs.value(u);
      return { dimension: v.name, type: v.type, time: false };
    }
    return undefined;
  };

  const { filter, time } = lowerWhere(scope, tableColumns(scope), q.getWhereExpression());
  const havingExpr = q.havingClause?.expression;
  if (havingExpr && keys.length === 0) unsupported('HAVING without GROUP BY', scope.text, q.havingClause);
  const having: NativeFilter | undefined = havingExpr
    ? new ConditionLowerer(scope, (e) => {
        const r = resolve(e);
        if (r?.time) unsupported('The time bucket in HAVING', scope.text, e);
        return r;
      }, 'HAVING').filter(havingExpr)
    : undefined;

  const orderBy = (q.orderByClause?.expressions.values ?? []).map((o) => {
    const r = resolve(o.expression);
    if (!r) unsupported(`ORDER BY [${o.expression.toString().trim()}] (an output column, a group key or an aggregate is expected)`, scope.text, o);
    return { ...r, desc: o.getEffectiveDirection() === 'DESC', node: o };
  });
  const { limit, offset } = limitOf(q, scope);
  const base = {
    dataSource: scope.dataSource,
    intervals: intervalsOf(time),
    ...(filter ? { filter } : {}),
    aggregations: aggs.aggregators,
    postAggregations: aggs.postAggregators,
  };
  const timeout = scope.context.timeoutMs ? { timeout: scope.context.timeoutMs } : {};
  const granularity = timeKey?.time ?? 'all';

  if (keys.length === 0) {
    // one row, whatever ORDER BY says; LIMIT and OFFSET cut it
    const native = { queryType: 'timeseries', ...base, granularity: 'all', context: { ...timeout } };
    return { shape: 'timeseries', native, columns, unbounded: false, slice: { offset, limit } };
  }
  if (subtotals && (orderBy.length > 0 || limit !== null || offset > 0)) {
    // Druid orders and cuts each subtotal on its own, where SQL would order the whole answer
    unsupported('ORDER BY, LIMIT or OFFSET together with GROUPING SETS, ROLLUP or CUBE', scope.text, q.orderByClause ?? q.limitClause ?? q.offsetClause);
  }
  // a time bucket alone, ordered by time: a timeseries (which has no having: with HAVING it stays a groupBy)
  if (keys.length === 1 && timeKey && !subtotals && !having && orderBy.every((o) => o.time)) {
    const native = {
      queryType: 'timeseries', ...base, granularity, descending: orderBy[0]?.desc === true,
      ...(limit !== null && limit > 0 ? { limit: limit + offset } : {}),
      context: { skipEmptyBuckets: true, ...timeout },
    };
    return { shape: 'timeseries', native, columns, unbounded: false, slice: { offset, limit } };
  }
  const timeAt = orderBy.findIndex((o) => o.time);
  if (timeAt > 0 || (timeAt === 0 && orderBy[0]?.desc)) {
    unsupported('ORDER BY the time bucket descending, or after other columns, together with other group keys', scope.text, orderBy[timeAt]?.node);
  }
  const limitColumns = orderBy.filter((o) => !o.time).map((o) => ({
    dimension: o.dimension,
    direction: o.desc ? 'descending' : 'ascending',
    dimensionOrder: o.type === 'STRING' ? 'lexicographic' : 'numeric',
  }));
  const native = {
    queryType: 'groupBy',
    ...base,
    granularity,
    ...(keys.some((k) => k.dim?.virtual) ? { virtualColumns: keys.flatMap((k) => (k.dim?.virtual ? [{ type: 'expression', ...k.dim.virtual, outputType: 'LONG' }] : [])) } : {}),
    dimensions: keys.flatMap((k) => (k.dim ? [{ type: 'default', dimension: k.dim.column, outputName: k.dim.name, outputType: k.dim.type }] : [])),
    ...(having ? { having: { type: 'filter', filter: having } } : {}),
    ...(subtotals ? { subtotalsSpec: subtotals } : {}),
    limitSpec: { type: 'default', columns: limitColumns, ...(limit !== null && limit > 0 ? { limit } : {}), ...(offset > 0 ? { offset } : {}) },
    // ordered by something other than time first: the limitSpec's columns come before the time bucket
    context: { ...(timeKey && timeAt !== 0 && limitColumns.length > 0 ? { sortByDimsFirst: true } : {}), ...timeout },
  };
  return { shape: 'groupBy', native, columns, unbounded: false, ...(limit === 0 ? { slice: { offset: 0, limit: 0 } } : {}) };
}
