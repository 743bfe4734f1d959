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
import { offsetOf, sqlError, unsupported, unsupportedError } from './syntax.js';
import { Aggregations, containsAggregate, type ValueRef } from './aggregates.js';
import { ConditionLowerer, lowerWhere, type NativeFilter } from './where.js';
import { intervalsOf } from './time-bounds.js';
import { timeBucketOf, timePartOf, type NativeGranularity } from './time-keys.js';
import { limitOf } from './plan-scan.js';
import type { OutColumn, SelectItem, SqlPlan } from './plan-types.js';
import type { Collector } from '../../../src/errors/collector.js';
import { record, SkippedPart } from './collect.js';

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

/** The group keys; `failed` holds the text of each key that failed, `complete` says none did. */
interface Grouping {
  readonly keys: Key[];
  readonly subtotals: string[][] | undefined;
  readonly failed: ReadonlySet<string>;
  readonly complete: boolean;
}

function groupKeys(q: SqlQuery, scope: Scope, items: readonly SelectItem[], c: Collector): Grouping {
  const grouped = c.attempt(() => groupingSets(q, scope));
  const keys: Key[] = [];
  const failed = new Set<string>();
  // the expression a GROUP BY item names: itself, the select item of an ordinal, or of an alias
  const target = (raw: SqlExpression): SqlExpression => {
    if (raw instanceof SqlLiteral && typeof raw.value === 'number') {
      const item = items[raw.value - 1];
      if (!item) throw sqlError(`Ordinal out of range: ${raw.value}`, scope.text, offsetOf(scope.text, raw));
      return item.expr;
    }
    const alias = items.find((i) => i.name === raw.toString().trim().replace(/^"|"$/g, '') && norm(i.expr) !== norm(raw));
    return alias && !Object.hasOwn(scope.columns, alias.name) ? alias.expr : raw;
  };
  const keyOf = (raw: SqlExpression, e: SqlExpression): Key => {
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
    const col = columnOf(scope, e.getUnderlyingExpression());
    if (!col) unsupported(`GROUP BY the expression [${e.toString().trim()}] (columns, time buckets and time parts are supported)`, scope.text, raw);
    const k = { text, dim: { name: `d${n}`, column: col.name, type: col.type } };
    keys.push(k);
    return k;
  };
  // each GROUP BY item on its own; what a failed one names is remembered, so that its select item is not "not grouped" too
  const each = (raw: SqlExpression): Key | undefined => {
    let text: string | undefined;
    const k = c.attempt(() => {
      const e = target(raw);
      text = norm(e);
      return keyOf(raw, e);
    });
    if (!k && text !== undefined) failed.add(text);
    return k;
  };
  if (!grouped) return { keys, subtotals: undefined, failed, complete: false };
  const { exprs, sets } = grouped;
  const planned = exprs.map(each);
  const complete = planned.every((k) => k !== undefined);
  if (!sets || !complete) return { keys, subtotals: undefined, failed, complete };
  const refuse = (what: string): undefined => void c.attempt(() => unsupported(what, scope.text, q.groupByClause));
  if (keys.length === 0) return { keys, subtotals: refuse('GROUPING SETS of only the empty set'), failed, complete: false };
  if (sets.length > MAX_SUBTOTALS) return { keys, subtotals: refuse(`More than ${MAX_SUBTOTALS} grouping sets`), failed, complete: false };
  // the time bucket is the query's granularity: every set must keep it, or none has it
  const ks = sets.map((set) => set.map((raw) => keyOf(raw, target(raw))));
  if (keys.some((k) => k.time) && ks.some((set) => !set.some((k) => k.time))) return { keys, subtotals: refuse('A grouping set without the time bucket'), failed, complete: false };
  return { keys, subtotals: ks.map((set) => [...new Set(set.flatMap((k) => (k.dim ? [k.dim.name] : [])))]), failed, complete };
}

