/**
 * GET .../datasets/{id}/records → IR. With group_by or an aggregate in select it is one flat GROUP BY
 * (aggregate.ts) whose groups are the answer's `results` and whose group count its `total_count`;
 * otherwise the pipeline's documents query: the matching records themselves, paged, counted exactly.
 */
import type { DocumentSort, DocumentsQuery } from '../../../src/ir/documents.js';
import type { Predicate } from '../../../src/ir/predicate.js';
import type { DatasetSchema } from '../../../src/ir/schema.js';
import { and } from '../../../src/ir/predicate.js';
import type { LowerInput } from '../../../src/dialect/contract.js';
import type { AggQuery } from '../../../src/ir/nodes.js';
import type { ResultTable } from '../../../src/ir/result.js';
import type { DocumentPage } from '../../../src/ir/documents.js';
import { fail } from '../errors.js';
import { OdsqlError, type ListItem, type OrderItem } from './ast.js';
import { parseList, parseOrderBy, parseWhere } from './parser.js';
import { wherePredicate, fieldOf, odsTypeName } from './where.js';
import { refinePredicate } from './refine.js';
import { hasAggregate, planAggregate, type OutColumn } from './aggregate.js';
import { fieldValue, groupRow, type Row } from './format.js';
import type { ExploreParams } from './params.js';

/** What a records request becomes: the groups, or a page of records. */
export type RecordsPlan =
  | { readonly kind: 'groups'; readonly query: AggQuery; readonly columns: readonly OutColumn[] }
  | { readonly kind: 'documents'; readonly query: DocumentsQuery; readonly columns: readonly { readonly name: string; readonly field: string }[] };

/** An ODSQL problem as Opendatasoft reports it: ODSQLError, the clause and the character. */
export function odsqlFailure(e: unknown): never {
  if (e instanceof OdsqlError) fail('ODSQLError', `ODSQL query is malformed: ${e.message}. Clause(s) containing the error(s): ${e.clause}.`, `/${e.clause}`, e.at);
  throw e;
}

export function filterOf(p: ExploreParams, schema: DatasetSchema, maxDepth: number): Predicate | undefined {
  const parts: Predicate[] = p.where.map((w) => wherePredicate({ schema, clause: 'where' }, parseWhere(w, maxDepth)));
  for (const r of p.refine) parts.push(refinePredicate(schema, r, 'refine'));
  for (const r of p.exclude) parts.push({ kind: 'not', operand: refinePredicate(schema, r, 'exclude') });
  return and(...parts);
}

export function planRecords(p: ExploreParams, input: LowerInput): RecordsPlan {
  const { schema, config, dataset } = input;
  const maxDepth = config.limits.maxDepth;
  try {
    const filter = filterOf(p, schema, maxDepth);
    const select: ListItem[] | undefined = p.select !== undefined ? parseList(p.select, 'select', maxDepth) : undefined;
    const groupBy: ListItem[] = p.groupBy !== undefined ? parseList(p.groupBy, 'group_by', maxDepth) : [];
    const orderBy: OrderItem[] = p.orderBy !== undefined ? parseOrderBy(p.orderBy, maxDepth) : [];
    if (groupBy.length > 0 || (select ?? []).some((i) => hasAggregate(i.expr))) {
      const plan = planAggregate(schema, {
        dataset: dataset.name,
        select,
        groupBy,
        orderBy,
        filter,
        offset: p.offset,
        limit: p.limit,
        timeZone: p.timeZone,
        cardinalityPrecision: config.accuracy.cardinalityPrecisionThreshold,
        percentilesCompression: config.accuracy.percentilesCompression,
      });
      return { kind: 'groups', query: plan.query, columns: plan.columns };
    }
    return documentsPlan(schema, dataset.name, select, orderBy, filter, p);
  } catch (e) {
    return odsqlFailure(e);
  }
}

/** The fields a records answer prints for `select=*` (or no select): the dataset's own, not sub-fields. */
export function topFields(schema: DatasetSchema): string[] {
  return [...schema.fields.values()].filter((f) => !f.path.includes('.')).map((f) => f.path);
}

function documentsPlan(schema: DatasetSchema, dataset: string, select: ListItem[] | undefined, orderBy: OrderItem[], filter: Predicate | undefined, p: ExploreParams): RecordsPlan {
  const columns: { name: string; field: string }[] = [];
  let all = select === undefined;
  for (const item of select ?? []) {
    if (item.expr.kind === 'star') {
      all = true;
      continue;
    }
    if (item.expr.kind !== 'field') throw new OdsqlError(`'${item.text}': only fields and aggregates can be selected`, 'select', item.at);
    const f = fieldOf({ schema, clause: 'select' }, item.expr.name, item.expr.at);
    columns.push({ name: item.alias ?? item.expr.name, field: f.path });
  }
  if (all) for (const f of topFields(schema)) if (!columns.some((c) => c.name === f)) columns.push({ name: f, field: f });
  const sort: DocumentSort[] = orderBy.map((o) => {
    const named = o.expr.kind === 'field' ? columns.find((c) => c.name === (o.expr as { name: string }).name) : undefined;
    if (o.expr.kind !== 'field') throw new OdsqlError(`cannot order records by '${o.text}': order by a field`, 'order_by', o.at);
    const f = fieldOf({ schema, clause: 'order_by' }, named?.field ?? o.expr.name, o.expr.at);
    if (!f.exactPath) throw new OdsqlError(`cannot order by field '${o.expr.name}' (${odsTypeName(f)})`, 'order_by', o.at);
    return { field: f.path, direction: o.direction, nulls: 'last', origin: '/order_by' };
  });
  const sources = [...new Set(columns.map((c) => c.field.split('.')[0] as string))];
  const query: DocumentsQuery = {
    kind: 'DocumentsQuery',
    dataset,
    ...(filter ? { filter } : {}),
    sort,
    indexOrder: true,
    offset: p.offset,
    limit: p.limit,
    fields: all && columns.length === topFields(schema).length ? null : sources,
    exactTotal: true,
  };
  return { kind: 'documents', query, columns };
}

function pick(doc: Readonly<Record<string, unknown>>, path: string): unknown {
  let v: unknown = doc;
  for (const seg of path.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/** The rows of a plan's answer, and its total_count. */
export function answerRows(plan: RecordsPlan, schema: DatasetSchema, tables: readonly ResultTable[], page: DocumentPage | undefined): { total: number; rows: Row[] } {
  if (plan.kind === 'groups') {
    const t = tables[0];
    return { total: t?.groupCount ?? 0, rows: (t?.rows ?? []).map((r) => groupRow(plan.columns, r)) };
  }
  const rows = (page?.documents ?? []).map((d) => {
    const row: Row = {};
    for (const c of plan.columns) row[c.name] = fieldValue(schema.fields.get(c.field), pick(d, c.field));
    return row;
  });
  return { total: page?.total ?? rows.length, rows };
}
