/**
 * A parsed Druid SQL SELECT → the native query Druid's planner would run (groupBy, timeseries or
 * scan), with the SQL columns each answer row is read into. The native query then takes the native
 * path (parse, lower to the IR, run, format), so SQL and native answers agree by construction and
 * share cache entries when they ask the same. Every construct outside this mapping is a 400 naming it.
 */
import { SqlAlias, SqlColumn, SqlFunction, SqlQuery, SqlStar, SqlTable, type SqlExpression } from 'druid-query-toolkit';
import type { Scope } from './scope.js';
import type { SelectItem, SqlPlan } from './plan-types.js';

export type { OutColumn, SelectItem, Shape, SqlPlan } from './plan-types.js';
import { sqlError, unsupported, unsupportedError } from './syntax.js';
import { containsAggregate } from './aggregates.js';
import { planAggregate } from './plan-aggregate.js';
import { planScan } from './plan-scan.js';
import { record, sqlCollector } from './collect.js';
import type { Collector } from '../../../src/errors/collector.js';

/**
 * The table a query reads (`t`, `"t"` or `druid.t`), refusing joins, subqueries and other schemas;
 * a JOIN, a second table and a table alias are each a problem of their own.
 */
export function tableOf(q: SqlQuery, text: string): { name: string; schema: string | undefined } {
  const from = q.fromClause;
  if (!from) unsupported('A SELECT without FROM', text, q);
  const c = sqlCollector();
  if (from.joinParts && from.joinParts.values.length > 0) record(c, unsupportedError('JOIN', text, from.joinParts.values[0]));
  const items = from.expressions.values;
  if (items.length !== 1) record(c, unsupportedError('A FROM with several tables', text, items[1]));
  const t = (items[0] as SqlExpression).getUnderlyingExpression();
  if (!(t instanceof SqlTable)) record(c, unsupportedError('A FROM that is not a table (subqueries, VALUES, table functions)', text, t));
  else if (items[0] instanceof SqlAlias) record(c, unsupportedError('A table alias', text, items[0]));
  c.throwIfAny();
  const table = t as SqlTable;
  return { name: table.getName(), schema: table.getNamespaceName() };
}

/**
 * What a SELECT may hold beyond the supported clauses: each a 400 naming it, each refused clause a
 * problem of its own (checked before the table is looked up).
 */
export function refuseClauses(q: SqlQuery, text: string, c: Collector): void {
  const refuse = (check: () => void): void => void c.attempt(check);
  refuse(() => q.withClause && unsupported('WITH', text, q.withClause));
  refuse(() => {
    if (q.unionQuery) throw sqlError('UNION is not supported by this Druid SQL endpoint', text, Math.max(0, text.search(/\bUNION\b/i)), 'unsupported');
  });
  q.walk((n) => {
    if (n instanceof SqlFunction && n.windowSpec) refuse(() => unsupported('Window functions (OVER)', text, n));
    return n;
  });
  refuse(() => (q.insertClause || q.replaceClause) && unsupported('INSERT and REPLACE', text, q.insertClause ?? q.replaceClause));
  refuse(() => (q.partitionedByClause || q.clusteredByClause) && unsupported('PARTITIONED BY and CLUSTERED BY', text, q.partitionedByClause ?? q.clusteredByClause));
  refuse(() => q.contextStatements && q.contextStatements.values.length > 0 && unsupported('SET statements (send context in the request body)', text, q.contextStatements.values[0]));
  refuse(() => q.decorator && unsupported(`SELECT ${q.decorator}`, text, q));
}

/** SELECT items with Druid's output names: the alias, a column's name, or EXPR$n; a name given twice is a problem at each repeat. */
function selectItems(q: SqlQuery, scope: Scope, c: Collector): SelectItem[] {
  const items: SelectItem[] = [];
  q.getSelectExpressionsArray().forEach((node, i) => {
    if (node instanceof SqlStar) {
      for (const name of Object.keys(scope.columns)) items.push({ name, expr: SqlColumn.create(name), node });
      return;
    }
    const expr = node.getUnderlyingExpression();
    const name = node instanceof SqlAlias ? node.getAliasName() : expr instanceof SqlColumn ? expr.getName() : `EXPR$${i}`;
    items.push({ name, expr, node });
  });
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.name)) c.attempt(() => unsupported(`Two output columns named [${it.name}]`, scope.text, it.node));
    seen.add(it.name);
  }
  return items;
}

/** The plan of a SELECT, or every independent problem of it as one 400. */
export function planSelect(q: SqlQuery, scope: Scope): SqlPlan {
  const c = sqlCollector();
  const items = selectItems(q, scope, c);
  const aggregating = q.groupByClause !== undefined || q.havingClause !== undefined || items.some((i) => containsAggregate(i.expr));
  return aggregating ? planAggregate(q, scope, items, c) : planScan(q, scope, items, c);
}
