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

export function planScan(q: SqlQuery, scope: Scope, items: readonly SelectItem[]): SqlPlan {
  const columns: OutColumn[] = items.map((it) => {
    const c = columnOf(scope, it.expr);
    if (!c) unsupported(`The expression [${it.expr.toString().trim()}] in a non-aggregating SELECT (columns only)`, scope.text, it.node);
    return { name: it.name, read: { from: 'value', native: c.name }, type: c.type, sqlType: sqlTypeOf(c.type, c.name === '__time') };
  });
  const { filter, time } = lowerWhere(scope, tableColumns(scope), q.getWhereExpression());
  let order: 'none' | 'ascending' | 'descending' = 'none';
  const orderBy = q.orderByClause?.expressions.values ?? [];
  for (const o of orderBy) {
    const c = columnOf(scope, o.expression.getUnderlyingExpression());
    if (c?.name !== '__time' || orderBy.length > 1) unsupported('ORDER BY on anything but __time in a non-aggregating SELECT', scope.text, o);
    order = o.getEffectiveDirection() === 'DESC' ? 'descending' : 'ascending';
  }
  const { limit, offset } = limitOf(q, scope);
  if (offset + (limit ?? 0) > RESULT_WINDOW) {
    throw sqlError(`OFFSET + LIMIT of a non-aggregating SELECT must be at most ${RESULT_WINDOW}`, scope.text, offsetOf(scope.text, q.limitClause ?? q.offsetClause), 'limit');
  }
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
