/**
 * Criteria → IR. Each top-level aggregation becomes one flat query, as Shopware's SQL aggregator
 * makes one GROUP BY over the bucket keys of the whole chain: filter aggregations add to its WHERE
 * (restricting the outer buckets too), the innermost `limit` given cuts its rows, sortings apply in
 * chain order. The matching products themselves become one documents query (with post-filter).
 */
import type { AggQuery, GroupKey, Metric, OrderItem, Predicate } from '../../src/ir/nodes.js';
import type { DocumentSort, DocumentsQuery } from '../../src/ir/documents.js';
import { and } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { RESULT_WINDOW, SCORE_SORT, type ScoreQuery } from '../../src/ir/documents.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { Aggregation, Criteria, Sorting } from './types.js';
import type { Shape, ValueKind } from './shape.js';
import { embeddedFields, fieldInfo, idField, indexField, relationFor, type EntityContext } from './fields.js';
import { filtersToPredicate } from './filters.js';
import { termQueries } from './term.js';
import { withPartialFields } from './partial.js';
import { lowerGrouping, type Grouping } from './grouping.js';
import { Collector } from './parse-common.js';
import { shopwareDiagnostics } from './errors.js';
import { lowerAssociations, type Association } from './associations.js';
import { CODES } from './parse.js';
import { COUNT_COLUMN } from '../../src/ir/names.js';

export interface ShopwarePlan {
  readonly criteria: Criteria;
  readonly aggregations: readonly { readonly query: AggQuery; readonly shape: Shape }[];
  readonly documents: DocumentsQuery;
  /** `next-pages`: the documents query asks for more rows than it returns */
  readonly pageLimit: number | null;
  /** with `grouping`: how the records are grouped and their total counted (grouping.ts) */
  readonly grouping?: Grouping;
  /** every association of the entity, and whether the records carry it */
  readonly associations: readonly Association[];
}

interface Chain {
  readonly keys: GroupKey[];
  readonly metrics: Metric[];
  readonly order: OrderItem[];
  readonly filters: Predicate[];
  limit: number | null;
  n: number;
}

export function lowerCriteria(ctx: EntityContext, asked: Criteria, config: AppConfig, idsOnly: boolean): ShopwarePlan {
  // every problem of the request is answered: each part is lowered on its own and its errors collected
  const c = new Collector(shopwareDiagnostics);
  const criteria = c.attempt(() => withPartialFields(ctx, asked)) ?? asked;
  const id = idField(ctx);
  const scores: ScoreQuery[] = [
    ...c.each(criteria.queries, (q) => ({ filter: filtersToPredicate(ctx, [q.filter]) as Predicate, score: q.score })),
    ...(criteria.term !== undefined ? (c.attempt(() => termQueries(ctx, criteria.term as string)) ?? []) : []),
  ];
  const base = and(
    c.attempt(() => filtersToPredicate(ctx, criteria.filter)),
    criteria.ids ? { kind: 'terms', field: id, values: criteria.ids } : undefined,
    scores.length > 0 ? { kind: 'or', operands: scores.map((s) => s.filter) } : undefined,
  );
  const aggregations = idsOnly ? [] : c.each(criteria.aggregations, (a) => lowerAggregation(ctx, a, base, config));
  const loaded = c.attempt(() => lowerAssociations(ctx, criteria));
  const docs = c.attempt(() => {
    const plain = documentsQuery(ctx, criteria, base, idsOnly, scores);
    const elements = idsOnly ? [] : (loaded?.elements ?? []);
    const documents = elements.length > 0 ? { ...plain.documents, elements } : plain.documents;
    return { ...plain, ...lowerGrouping(ctx, criteria, documents) };
  });
  c.throwIfAny();
  const { documents, pageLimit, grouping } = docs as NonNullable<typeof docs>;
  return { criteria, aggregations, documents, pageLimit, ...(grouping ? { grouping } : {}), associations: loaded?.associations ?? [] };
}

