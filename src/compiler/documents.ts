/** DocumentsQuery → one `_search` body (from/size, sort with SQL null placement, source filtering). */
import { RESULT_WINDOW, type DocumentsQuery } from '../ir/documents.js';
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
  const sort = q.sort.map((s) => {
    const f = resolveField(schema, s.field, 'exact', s.origin);
    const missing = s.nulls === 'sql' && s.direction === 'asc' ? '_first' : '_last';
    // a field of a to-many association sorts by its smallest element ascending, its largest descending
    return { [f.target]: { order: s.direction, missing, ...(f.nested ? { nested: { path: f.nested } } : {}) } };
  });
  return {
    from: q.offset,
    size: q.limit,
    track_total_hits: q.exactTotal,
    query: q.filter ? compilePredicate(q.filter, schema) : { match_all: {} },
    ...(sort.length > 0 ? { sort } : q.indexOrder ? { sort: ['_doc'] } : {}),
    _source: q.fields === null ? true : { includes: [...q.fields] },
    ...(q.collapse !== undefined ? { collapse: { field: resolveField(schema, q.collapse, 'group').target } } : {}),
  };
}
