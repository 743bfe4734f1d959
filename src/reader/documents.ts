/** A `_search` response with hits → a page of source documents. */
import type { SearchResponse } from '../backend/engine-client.js';
import type { DocumentPage, DocumentsQuery } from '../ir/documents.js';

interface Hits {
  readonly total?: { readonly value: number; readonly relation: string };
  readonly hits?: readonly { readonly _id?: string; readonly _source?: Record<string, unknown> }[];
}

export function readDocuments(res: SearchResponse, q: DocumentsQuery): DocumentPage {
  const hits = res.hits as Hits;
  return {
    documents: (hits.hits ?? []).map((h) => h._source ?? {}),
    ids: (hits.hits ?? []).map((h) => h._id ?? ''),
    total: q.exactTotal ? (hits.total?.value ?? null) : null,
  };
}
