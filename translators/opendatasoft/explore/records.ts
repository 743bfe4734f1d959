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
import type { Collector } from '../../../src/errors/collector.js';
import { clause, collectorOf, odsql } from './collect.js';
import { OdsqlError, type ListItem, type OrderItem } from './ast.js';
import { parseList, parseOrderBy, parseWhere } from './parser.js';
import { wherePredicate, fieldOf, odsTypeName } from './where.js';
import { refinePredicate } from './refine.js';
import { hasAggregate, planAggregate, type OutColumn } from './aggregate.js';
import { fieldValue, groupRow, type Row } from './format.js';
import type { ExploreParams } from './params.js';

/** What a records request becomes: the groups, or a page of records. */
export type RecordsPlan =
  | { readonly kind: 'groups'; readonly query: AggQuery; readonly columns: readonly OutColumn[]; readonly timeZone: string }
  | { readonly kind: 'documents'; readonly query: DocumentsQuery; readonly columns: readonly { readonly name: string; readonly field: string }[]; readonly timeZone: string };

/**
 * where, refine and exclude, each clause on its own (and each operand of a where's AND/OR): their
 * problems are recorded in `c`, the predicate holds the others.
 */
export function filterOf(p: ExploreParams, schema: DatasetSchema, maxDepth: number, c: Collector): Predicate | undefined {
  const where = { schema, clause: 'where' as const, collect: c, timeZone: p.timeZone };
  const parts: Predicate[] = c.each(p.where, (w) => odsql(() => wherePredicate(where, parseWhere(w, maxDepth))));
  parts.push(...c.each(p.refine, (r) => odsql(() => refinePredicate(schema, r, 'refine', p.timeZone))));
  parts.push(...c.each(p.exclude, (r): Predicate => odsql(() => ({ kind: 'not', operand: refinePredicate(schema, r, 'exclude', p.timeZone) }))));
  return and(...parts);
}

/** Every problem of the request (its parameters' and its clauses') at once, or its plan. */
export function planRecords(p: ExploreParams, input: LowerInput): RecordsPlan {
  const { schema, config, dataset } = input;
  const maxDepth = config.limits.maxDepth;
  const c = collectorOf(p.invalid);
  const filter = filterOf(p, schema, maxDepth, c);
  const list = (text: string | undefined, name: 'select' | 'group_by'): ListItem[] | undefined => (text === undefined ? undefined : clause(c, () => parseList(text, name, maxDepth)));
  const select = list(p.select, 'select');
  const groupBy = list(p.groupBy, 'group_by');
  const order = p.orderBy;
  const orderBy: OrderItem[] = (order === undefined ? [] : clause(c, () => parseOrderBy(order, maxDepth))) ?? [];
  // a select or group_by that could not be read: names that might have been its items are not errors
  const partial = (p.select !== undefined && select === undefined) || (p.groupBy !== undefined && groupBy === undefined);
  if (p.groupBy !== undefined || (select ?? []).some((i) => hasAggregate(i.expr))) {
    const plan = planAggregate(schema, {
      dataset: dataset.name,
      select,
      groupBy: groupBy ?? [],
      orderBy,
      filter,
      offset: p.offset,
      limit: p.limit,
      timeZone: p.timeZone,
      cardinalityPrecision: config.accuracy.cardinalityPrecisionThreshold,
      percentilesCompression: config.accuracy.percentilesCompression,
      partial,
    }, c);
    return { kind: 'groups', query: plan.query, columns: plan.columns, timeZone: p.timeZone };
  }
  // the select failed: whether this is a records or a groups request cannot be told, nothing more is read
  if (partial) c.throwIfAny();
  return documentsPlan(schema, dataset.name, select, orderBy, filter, p, c);
}

/** The fields a records answer prints for `select=*` (or no select): the dataset's own, not sub-fields. */
export function topFields(schema: DatasetSchema): string[] {
  return [...schema.fields.values()].filter((f) => !f.path.includes('.')).map((f) => f.path);
}

function documentsPlan(schema: DatasetSchema, dataset: string, select: ListItem[] | undefined, orderBy: OrderItem[], filter: Predicate | undefined, p: ExploreParams, c: Collector): RecordsPlan {
  const columns: { name: string; field: string }[] = [];
  // the names of select items that failed: an order_by naming one is not reported again
  const failed = new Set<string>();
  let all = select === undefined;
  for (const item of select ?? []) {
    const e = item.expr;
    if (e.kind === 'star') {
      all = true;
      continue;
    }
    const column = clause(c, () => {
      if (e.kind !== 'field') throw new OdsqlError(`'${item.text}': only fields and aggregates can be selected`, 'select', item.at);
      return { name: item.alias ?? e.name, field: fieldOf({ schema, clause: 'select' }, e.name, e.at).path };
    });
    if (column) columns.push(column);
    else failed.add(item.alias ?? (e.kind === 'field' ? e.name : item.text));
  }
  if (all) for (const f of topFields(schema)) if (!columns.some((c) => c.name === f)) columns.push({ name: f, field: f });
  const sort: DocumentSort[] = orderBy.flatMap((o) => {
    const e = o.expr;
    if (e.kind === 'field' && failed.has(e.name)) return [];
    const one = clause(c, (): DocumentSort => {
      const named = e.kind === 'field' ? columns.find((c) => c.name === e.name) : undefined;
      if (e.kind !== 'field') throw new OdsqlError(`cannot order records by '${o.text}': order by a field`, 'order_by', o.at);
      const f = fieldOf({ schema, clause: 'order_by' }, named?.field ?? e.name, e.at);
      if (!f.exactPath) throw new OdsqlError(`cannot order by field '${e.name}' (${odsTypeName(f)})`, 'order_by', o.at);
      return { field: f.path, direction: o.direction, nulls: 'last', origin: '/order_by' };
    });
    return one ? [one] : [];
  });
  c.throwIfAny();
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
  return { kind: 'documents', query, columns, timeZone: p.timeZone };
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
    return { total: t?.groupCount ?? 0, rows: (t?.rows ?? []).map((r) => groupRow(plan.columns, r, plan.timeZone)) };
  }
  const rows = (page?.documents ?? []).map((d) => {
    const row: Row = {};
    for (const c of plan.columns) row[c.name] = fieldValue(schema.fields.get(c.field), pick(d, c.field), plan.timeZone);
    return row;
  });
  return { total: page?.total ?? rows.length, rows };
}
