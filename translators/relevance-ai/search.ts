/**
 * Relevance AI's `simple_search` (the SDK's `dataset.search(QueryBuilder())`): the matching
 * documents through the pipeline's documents query (filters, `sort` in key order with missing
 * values last, 0-based `page` of `pageSize`, `includeFields` / `excludeFields`; a text `query`
 * narrows and ranks them, see text-search.ts), their total as
 * `resultsSize`, and next to them the facets of the same matches: `fieldsToAggregate` (most
 * frequent values, as `aggregations` and `aggregates`) and `fieldsToAggregateStats` (min, max,
 * avg, sum of a numeric field, and with `interval` the counts per bucket under `results`; a date
 * field's min and max as ISO-8601, avg and sum null, no interval).
 */
import type { AggQuery, GroupLevel } from '../../src/ir/nodes.js';
import type { DocumentPage, DocumentsQuery } from '../../src/ir/documents.js';
import { RESULT_WINDOW, SCORE_SORT } from '../../src/ir/documents.js';
import { and } from '../../src/ir/predicate.js';
import type { Limits } from '../../src/policy/limits.js';
import { lowerTextSearch, pick, type TextSearch } from './text-search.js';
import type { ResultTable } from '../../src/ir/result.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { Predicate } from '../../src/ir/predicate.js';
import { lookupField } from '../../src/ir/schema.js';
import { COUNT_COLUMN, internalName } from '../../src/ir/names.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import { Collector } from '../../src/errors/collector.js';
import { relevanceDiagnostics } from './errors.js';
import { lowerFilters } from './filters.js';
import { UNSUPPORTED_SEARCH_KEYS } from './search-schema.js';
import { relevanceSchema } from './datasets.js';
import type { SearchRequest } from './types.js';

/** Relevance's terms facets return this many values unless `resultsSize` says otherwise (ES's terms default). */
const DEFAULT_RESULTS_SIZE = 10;
const VALUE = internalName('value');
const STATS = internalName('stats');
const STATS_MIN = internalName('stats:min');
const STATS_MAX = internalName('stats:max');

export interface SearchAnswer {
  results: Record<string, unknown>[];
  resultsSize: number;
  aggregations: Record<string, Record<string, number>>;
  aggregates: Record<string, { results: Record<string, number>; aggregates: Record<string, never> }>;
  aggregateStats: Record<string, { min: number | string | null; max: number | string | null; avg: number | null; sum: number | null; results?: Record<string, number> }>;
  afterId: never[];
}

const unsupported = (feature: string, at: string): never => {
  throw new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
};

function checkField(schema: DatasetSchema, name: string, at: string): void {
  // includeFields may name an object holding fields, which the schema lists as dict
  if (name === '_id' || relevanceSchema(schema)[name] !== undefined) return;
  lookupField(schema, name, at);
}

/** The documents query; its problems (the page window, each sort key and field list entry) go to `c`. */
function documentsOf(req: SearchRequest, dataset: string, schema: DatasetSchema, filter: Predicate | undefined, text: TextSearch | undefined, c: Collector): DocumentsQuery {
  if ((req.page + 1) * req.pageSize > RESULT_WINDOW) {
    c.attempt(() => {
      throw new ProxyError({ kind: 'invalid_query', message: `(page + 1) * pageSize may not exceed ${RESULT_WINDOW} documents (asked for ${(req.page + 1) * req.pageSize})`, at: { pointer: '/page' } });
    });
  }
  const sort = c.each(Object.entries(req.sort), ([field, direction]) => {
    const origin = pointer('sort', field);
    lookupField(schema, field, origin);
    return { field, direction, nulls: 'last' as const, origin };
  });
  // the text query ranks after any explicit sort keys (most relevant first)
  if (text) sort.push({ field: SCORE_SORT, direction: 'desc', nulls: 'last', origin: '/query' });
  req.includeFields?.forEach((f, i) => c.attempt(() => checkField(schema, f, pointer('includeFields', i))));
  req.excludeFields?.forEach((f, i) => c.attempt(() => checkField(schema, f, pointer('excludeFields', i))));
  return {
    kind: 'DocumentsQuery',
    dataset,
    ...(filter ? { filter } : {}),
    sort,
    indexOrder: true,
    offset: req.page * req.pageSize,
    limit: req.pageSize,
    // a text query's _relevance is read from the searched fields: fetched whole, picked afterwards
    fields: req.includeFields && !text ? req.includeFields.filter((f) => f !== '_id') : null,
    ...(text ? { scores: text.scores } : {}),
    exactTotal: true,
  };
}

