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
}

export interface LevelPlan {
  readonly keys: readonly KeyPlan[];
  readonly metrics: readonly MetricPlan[];
  /** post-metrics the engine computed (bucket_script), by name → agg */
  readonly enginePost: Readonly<Record<string, string>>;
  /** the IR level, for ordering, having, running totals and the post-metrics left to the reader */
  readonly level: GroupLevel;
}

export interface ScanSpec {
  readonly level: number;
  /** values of the level's fixed keys (ranges, filters) this scan stands for */
  readonly fixed: Readonly<Record<string, KeyValue>>;
  /**
   * The scan asks many fixed-key combinations at once: a `filters` aggregation named FIXED_AGG
   * (at the top, or under each composite bucket) has one bucket per combination, in this order.
   * The executor answers one ScanResult per combination, each with `fixed` set to its values.
   */
  readonly fixedSet?: readonly Readonly<Record<string, KeyValue>>[];
  /** the search body; for a composite scan, `aggs.groups.composite` is paged with `after` */
  readonly body: Record<string, unknown>;
  readonly composite: boolean;
  /**
   * `aggs.groups` is a histogram (for cumulative_sum), not a composite: one request, its non-empty
   * buckets are the rows, their key under this composite source name
   */
  readonly histogram?: string;
}

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
/** the `filters` aggregation of a scan that asks several fixed-key combinations at once */
export const FIXED_AGG = 'fixed';