function lowerAggregation(ctx: EntityContext, a: Aggregation, base: Predicate | undefined, config: AppConfig): { query: AggQuery; shape: Shape } {
  const chain: Chain = { keys: [], metrics: [], order: [], filters: [], limit: null, n: 0 };
  const shape = walk(ctx, a, chain, config);
  // SQL without ORDER BY returns groups in index order; the keys ascending is that order, made explicit
  const tiebreak: OrderItem[] = chain.keys.map((k) => ({ column: k.name, direction: 'asc', compare: 'natural' }));
  const filter = and(base, ...chain.filters);
  const query: AggQuery = {
    kind: 'AggQuery',
    dataset: ctx.dataset.name,
    ...(filter ? { filter } : {}),
    levels: [{ keys: chain.keys, metrics: chain.metrics, post: [], order: [...chain.order, ...tiebreak], offset: 0, limit: chain.limit }],
  };
  return { query, shape };
}

function valueKind(ctx: EntityContext, field: string): ValueKind {
  const f = fieldInfo(ctx, field);
  return f.category === 'date' ? 'date' : f.integral ? 'integral' : 'float';
}

function walk(ctx: EntityContext, a: Aggregation, c: Chain, config: AppConfig): Shape {
  const i = c.n++;
  switch (a.type) {
    case 'filter': {
      const p = filtersToPredicate(ctx, a.filters);
      if (p) c.filters.push(p);
      return { kind: 'filter', inner: walk(ctx, a.inner, c, config) };
    }
    case 'avg':
    case 'sum':
    case 'min':
    case 'max':
    case 'stats':
    case 'count': {
      const field = indexField(ctx, a.field, `${a.at}/field`);
      const column = `m${i}`;
      const origin = `${a.at}/field`;
      c.metrics.push(
        a.type === 'count'
          ? { kind: 'cardinality', name: column, field, precisionThreshold: config.accuracy.cardinalityPrecisionThreshold, origin }
          : { kind: a.type, name: column, field, origin },
      );
      return { kind: 'metric', type: a.type, name: a.name, column, value: valueKind(ctx, field) };
    }
    case 'range': {
      const field = indexField(ctx, a.field, `${a.at}/field`);
      if (fieldInfo(ctx, field).category !== 'numeric') {
        throw new ProxyError({
          kind: 'invalid_request',
          message: `The range aggregation "${a.name}" needs a numeric field; "${a.field}" is ${fieldInfo(ctx, field).type}.`,
          at: { pointer: `${a.at}/field` },
          rule: CODES.aggregation,
        });
      }
      const columns = a.ranges.map((r, j) => {
        const column = `r${i}_${j}`;
        c.metrics.push({
          kind: 'count',
          name: column,
          filter: { kind: 'range', field, ...(r.from !== undefined ? { gte: r.from } : {}), ...(r.to !== undefined ? { lt: r.to } : {}) },
        });
        return { key: r.key, column };
      });
      return { kind: 'range', name: a.name, columns };
    }
    case 'entity': {
      const field = indexField(ctx, a.field, `${a.at}/field`);
      const rel = relationFor(ctx, field);
      if (rel && rel.entity !== a.definition) {
        throw new ProxyError({
          kind: 'invalid_request',
          message: `The field "${a.field}" refers to "${rel.entity}", not "${a.definition}".`,
          at: { pointer: `${a.at}/definition` },
          rule: CODES.aggregation,
        });
      }
      const idKey = `k${i}`;
      c.keys.push({ kind: 'terms', name: idKey, field, missing: 'group', origin: `${a.at}/field` });
      // a to-one association's fields are functionally dependent on its id: grouping by them adds no rows
      const fieldKeys =
        rel?.path && !rel.many
          ? embeddedFields(ctx, rel.path).map((path, j) => {
              const key = `k${i}_${j}`;
              c.keys.push({ kind: 'terms', name: key, field: `${rel.path}.${path}`, missing: 'group' });
              return { path, key };
            })
          : [];
      return { kind: 'entity', name: a.name, entity: a.definition, idKey, fieldKeys };
    }
    case 'terms': {
      const field = indexField(ctx, a.field, `${a.at}/field`);
      const key = `k${i}`;
      c.keys.push({ kind: 'terms', name: key, field, missing: 'group', origin: `${a.at}/field` });
      if (a.sort) c.order.push(...sortItems(ctx, a.sort, key, field, c, i));
      if (a.limit !== null) c.limit = a.limit;
      const inner = a.inner ? walk(ctx, a.inner, c, config) : undefined;
      return { kind: 'terms', name: a.name, key, category: fieldInfo(ctx, field).category, ...(inner ? { inner } : {}) };
    }
    case 'histogram': {
      const field = indexField(ctx, a.field, `${a.at}/field`);
      if (fieldInfo(ctx, field).category !== 'date') {
        throw new ProxyError({ kind: 'field_type', field: a.field, expected: 'date', actual: fieldInfo(ctx, field).type, at: { pointer: `${a.at}/field` } });
      }
      const key = `k${i}`;
      const minColumn = `h${i}`;
      const timeZone = a.timeZone ?? 'UTC';
      c.keys.push({ kind: 'dateHistogram', name: key, field, interval: { calendar: a.interval }, timeZone, missing: 'exclude', origin: `${a.at}/field` });
      c.metrics.push({ kind: 'min', name: minColumn, field });
      c.order.push(...(a.sort ? sortItems(ctx, a.sort, key, field, c, i) : [{ column: key, direction: 'asc', compare: 'natural' } as const]));
      const inner = a.inner ? walk(ctx, a.inner, c, config) : undefined;
      return {
        kind: 'histogram',
        name: a.name,
        minColumn,
        interval: a.interval,
        ...(a.format ? { format: a.format } : {}),
        timeZone,
        ...(inner ? { inner } : {}),
      };
    }
  }
}

