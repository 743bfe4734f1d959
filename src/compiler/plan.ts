/**
 * The read plan: everything the reader needs to turn engine responses into a result table,
 * produced by the compiler next to the requests (as opensearch-project/sql pairs a builder with
 * its parser). The reader consumes nothing but this.
 */
import type { GroupLevel, KeyValue } from '../ir/nodes.js';

export interface KeyPlan {
  readonly name: string;
  /** composite source name, or absent for a fixed key whose value comes from the scan */
  readonly source?: string;
  /** how to turn the composite key into a row value */
  readonly decode: 'raw' | 'boolean' | 'number';
}

export type MetricReadKind = 'value' | 'count' | 'stats' | 'extendedStats' | 'percentiles' | 'hit';

export interface MetricPlan {
  readonly name: string;
  readonly agg: string;
  readonly read: MetricReadKind;
  /** the metric sits inside a filter aggregation under this inner name */
  readonly filtered: boolean;
  /** a sum's value for an empty group; avg/min/max give null */
  readonly emptyValue: number | null;
  /** for `hit`: the field whose doc value the top hit carries */
  readonly hitField?: string;
  /** for `stats`: the one part that is the metric's value */
  readonly project?: 'count' | 'min' | 'max' | 'avg' | 'sum';
  /** the reader truncates the value toward zero */
  readonly truncate?: boolean;
  /**
   * the aggregation names from `agg` down to the metric's own aggregation, when it reaches its field
   * through `reverse_nested` / `nested` hops (joins.ts); the last one stands where `agg` otherwise does
   */
  readonly via?: readonly string[];
}

export interface LevelPlan {
  readonly keys: readonly KeyPlan[];
  readonly metrics: readonly MetricPlan[];
  /** post-metrics the engine computed (bucket_script), by name → agg */
  readonly enginePost: Readonly<Record<string, string>>;
  /** the IR level, for ordering, having, running totals and the post-metrics left to the reader */
  readonly level: GroupLevel;
  /**
   * a joined level whose conditions restrict the elements: each bucket's count and metrics are
   * under this filter aggregation, and a bucket with none of its elements left is no row
   */
  readonly elements?: string;
  /** the level's rows are joined elements (joins.ts): a group without documents left is no row */
  readonly joined?: boolean;
  /** the metrics of the row of documents without elements (a single `fixed` scan), asked of the document */
  readonly orphans?: readonly MetricPlan[];
}

/** Values of a level's fixed keys (ranges, filters) that one row stands for. */
export type FixedValues = Readonly<Record<string, KeyValue>>;

interface ScanBase {
  readonly level: number;
  /** the search body; composite kinds page `aggs.groups.composite` with `after` */
  readonly body: Record<string, unknown>;
  /** the single-bucket aggregation (a `nested` join) that holds `groups`, when it is not at the top */
  readonly under?: string;
}

/**
 * How one search (or one paged series of searches) is asked and what its answer is; the executor
 * has one strategy per kind (src/executor/strategies.ts) and the reader sees only rows.
 */
export type ScanSpec =
  /** one search; its top-level aggregations are the level's one row */
  | (ScanBase & { readonly kind: 'single' })
  /** `aggs.groups` is a composite, paged with `after_key` to the end; its buckets are the rows */
  | (ScanBase & { readonly kind: 'composite' })
  /** `aggs.groups` is a histogram (for cumulative_sum): one search, its non-empty buckets are the rows, key under `source` */
  | (ScanBase & { readonly kind: 'histogram'; readonly source: string })
  /**
   * a `filters` aggregation FIXED_AGG with one bucket per fixed-key combination, in this order: at
   * the top (`fixed`, one row per combination, empty ones too), or under each composite bucket
   * (`fixedComposite`, paged; rows per combination, empty ones dropped)
   */
  | (ScanBase & { readonly kind: 'fixed' | 'fixedComposite'; readonly combinations: readonly FixedValues[] });

export type ScanKind = ScanSpec['kind'];

export interface ReadPlan {
  readonly levels: readonly LevelPlan[];
}

export interface CompiledQuery {
  readonly index: string;
  readonly scans: readonly ScanSpec[];
  readonly plan: ReadPlan;
  /** approximations and defaults a user should know of (explain shows them) */
  readonly notes: readonly string[];
}

export const COMPOSITE_AGG = 'groups';
/** The inner name of a metric inside its filter aggregation. */
export const FILTERED_INNER = 'v';
/** the `filters` aggregation of a scan that asks several fixed-key combinations at once */
export const FIXED_AGG = 'fixed';
