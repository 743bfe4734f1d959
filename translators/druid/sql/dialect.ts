/**
 * Druid SQL: `POST /druid/v2/sql` (and `/druid/v2/sql/`), what Superset, Grafana's Druid data
 * source, pydruid and the Druid console send. A SELECT is planned into the native query Druid would
 * run (plan.ts) and takes the native path from there; `INFORMATION_SCHEMA` and `sys` tables are
 * answered from the tenant's data sources; `EXPLAIN PLAN FOR` answers the native plan. Credentials,
 * tenants, row filters and hidden data sources are exactly those of native Druid.
 */
import { randomUUID } from 'node:crypto';
import { SqlQuery, SqlStar } from 'druid-query-toolkit';
import { queryRoute, type Dialect, type Lowered } from '../../../src/dialect/contract.js';
import type { DocumentPage } from '../../../src/ir/documents.js';
import type { ResultTable } from '../../../src/ir/result.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { druidCredentials } from '../auth.js';
import { hasTime } from '../columns.js';
import { druidColumns, lowerMetadata } from '../metadata.js';
import { parseQuery } from '../parse.js';
import { lowerNative } from '../subtotals.js';
import { parseSqlRequest, type SqlRequest } from './request.js';
import { parseSqlText, unsupported, withinDepth } from './syntax.js';
import { bindParameters, type Scope } from './scope.js';
import { planSelect, refuseClauses, tableOf, type SqlPlan } from './plan.js';
import { ownLimits } from './plan-scan.js';
import { encode, sqlAnswer, type SqlAnswer } from './results.js';
import { isSystemSchema, systemTableAnswer } from './information-schema.js';
import { explainAnswer } from './explain.js';
import { renderDruidSqlError } from './errors.js';
import { sqlCollector } from './collect.js';
import { druidSqlPaths } from './openapi.js';

interface SqlRouteRequest {
  readonly request: SqlRequest;
  readonly queryId: string;
  readonly query: SqlQuery;
  readonly explain: boolean;
  readonly schema: string | undefined;
  readonly table: string;
  /** `SELECT * FROM (<query>) LIMIT n` (how the console asks for a query's columns): the outer cut */
  readonly outer?: { readonly offset: number; readonly limit: number | null };
}

/** `SELECT * FROM (inner) [LIMIT n] [OFFSET m]` → inner and the cut; any other subquery is refused. */
function unwrap(q: SqlQuery, text: string): { query: SqlQuery; outer?: { offset: number; limit: number | null } } {
  const first = q.fromClause?.expressions.values[0]?.getUnderlyingExpression();
  if (!(first instanceof SqlQuery)) return { query: q };
  const items = q.getSelectExpressionsArray();
  const plain = items.length === 1 && items[0] instanceof SqlStar && !q.whereClause && !q.groupByClause && !q.havingClause && !q.orderByClause;
  if (!plain || (q.fromClause?.expressions.values.length ?? 0) > 1) unsupported('A subquery in FROM (other than SELECT * FROM (query) LIMIT n)', text, first);
  const inner = unwrap(first, text);
  return { query: inner.query, outer: ownLimits(q, text) };
}

type Slice = NonNullable<SqlPlan['slice']>;

/** The inner query's own cut, then the outer one on what it leaves. */
function thenSlice(inner: Slice | undefined, outer: Slice): Slice {
  if (!inner) return outer;
  const offset = inner.offset + outer.offset;
  const left = inner.limit === null ? null : Math.max(0, inner.limit - outer.offset);
  return { offset, limit: left === null ? outer.limit : outer.limit === null ? left : Math.min(left, outer.limit) };
}

const sql = queryRoute<SqlRouteRequest>({
  method: 'post',
  paths: ['/druid/v2/sql', '/druid/v2/sql/'],
  parse(req) {
    const request = parseSqlRequest(req.body);
    const text = request.query;
    const parsed = parseSqlText(text);
    const { query, outer, table } = withinDepth(text, () => {
      // each refused clause, parameter and FROM problem on its own; the table only of a query that unwraps
      const c = sqlCollector();
      const bound = bindParameters(parsed, request.parameters, text, c);
      refuseClauses(bound, text, c);
      const unwrapped = c.attempt(() => unwrap(bound, text));
      if (unwrapped && unwrapped.query !== bound) refuseClauses(unwrapped.query, text, c);
      const from = unwrapped && c.attempt(() => tableOf(unwrapped.query, text));
      if (from && from.schema !== undefined && from.schema !== 'druid' && !isSystemSchema(from.schema)) {
        c.attempt(() => unsupported(`The schema ${String(from.schema)}`, text, unwrapped.query.fromClause));
      }
      c.throwIfAny();
      return { ...(unwrapped as NonNullable<typeof unwrapped>), table: from as NonNullable<typeof from> };
    });
    const queryId = request.context.queryId ?? randomUUID();
    return {
      dataset: table.name,
      request: { request, queryId, query, explain: parsed.explain === true, schema: table.schema, table: table.name, ...(outer ? { outer } : {}) },
    };
  },
  answerLocally(r, datasets) {
    if (!isSystemSchema(r.schema)) return undefined;
    return (async (): Promise<SqlAnswer> => {
      const sources = await Promise.all(datasets.list().filter(hasTime).map(async (dataset) => ({ name: dataset.name, columns: druidColumns({ dataset, schema: await datasets.schema(dataset) }) })));
      return systemTableAnswer(r.query, r.request.query, `${r.schema}.${r.table}`, sources);
    })();
  },
  serves: hasTime,
  lower(r, { dataset, schema, config }): Lowered<SqlAnswer> {
    const ctx = { dataset, schema };
    const tz = r.request.context.timeZone;
    const scope: Scope = { text: r.request.query, dataSource: dataset.name, columns: druidColumns(ctx), context: r.request.context };
    const planned = withinDepth(r.request.query, () => planSelect(r.query, scope));
    const plan: SqlPlan = r.outer ? { ...planned, slice: thenSlice(planned.slice, r.outer) } : planned;
    if (r.explain) return { dataset, queries: [], format: () => explainAnswer(plan) };
    if (plan.shape === 'scan') {
      const scan = lowerMetadata(ctx, plan.native);
      const documents = scan.documents && plan.unbounded ? { ...scan.documents, exactTotal: true } : scan.documents;
      const format = (tables: readonly ResultTable[], page?: DocumentPage): SqlAnswer => {
        if (plan.unbounded && page && page.total !== null && page.total > page.documents.length) {
          throw new ProxyError({ kind: 'limit', limit: 'scan rows', max: page.documents.length, message: `The SELECT matches ${page.total} rows, more than the ${page.documents.length} one query may return: add a LIMIT (and OFFSET to page)`, at: { pointer: '/query' } });
        }
        return sqlAnswer(plan, scan.format(tables, page), tz);
      };
      return { dataset, queries: scan.queries, ...(documents ? { documents } : {}), format };
    }
    const native = lowerNative(ctx, parseQuery(plan.native, config.limits), config);
    return { dataset, queries: native.queries, format: (tables) => sqlAnswer(plan, native.format(tables), tz) };
  },
  timeoutMs: (r) => r.request.context.timeoutMs,
  encode: (body, r) => encode(body as SqlAnswer, r.request, r.queryId),
});

export const druidSqlDialect: Dialect = {
  id: 'druid-sql',
  renderError: renderDruidSqlError,
  credentials: druidCredentials,
  routes: [sql],
  textBodies: true,
  openapi: druidSqlPaths,
};