export function planAggregate(q: SqlQuery, scope: Scope, items: readonly SelectItem[], c: Collector): SqlPlan {
  const { keys, subtotals, failed, complete } = groupKeys(q, scope, items, c);
  const where = new ConditionLowerer(scope, tableColumns(scope), 'FILTER (WHERE ...)');
  const aggs = new Aggregations(scope, (e) => where.filter(e), c);
  const keyOf = (e: SqlExpression): Key | undefined => keys.find((k) => k.text === norm(e));
  const timeKey = keys.find((k) => k.time !== undefined);

  // each select item on its own, at its own index (ordinals read them); a failed one is undefined
  const planned: (OutColumn | undefined)[] = items.map((it) => c.attempt((): OutColumn => {
    const k = keyOf(it.expr);
    if (k?.dim) return { name: it.name, read: { from: 'value', native: k.dim.name }, type: k.dim.type, sqlType: sqlTypeOf(k.dim.type) };
    if (k?.time) return { name: it.name, read: { from: 'timestamp' }, type: 'LONG', sqlType: 'TIMESTAMP' };
    if (!containsAggregate(it.expr)) {
      // a key that failed (or a GROUP BY that did) already said what is wrong with it
      if (!complete && (failed.has(norm(it.expr)) || keys.length === 0)) throw new SkippedPart(it.name);
      throw sqlError(`Expression '${it.expr.toString().trim()}' is not being grouped`, scope.text, offsetOf(scope.text, it.node));
    }
    const v = aggs.value(it.expr);
    return { name: it.name, read: { from: 'value', native: v.name }, type: v.type, sqlType: sqlTypeOf(v.type) };
  }));
  const columns = planned.filter((x): x is OutColumn => x !== undefined);

  // an output name, a select alias, an ordinal, a group key or an aggregate: its native column
  const resolve = (e: SqlExpression): { dimension: string; type: NativeType; time: boolean } | undefined => {
    const u = e.getUnderlyingExpression();
    if (u instanceof SqlLiteral && typeof u.value === 'number') {
      if (!items[u.value - 1]) throw sqlError(`Ordinal out of range: ${u.value}`, scope.text, offsetOf(scope.text, u));
      const col = planned[u.value - 1];
      if (!col) throw new SkippedPart(`select item ${u.value}`);
      return { dimension: col.read.from === 'value' ? col.read.native : '__time', type: col.type, time: col.read.from === 'timestamp' };
    }
    const name = u.toString().trim().replace(/^"|"$/g, '');
    const byName = columns.find((col) => col.name === name);
    const k = keyOf(u);
    if (k?.dim) return { dimension: k.dim.name, type: k.dim.type, time: false };
    if (k?.time) return { dimension: '__time', type: 'LONG', time: true };
    if (byName) {
      return { dimension: byName.read.from === 'value' ? byName.read.native : '__time', type: byName.type, time: byName.read.from === 'timestamp' };
    }
    // an alias of a failed select item, or a failed group key: reported where it failed
    if (items.some((it, i) => !planned[i] && it.name === name) || failed.has(norm(u))) throw new SkippedPart(name);
    if (containsAggregate(u)) {
      const v: ValueRef = aggs.value(u);
      return { dimension: v.name, type: v.type, time: false };
    }
    return undefined;
  };

  const { filter, time } = lowerWhere(scope, tableColumns(scope), q.getWhereExpression(), c);
  const havingExpr = q.havingClause?.expression;
  // HAVING without GROUP BY is the one problem of that clause
  const alone = havingExpr !== undefined && keys.length === 0 && complete;
  if (alone) record(c, unsupportedError('HAVING without GROUP BY', scope.text, q.havingClause));
  const having: NativeFilter | undefined = havingExpr && !alone
    ? c.attempt(() => new ConditionLowerer(scope, (e) => {
        const r = resolve(e);
        if (r?.time) unsupported('The time bucket in HAVING', scope.text, e);
        return r;
      }, 'HAVING').filter(havingExpr))
    : undefined;

  const orderItems = q.orderByClause?.expressions.values ?? [];
  const orderBy = c.each(orderItems, (o) => {
    const r = resolve(o.expression);
    if (!r) unsupported(`ORDER BY [${o.expression.toString().trim()}] (an output column, a group key or an aggregate is expected)`, scope.text, o);
    return { ...r, desc: o.getEffectiveDirection() === 'DESC', node: o };
  });
  const limits = c.attempt(() => limitOf(q, scope));
  if (subtotals && (orderItems.length > 0 || (limits !== undefined && (limits.limit !== null || limits.offset > 0)))) {
    // Druid orders and cuts each subtotal on its own, where SQL would order the whole answer
    record(c, unsupportedError('ORDER BY, LIMIT or OFFSET together with GROUPING SETS, ROLLUP or CUBE', scope.text, q.orderByClause ?? q.limitClause ?? q.offsetClause));
  }
  c.throwIfAny();
  const { limit, offset } = limits as NonNullable<typeof limits>;
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