/** A copy of `doc` without the dotted path `path`. */
function without(doc: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in doc)) return doc;
  const { [head]: inner, ...others } = doc;
  if (rest.length === 0) return others;
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? { ...others, [head]: without(inner as Record<string, unknown>, rest) } : doc;
}

export interface SearchPlan {
  readonly queries: AggQuery[];
  readonly documents: DocumentsQuery;
  readonly format: (tables: readonly ResultTable[], page?: DocumentPage) => SearchAnswer;
}

const VECTOR_KEYS: readonly string[] = ['vectorSearchQuery', 'realtimeClustering'];

export function lowerSearch(req: SearchRequest, dataset: string, schema: DatasetSchema, limits: Limits): SearchPlan {
  // every problem of the request is answered: each part is lowered on its own and its errors collected
  const c = new Collector(relevanceDiagnostics);
  for (const k of UNSUPPORTED_SEARCH_KEYS) {
    if (!(k in req)) continue;
    c.attempt(() => unsupported(VECTOR_KEYS.includes(k) ? `'${k}' (vector search is not served: the index holds no vector fields)` : `'${k}' (text search here is query + fieldsToSearch; filter, sort and facet otherwise)`, `/${k}`));
  }
  if (req.fieldsToSearch !== undefined && req.query === undefined) c.attempt(() => unsupported("'fieldsToSearch' without 'query'", '/fieldsToSearch'));
  const text = req.query !== undefined && req.query !== '' ? c.attempt(() => lowerTextSearch(req.query as string, req.fieldsToSearch, schema, limits)) : undefined;
  const filter = and(c.attempt(() => lowerFilters(req.filters, schema)), text?.filter);
  const documents = documentsOf(req, dataset, schema, filter, text, c);
  const level = (l: Omit<GroupLevel, 'post' | 'offset'>): GroupLevel => ({ ...l, post: [], offset: 0 });
  const query = (levels: GroupLevel[]): AggQuery => ({ kind: 'AggQuery', dataset, ...(filter ? { filter } : {}), levels });
  const terms = c.each(req.fieldsToAggregate, (f, i) => {
    const at = pointer('fieldsToAggregate', i);
    const o = typeof f === 'string' ? { key: f } : f;
    if (o.fieldsToAggregate && o.fieldsToAggregate.length > 0) unsupported('nested fieldsToAggregate', `${at}/fieldsToAggregate`);
    lookupField(schema, o.key, typeof f === 'string' ? at : `${at}/key`);
    return query([level({
      keys: [{ kind: 'terms', name: VALUE, field: o.key, missing: 'exclude', origin: at }],
      metrics: [],
      order: [{ column: COUNT_COLUMN, direction: 'desc', compare: 'natural' }, { column: VALUE, direction: 'asc', compare: 'natural' }],
      limit: o.resultsSize ?? DEFAULT_RESULTS_SIZE,
    })]);
  });
  const statsFields = c.each(req.fieldsToAggregateStats, (f, i) => {
    const at = pointer('fieldsToAggregateStats', i);
    const o = typeof f === 'string' ? { key: f } : f;
    const origin = typeof f === 'string' ? at : `${at}/key`;
    const info = lookupField(schema, o.key, origin);
    const date = info.category === 'date';
    if (info.category !== 'numeric' && !date) throw new ProxyError({ kind: 'field_type', field: o.key, expected: 'numeric', actual: info.type, at: { pointer: origin } });
    // a date's buckets are calendar intervals, which a number cannot say (ListFacets' date_interval can)
    if (date && o.interval !== undefined) throw new ProxyError({ kind: 'unsupported', feature: `an interval on the date field '${o.key}' (its stats are min and max; ListFacets buckets dates by date_interval)`, at: { pointer: `${at}/interval` } });
    return { key: o.key, interval: o.interval, origin, date };
  });
  c.throwIfAny();
  // a date's min and max (a stats aggregation is over numbers only)
  const stats = statsFields.map((s) => query([level({
    keys: [],
    metrics: s.date
      ? [{ kind: 'min', name: STATS_MIN, field: s.key, origin: s.origin }, { kind: 'max', name: STATS_MAX, field: s.key, origin: s.origin }]
      : [{ kind: 'stats', name: STATS, field: s.key, origin: s.origin }],
    order: [],
    limit: null,
  })]));
  const histograms = statsFields.flatMap((s) => s.interval === undefined ? [] : [{ key: s.key, q: query([level({
    keys: [{ kind: 'histogram', name: VALUE, field: s.key, interval: s.interval, missing: 'exclude', origin: s.origin }],
    metrics: [],
    order: [{ column: VALUE, direction: 'asc', compare: 'natural' }],
    limit: null,
  })]) }]);
  const format = (tables: readonly ResultTable[], page?: DocumentPage): SearchAnswer => {
    const counts = (t: ResultTable | undefined) => Object.fromEntries((t?.rows ?? []).map((r) => [String(r.keys[VALUE]), r.count]));
    const answer: SearchAnswer = { results: [], resultsSize: page?.total ?? 0, aggregations: {}, aggregates: {}, aggregateStats: {}, afterId: [] };
    req.fieldsToAggregate.forEach((f, i) => {
      const key = typeof f === 'string' ? f : f.key;
      answer.aggregations[key] = counts(tables[i]);
      answer.aggregates[key] = { results: counts(tables[i]), aggregates: {} };
    });
    statsFields.forEach((s, i) => {
      const values = tables[terms.length + i]?.rows[0]?.values;
      if (s.date) {
        // a date's min and max as ISO-8601 (as ListFacets prints them); its sum and average mean nothing
        const iso = (x: unknown) => (typeof x === 'number' ? new Date(x).toISOString() : null);
        answer.aggregateStats[s.key] = { min: iso(values?.[STATS_MIN]), max: iso(values?.[STATS_MAX]), avg: null, sum: null };
        return;
      }
      const v = values?.[STATS];
      const part = (p: string) => (v && typeof v === 'object' ? (v[p] ?? null) : null);
      answer.aggregateStats[s.key] = { min: part('min'), max: part('max'), avg: part('avg'), sum: part('sum') };
    });
    histograms.forEach((h, i) => {
      answer.aggregateStats[h.key]!.results = counts(tables[terms.length + stats.length + i]);
    });
    answer.results = (page?.documents ?? []).map((d, i) => {
      let doc: Record<string, unknown> = text && req.includeFields ? pick(d, req.includeFields) : { ...d };
      for (const f of req.excludeFields ?? []) doc = without(doc, f.split('.'));
      const keepId = !req.includeFields || req.includeFields.includes('_id');
      if (keepId && !(req.excludeFields ?? []).includes('_id')) doc._id = page?.ids?.[i] ?? null;
      // without a text query every match is as relevant
      if (req.includeRelevance) doc._relevance = text ? text.relevance(d) : 0;
      if (req.includeDataset) doc._dataset = dataset;
      return doc;
    });
    return answer;
  };
  return { queries: [...terms, ...stats, ...histograms.map((h) => h.q)], documents, format };
}
