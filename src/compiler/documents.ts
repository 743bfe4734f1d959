/** DocumentsQuery → one `_search` body (from/size, sort with SQL null placement, source filtering). */
import { ELEMENTS_WINDOW, RESULT_WINDOW, type DocumentSort, type DocumentsQuery, type ElementsQuery } from '../ir/documents.js';
import type { DatasetSchema } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';
import { compilePredicate } from './predicates.js';
import { resolveField } from './fields.js';

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
    query: q.elements && q.elements.length > 0 ? withElements(query, q.elements, schema) : query,
    ...(sort.length > 0 ? { sort } : q.indexOrder ? { sort: ['_doc'] } : {}),
    _source: q.fields === null ? true : { includes: [...q.fields] },
    ...(q.collapse !== undefined ? { collapse: { field: resolveField(schema, q.collapse, 'group').target } } : {}),
  };
}

/** `within`: sorting elements of that nested path (inner hits), where no `nested` hop is needed. */
function sortClause(s: DocumentSort, schema: DatasetSchema, within: string | undefined): Record<string, unknown> {
  const f = resolveField(schema, s.field, 'exact', s.origin);
  const missing = s.nulls === 'sql' && s.direction === 'asc' ? '_first' : '_last';
  // a field of a to-many association sorts the documents by its smallest element ascending, its largest descending
  const hop = f.nested && f.nested !== within ? { nested: { path: f.nested } } : {};
  return { [f.target]: { order: s.direction, missing, ...hop } };
}

/**
 * The chosen elements ride along as inner hits of optional nested clauses: `should` beside the
 * query's `filter` changes no match, and a document with no chosen element gets an empty list.
 */
function withElements(query: Record<string, unknown>, elements: readonly ElementsQuery[], schema: DatasetSchema): Record<string, unknown> {
  const should = elements.map((e) => {
    const size = e.limit ?? ELEMENTS_WINDOW - e.offset;
    if (e.offset + size > ELEMENTS_WINDOW || size < 1) {
      throw new ProxyError({ kind: 'invalid_query', message: `The elements of ${e.path} may be paged ${ELEMENTS_WINDOW} deep at most (asked for ${e.offset + size})`, at: { pointer: e.origin } });
    }
    return {
      nested: {
        path: e.path,
        query: e.filter ? compilePredicate(e.filter, schema, e.path) : { match_all: {} },
        inner_hits: { name: e.path, from: e.offset, size, ...(e.sort.length > 0 ? { sort: e.sort.map((s) => sortClause(s, schema, e.path)) } : {}) },
      },
    };
  });
  return { bool: { filter: [query], should } };
}
