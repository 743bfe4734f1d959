/**
 * Narrows a lowered request to what its tenant may see before anything is compiled, cached or
 * explained: every query (probes included) and the documents page get the tenant's mandatory filter.
 */
import type { AggQuery } from '../ir/nodes.js';
import type { DocumentsQuery } from '../ir/documents.js';
import { and, type Predicate } from '../ir/predicate.js';
import type { Lowered, Staged } from '../dialect/contract.js';

export const narrowQuery = (q: AggQuery, p: Predicate): AggQuery => ({ ...q, filter: and(p, q.filter) });

export const narrowDocuments = (d: DocumentsQuery, p: Predicate): DocumentsQuery => ({ ...d, filter: and(p, d.filter) });

export function narrowLowered<Out>(l: Lowered<Out>, p: Predicate): Lowered<Out> {
  return {
    ...l,
    queries: l.queries.map((q) => narrowQuery(q, p)),
    ...(l.documents ? { documents: narrowDocuments(l.documents, p) } : {}),
  };
}

export function narrow<Out>(request: Lowered<Out> | Staged<Out>, p: Predicate | undefined): Lowered<Out> | Staged<Out> {
  if (!p) return request;
  if (!('probe' in request)) return narrowLowered(request, p);
  return { ...request, probe: request.probe.map((q) => narrowQuery(q, p)), then: (tables) => narrowLowered(request.then(tables), p) };
}
