/** A `_search` response with hits → a page of source documents. */
import type { SearchResponse } from '../backend/engine-client.js';
import { ELEMENTS_WINDOW, type DocumentPage, type DocumentsQuery, type ElementsQuery } from '../ir/documents.js';
import { ProxyError } from '../errors/proxy-error.js';

interface InnerHits {
  readonly hits?: { readonly total?: { readonly value: number }; readonly hits?: readonly { readonly _source?: unknown }[] };
}

interface Hit {
  readonly _id?: string;
  readonly _source?: Record<string, unknown>;
  readonly inner_hits?: Readonly<Record<string, InnerHits>>;
}

interface Hits {
  readonly total?: { readonly value: number; readonly relation: string };
  readonly hits?: readonly Hit[];
}

export function readDocuments(res: SearchResponse, q: DocumentsQuery): DocumentPage {
  const hits = res.hits as Hits;
  const elements = q.elements ?? [];
  return {
    documents: (hits.hits ?? []).map((h) => (elements.length === 0 ? (h._source ?? {}) : withElements(h, elements))),
    ids: (hits.hits ?? []).map((h) => h._id ?? ''),
    total: q.exactTotal ? (hits.total?.value ?? null) : null,
  };
}

/** The document with each chosen association replaced by its chosen elements, in their order. */
function withElements(h: Hit, elements: readonly ElementsQuery[]): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...(h._source ?? {}) };
  for (const e of elements) {
    const inner = h.inner_hits?.[e.path]?.hits;
    const got = (inner?.hits ?? []).map((x) => x._source ?? {});
    // every element was asked for: a document with more than the window holds would be cut silently
    if (e.limit === null && (inner?.total?.value ?? 0) > e.offset + got.length) {
      throw new ProxyError({
        kind: 'invalid_query',
        message: `A record has more than ${ELEMENTS_WINDOW} elements of ${e.path}; give the association a limit and page through them`,
        at: { pointer: e.origin },
      });
    }
    doc[e.path] = got;
  }
  return doc;
}
