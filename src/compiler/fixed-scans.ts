/**
 * Fixed keys (ranges, filters) as few searches: the combinations of their buckets go into one
 * `filters` aggregation per search, chunked so no search makes the engine build more buckets than
 * its own `search.max_buckets` allows. Without open keys the `filters` aggregation is the scan's
 * top aggregation (one bucket per combination, empty ones included, as one search per combination
 * answered before); with open keys it sits under each composite bucket (a composite cannot have a
 * parent), and the composite page shrinks so a page times the combinations stays in budget.
 * Each combination stays exact: the same queries as before, just asked together.
 */
import type { KeyValue } from '../ir/nodes.js';
import { FIXED_COMBINATIONS_PER_SEARCH as COMBINATIONS_PER_SEARCH } from '../policy/limits.js';
import { FIXED_AGG } from './plan.js';

/** composite buckets × combinations one page may make the engine build (engines default to 65,535) */
const SUB_BUCKETS_PER_PAGE = 10_000;

export interface Combination {
  readonly values: Record<string, KeyValue>;
  readonly queries: Record<string, unknown>[];
}

export interface FixedChunk {
  readonly values: readonly Record<string, KeyValue>[];
  /** the `filters` aggregation over this chunk's combinations, metrics under each bucket */
  readonly agg: (metricAggs: Record<string, unknown>) => Record<string, unknown>;
}

export function fixedChunks(combos: readonly Combination[]): FixedChunk[] {
  const chunks: FixedChunk[] = [];
  for (let i = 0; i < combos.length; i += COMBINATIONS_PER_SEARCH) {
    const part = combos.slice(i, i + COMBINATIONS_PER_SEARCH);
    const filters = part.map((c) => (c.queries.length === 1 ? c.queries[0] : { bool: { filter: c.queries } }));
    chunks.push({
      values: part.map((c) => c.values),
      agg: (metricAggs) => ({
        [FIXED_AGG]: { filters: { filters }, ...(Object.keys(metricAggs).length > 0 ? { aggs: metricAggs } : {}) },
      }),
    });
  }
  return chunks;
}

/** The composite page size when each composite bucket holds `combinations` sub-buckets. */
export function pageSizeWith(combinations: number, pageSize: number): number {
  return Math.max(1, Math.min(pageSize, Math.floor(SUB_BUCKETS_PER_PAGE / Math.max(1, combinations))));
}
