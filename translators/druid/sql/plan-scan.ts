/**
 * A non-aggregating SELECT → a native scan: its columns, WHERE (filter and intervals), ORDER BY
 * __time, LIMIT and OFFSET. A scan reads at most the engine's result window (10,000 rows); a SELECT
 * without LIMIT that matches more is refused rather than cut short.
 */
import type { SqlQuery } from 'druid-query-toolkit';
import { RESULT_WINDOW } from '../../../src/ir/documents.js';
import { columnOf, sqlTypeOf, tableColumns, type Scope } from './scope.js';
import { offsetOf, sqlError, unsupported } from './syntax.js';
import { lowerWhere } from './where.js';
import { intervalsOf } from './time-bounds.js';
import type { OutColumn, SelectItem, SqlPlan } from './plan-types.js';
import type { Collector } from '../../../src/errors/collector.js';
import { record } from './collect.js';

/** A query's own LIMIT (null: none) and OFFSET, each a non-negative integer. */
export function ownLimits(q: SqlQuery, text: string): { limit: number | null; offset: number } {
  const limit = q.limitClause ? q.limitClause.getLimitValue() : null;
  const offset = q.offsetClause ? Number(q.offsetClause.offset.value) : 0;
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw sqlError('LIMIT must be a non-negative integer', text, offsetOf(text, q.limitClause));
  if (!Number.isInteger(offset) || offset < 0) throw sqlError('OFFSET must be a non-negative integer', text, offsetOf(text, q.offsetClause));
  return { limit, offset };
}

/** LIMIT and OFFSET of a planned query: its own, capped by the request's sqlOuterLimit. */
export function limitOf(q: SqlQuery, scope: Scope): { limit: number | null; offset: number } {
  const { limit: own, offset } = ownLimits(q, scope.text);
  const outer = scope.context.outerLimit ?? null;
  // sqlOuterLimit caps whatever the query asks (Druid wraps the query in an outer LIMIT)
  const limit = own === null ? outer : outer === null ? own : Math.min(own, outer);
  return { limit, offset };
}

export function planScan(q: SqlQuery, scope: Scope, items: readonly SelectItem[], c: Collector): SqlPlan {
  const columns: OutColumn[] = c.each(items, (it) => {
    const col = columnOf(scope, it.expr);
    if (!col) unsupported(`The expression [${it.expr.toString().trim()}] in a non-aggregating SELECT (columns only)`, scope.text, it.node);
    return { name: it.name, read: { from: 'value', native: col.name }, type: col.type, sqlType: sqlTypeOf(col.type, col.name === '__time') } as const;
  });
  const { filter, time } = lowerWhere(scope, tableColumns(scope), q.getWhereExpression(), c);
  let order: 'none' | 'ascending' | 'descending' = 'none';
  const orderBy = q.orderByClause?.expressions.values ?? [];
  c.each(orderBy, (o, i) => {
    const col = columnOf(scope, o.expression.getUnderlyingExpression());
    // ORDER BY of several columns is one problem, at its first; a later column can still be unknown
    if (i === 0 ? col?.name !== '__time' || orderBy.length > 1 : false) unsupported('ORDER BY on anything but __time in a non-aggregating SELECT', scope.text, o);
    order = o.getEffectiveDirection() === 'DESC' ? 'descending' : 'ascending';
  });
  const limits = c.attempt(() => limitOf(q, scope));
  if (limits && limits.offset + (limits.limit ?? 0) > RESULT_WINDOW) {
    record(c, sqlError(`OFFSET + LIMIT of a non-aggregating SELECT must be at most ${RESULT_WINDOW}`, scope.text, offsetOf(scope.text, q.limitClause ?? q.offsetClause), 'limit'));
  }
  c.throwIfAny();
  const { limit, offset } = limits as NonNullable<typeof limits>;
  const nativeColumns = [...new Set(columns.map((c) => (c.read.from === 'value' ? c.read.native : '__time')))];
  const native = {
    queryType: 'scan',
    dataSource: scope.dataSource,
    intervals: intervalsOf(time),
    ...(filter ? { filter } : {}),
    columns: nativeColumns,
    limit: limit ?? RESULT_WINDOW - offset,
    offset,
    order,
    resultFormat: 'list',
    ...(scope.context.timeoutMs ? { context: { timeout: scope.context.timeoutMs } } : {}),
  };
  return { shape: 'scan', native, columns, unbounded: limit === null, ...(limit === 0 ? { slice: { offset: 0, limit: 0 } } : {}) };
}
