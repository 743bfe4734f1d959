/** The dialect-neutral answer (the result contract between the reader and every formatter): rows of group keys, counts and metric values, nested per level. */
import type { KeyValue, MetricValue } from './nodes.js';

export interface ResultRow {
  /** every key of this level and the levels above it, by key name */
  readonly keys: Readonly<Record<string, KeyValue>>;
  /** documents in the group */
  readonly count: number;
  /** metrics, post-metrics and running totals by name */
  readonly values: Readonly<Record<string, MetricValue>>;
  /** rows of the next level inside this group, already ordered and cut */
  readonly children?: readonly ResultRow[];
}

export interface ResultTable {
  /** level-0 rows, ordered and cut as the query asked */
  readonly rows: readonly ResultRow[];
  /** level-0 rows before offset/limit: lets dialects report totals and page counts */
  readonly groupCount: number;
  /** documents matching the query's filter (when the first level has no fixed keys) */
  readonly total: number | null;
  readonly notes: readonly string[];
}
