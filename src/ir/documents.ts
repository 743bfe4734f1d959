/**
 * A request for matching documents themselves (not groups): the rows a search API returns next to
 * its aggregations (Shopware's `data`, a Druid `scan`). Compiled to one `_search` with from/size.
 */
import type { Predicate } from './predicate.js';
import { internalName } from './names.js';

/** ES refuses from + size beyond index.max_result_window (10,000 by default): no page may reach past it. */
export const RESULT_WINDOW = 10_000;

export interface DocumentSort {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
  /** SQL NULL placement: first when ascending, last when descending (MySQL), or always last (ES) */
  readonly nulls: 'sql' | 'last';
  readonly origin?: string;
}

export interface DocumentsQuery {
  readonly kind: 'DocumentsQuery';
  readonly dataset: string;
  readonly filter?: Predicate;
  readonly sort: readonly DocumentSort[];
  /** with no sort: documents in index order (the engine's cheapest stable order), not by score */
  readonly indexOrder?: boolean;
  readonly offset: number;
  readonly limit: number;
  /** top-level source fields to return; null: the whole document */
  readonly fields: readonly string[] | null;
  /** count every match exactly (costs a full count) or skip the count */
  readonly exactTotal: boolean;
  /**
   * one document per distinct value of this field, the first by `sort`, documents without a value
   * being one group (a SQL GROUP BY on the documents); `total` still counts documents
   */
  readonly collapse?: string;
  /**
   * relevance: a document's score is the sum of the scores of the queries it matches (SQL's
   * `SUM(IF(cond, score, 0))`); SCORE_SORT orders by it
   */
  readonly scores?: readonly ScoreQuery[];
  /** to-many associations (nested paths) whose elements each document returns chosen and ordered, in place of all of them */
  readonly elements?: readonly ElementsQuery[];
}

/** Which elements of one nested path a document returns (the engine's inner hits), at most ELEMENTS_WINDOW. */
export interface ElementsQuery {
  readonly path: string;
  readonly filter?: Predicate;
  /** fields are full paths (`categories.name`) */
  readonly sort: readonly DocumentSort[];
  readonly offset: number;
  /** null: every element (an error when a document has more than ELEMENTS_WINDOW) */
  readonly limit: number | null;
  readonly origin?: string;
}

/** The engines' index.max_inner_result_window default: offset + limit of one document's elements. */
export const ELEMENTS_WINDOW = 100;

export interface ScoreQuery {
  readonly filter: Predicate;
  readonly score: number;
}

/** The sort field that orders by the documents' score (in the proxy's own namespace: no field can take it). */
export const SCORE_SORT = internalName('score');

/** One page of documents. */
export interface DocumentPage {
  readonly documents: readonly Readonly<Record<string, unknown>>[];
  /** each document's engine id, in the same order (Relevance AI answers it as `_id`) */
  readonly ids?: readonly string[];
  /** exact number of matches, when asked for */
  readonly total: number | null;
}
