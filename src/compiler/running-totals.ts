/**
 * Running totals the engine can compute itself: a level grouped by one histogram or date histogram
 * key, in key order, becomes a plain histogram aggregation with `cumulative_sum` pipelines instead of
 * a composite one. Everything else (other orders, having, several keys, metrics without a bucket
 * path) is left to the reader, which gives the same numbers.
 */
import type { GroupLevel } from '../ir/nodes.js';
import type { MetricPlan } from './plan.js';
import type { OpenKey } from './group-keys.js';
import type { Capabilities } from '../backend/capabilities.js';
import { bucketPath } from './metric-kinds.js';

export interface HistogramTotals {
  /** the histogram aggregation replacing the composite one (its sub-aggregations are added by the caller) */
  readonly agg: Record<string, unknown>;
  /** cumulative_sum pipelines by aggregation name */
  readonly aggs: Record<string, unknown>;
  /** running-total column → pipeline aggregation name */
  readonly enginePost: Record<string, string>;
}

export function histogramTotals(
  key: OpenKey,
  level: GroupLevel,
  plans: readonly MetricPlan[],
  enginePost: Readonly<Record<string, string>>,
  caps: Capabilities,
): HistogramTotals | undefined {
  if (!caps.cumulativeSum || level.having || level.offset > 0) return undefined;
  const [type, spec] = Object.entries(key.source)[0] as [string, Record<string, unknown>];
  if (type !== 'histogram' && type !== 'date_histogram') return undefined;
  // the engine accumulates in ascending key order only
  const inKeyOrder = level.order.every((o, i) => i === 0 && o.column === key.plan.name && o.direction === 'asc');
  if (!inKeyOrder) return undefined;
  const aggs: Record<string, unknown> = {};
  const post: Record<string, string> = {};
  level.post.forEach((p, j) => {
    if (p.kind !== 'runningTotal') return;
    const path = enginePost[p.of] ?? bucketPath(plans[level.metrics.findIndex((m) => m.name === p.of)]);
    if (!path) return;
    aggs[`t${j}`] = { cumulative_sum: { buckets_path: path } };
    post[p.name] = `t${j}`;
  });
  if (Object.keys(post).length === 0) return undefined;
  const { missing_bucket: _missing, ...rest } = spec;
  // Why min_doc_count 0: the engine refuses cumulative_sum otherwise; the reader drops empty buckets
  return { agg: { [type]: { ...rest, min_doc_count: 0 } }, aggs, enginePost: post };
}