/**
 * A bucket sorting as order items. `_count` and the bucket's own field sort directly; another
 * numeric or date field sorts by its min (ascending) or max (descending) in the group; another
 * string field is added as a group key, which Shopware's SQL assumes too (ORDER BY a column that
 * depends on the group, e.g. `manufacturer.name` for `manufacturerId`).
 */
function sortItems(ctx: EntityContext, s: Sorting, key: string, field: string, c: Chain, i: number): OrderItem[] {
  const direction = s.order === 'DESC' ? 'desc' : 'asc';
  // naturalSorting in the DAL orders by LENGTH(x), then x
  const compare = s.naturalSorting ? 'strlen' : 'natural';
  if (s.field === '_count') return [{ column: COUNT_COLUMN, direction, compare: 'natural' }];
  const sortField = indexField(ctx, s.field, `${s.at}/field`);
  if (sortField === field) return [{ column: key, direction, compare }];
  const column = `s${i}`;
  const cat = fieldInfo(ctx, sortField).category;
  if (cat === 'numeric' || cat === 'date') c.metrics.push({ kind: direction === 'asc' ? 'min' : 'max', name: column, field: sortField });
  else c.keys.push({ kind: 'terms', name: column, field: sortField, missing: 'group', origin: `${s.at}/field` });
  return [{ column, direction, compare }];
}

function documentsQuery(
  ctx: EntityContext,
  criteria: Criteria,
  base: Predicate | undefined,
  idsOnly: boolean,
  scores: readonly ScoreQuery[],
): { documents: DocumentsQuery; pageLimit: number | null } {
  const id = idField(ctx);
  // `ids` removes the limit, as in Shopware
  const limit = criteria.ids ? null : criteria.limit;
  const offset = limit === null ? 0 : (criteria.page - 1) * limit;
  const sort: DocumentSort[] = criteria.sort.map((s) => ({
    field: s.field === '_score' ? SCORE_SORT : indexField(ctx, s.field, `${s.at}/field`),
    direction: s.order === 'DESC' ? 'desc' : 'asc',
    nulls: 'sql',
    origin: `${s.at}/field`,
  }));
  // a search without sorting lists the best matches first
  if (sort.length === 0 && scores.length > 0) sort.push({ field: SCORE_SORT, direction: 'desc', nulls: 'sql' });
  sort.push({ field: id, direction: 'asc', nulls: 'sql' });
  const fetch = limit === null ? RESULT_WINDOW : criteria.totalCountMode === 'next-pages' ? limit * 6 + 1 : limit;
  const include = criteria.includes[ctx.entity];
  const filter = and(base, filtersToPredicate(ctx, criteria.postFilter));
  return {
    documents: {
      kind: 'DocumentsQuery',
      dataset: ctx.dataset.name,
      ...(filter ? { filter } : {}),
      sort,
      offset,
      limit: offset < RESULT_WINDOW ? Math.min(fetch, RESULT_WINDOW - offset) : fetch,
      fields: idsOnly ? [id] : include ? [...new Set([...include, id])] : null,
      exactTotal: criteria.totalCountMode === 'exact' || limit === null,
      ...(scores.length > 0 ? { scores } : {}),
    },
    pageLimit: limit,
  };
}
