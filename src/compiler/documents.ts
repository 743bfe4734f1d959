/** DocumentsQuery → one `_search` body (from/size, sort with SQL null placement, source filtering). */
import { ELEMENTS_WINDOW, RESULT_WINDOW, SCORE_SORT, type DocumentSort, type DocumentsQuery, type ElementsQuery } from '../ir/documents.js';
import type { DatasetSchema } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';
import { compilePredicate } from './predicates.js';
import { resolveIndexField } from '../ir/field-resolver.js';

export function compileDocuments(q: DocumentsQuery, schema: DatasetSchema): Record<string, unknown> {
  if (q.offset + q.limit > RESULT_WINDOW) {
    throw new ProxyError({
      kind: 'invalid_query',
      message: `offset + limit may not exceed ${RESULT_WINDOW} documents (asked for ${q.offset + q.limit})`,
      at: { pointer: '/limit' },
    });
  }
  const sort = q.sort.map((s) => sortClause(s, schema, undefined));
  const query = q.filter ? compilePredicate(q.filter, schema) : { match_all: {} };
  return {
    from: q.offset,
    size: q.limit,
    track_total_hits: q.exactTotal,
    query: withOptional(query, q, schema),
    ...(sort.length > 0 ? { sort } : q.indexOrder ? { sort: ['_doc'] } : {}),
    _source: q.fields === null ? true : { includes: [...q.fields] },
    ...(q.collapse !== undefined ? { collapse: { field: resolveIndexField(schema, q.collapse, 'group').target } } : {}),
  };
}

/** `within`: sorting elements of that nested path (inner hits), where no `nested` hop is needed. */
function sortClause(s: DocumentSort, schema: DatasetSchema, within: string | undefined): Record<string, unknown> {
  if (s.field === SCORE_SORT) return { _score: { order: s.direction } };
  const f = resolveIndexField(schema, s.field, 'exact', s.origin);
  const missing = s.nulls === 'sql' && s.direction === 'asc' ? '_first' : '_last';
  // a field of a to-many association sorts the documents by its smallest element ascending, its largest descending
  const hop = f.nested && f.nested !== within ? { nested: { path: f.nested } } : {};
  return { [f.target]: { order: s.direction, missing, ...hop } };
}

/**
 * Scores and chosen elements ride along as optional clauses: `should` beside the query's `filter`
 * changes no match. Each score query is a constant score, so a document scores the sum of those it
 * matches; the elements are inner hits of nested clauses that score nothing, and a document with
 * no chosen element gets an empty list.
 */
function withOptional(query: Record<string, unknown>, q: DocumentsQuery, schema: DatasetSchema): Record<string, unknown> {
  const scores = (q.scores ?? []).map((s) => ({ constant_score: { filter: compilePredicate(s.filter, schema), boost: s.score } }));
  const should = [...scores, ...(q.elements ?? []).map((e) => elementsClause(e, schema))];
  return should.length === 0 ? query : { bool: { filter: [query], should } };
}

function elementsClause(e: ElementsQuery, schema: DatasetSchema): Record<string, unknown> {
  const size = e.limit ?? ELEMENTS_WINDOW - e.offset;
  if (e.offset + size > ELEMENTS_WINDOW || size < 1) {
    throw new ProxyError({ kind: 'invalid_query', message: `The elements of ${e.path} may be paged ${ELEMENTS_WINDOW} deep at most (asked for ${e.offset + size})`, at: { pointer: e.origin } });
  }
  return {
    nested: {
      path: e.path,
      query: e.filter ? compilePredicate(e.filter, schema, e.path) : { match_all: {} },
      score_mode: 'none',
      inner_hits: { name: e.path, from: e.offset, size, ...(e.sort.length > 0 ? { sort: e.sort.map((s) => sortClause(s, schema, e.path)) } : {}) },
    },
  };
}
