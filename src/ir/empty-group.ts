/**
 * The empty-group rule: what a metric answers for a group that has no values for it (a zero-filled
 * time bucket, a LEFT JOIN's null row, a filtered metric none of the group's documents pass). Part
 * of the IR because translators that make such groups themselves (Druid's zero-filled timeseries)
 * must answer exactly what the reader answers for the same metric.
 */
import type { GroupLevel, Metric, MetricValue } from './nodes.js';
import type { ResultRow } from './result.js';
import { evaluate } from './evaluate.js';

/** Per kind: 0 for counts and sums (SQL COUNT; a sum aggregation of nothing), null for the rest (SQL AVG/MIN/MAX of nothing). */
const BY_KIND: { readonly [K in Metric['kind']]: 0 | null } = {
  count: 0,
  sum: 0,
  avg: null,
  min: null,
  max: null,
  valueCount: 0,
  // a projected part too: SQL's SUM of nothing is NULL
  stats: null,
  extendedStats: null,
  cardinality: 0,
  first: null,
  last: null,
  percentiles: null,
};

/** The metric's own rule (`emptyGroup`) where it states one, else its kind's. */
export function emptyGroupValue(m: Metric): 0 | null {
  return 'emptyGroup' in m && m.emptyGroup !== undefined ? m.emptyGroup : BY_KIND[m.kind];
}

/**
 * A group of the level with no documents: count 0, each metric its empty-group value, each
 * post-metric expression computed from those (running totals are left to the reader's cut).
 */
export function emptyGroupRow(level: Pick<GroupLevel, 'metrics' | 'post'>, keys: ResultRow['keys']): ResultRow {
  const values: Record<string, MetricValue> = {};
  for (const m of level.metrics) values[m.name] = emptyGroupValue(m);
  for (const p of level.post) if (p.kind === 'expr') values[p.name] = evaluate(p.expr, 0, values);
  return { keys, count: 0, values };
}
