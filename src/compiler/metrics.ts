/** IR metrics → ES metric aggregations, with the read instructions for each. */
import type { Metric } from '../ir/nodes.js';
import type { DatasetSchema } from '../backend/schema.js';
import type { MetricPlan } from './plan.js';
import { compilePredicate } from './predicates.js';
import { resolveField, type FieldUse } from './fields.js';

export interface CompiledMetric {
  readonly plan: MetricPlan;
  /** undefined for an unfiltered count, which is the bucket's doc_count */
  readonly agg?: Record<string, unknown>;
  readonly notes: string[];
}

/** The inner name of a metric inside its filter aggregation. */
export const FILTERED_INNER = 'v';

/** Metrics that are one ES aggregation over one field: its name, the field it needs, how to read it. */
const FIELD_AGGS = {
  sum: { agg: 'sum', use: 'numeric', read: 'value', empty: 0 },
  avg: { agg: 'avg', use: 'numeric', read: 'value', empty: null },
  min: { agg: 'min', use: 'ordered', read: 'value', empty: null },
  max: { agg: 'max', use: 'ordered', read: 'value', empty: null },
  valueCount: { agg: 'value_count', use: 'count', read: 'value', empty: 0 },
  stats: { agg: 'stats', use: 'numeric', read: 'stats', empty: null },
  extendedStats: { agg: 'extended_stats', use: 'numeric', read: 'extendedStats', empty: null },
} as const satisfies Record<string, { agg: string; use: FieldUse; read: MetricPlan['read']; empty: number | null }>;

export function compileMetric(m: Metric, aggName: string, schema: DatasetSchema): CompiledMetric {
  const notes: string[] = [];
  let inner: Record<string, unknown> | undefined;
  let read: MetricPlan['read'] = 'value';
  let emptyValue: number | null = null;
  switch (m.kind) {
    case 'count':
      read = 'count';
      break;
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'valueCount':
    case 'stats':
    case 'extendedStats': {
      const spec = FIELD_AGGS[m.kind];
      inner = { [spec.agg]: { field: resolveField(schema, m.field, spec.use, m.origin).target } };
      read = spec.read;
      emptyValue = spec.empty;
      break;
    }
    case 'cardinality':
      inner = {
        cardinality: {
          field: resolveField(schema, m.field, 'count', m.origin).target,
          precision_threshold: m.precisionThreshold,
        },
      };
      emptyValue = 0;
      notes.push(
        `${m.name}: cardinality is approximate (HyperLogLog++), exact up to about ${m.precisionThreshold} distinct values`,
      );
      break;
    case 'percentiles':
      inner = {
        percentiles: {
          field: resolveField(schema, m.field, 'numeric', m.origin).target,
          percents: m.percents,
          keyed: true,
          tdigest: { compression: m.compression },
        },
      };
      read = 'percentiles';
      notes.push(`${m.name}: percentiles are approximate (t-digest, compression ${m.compression})`);
      break;
  }
  const filtered = m.filter !== undefined;
  const plan: MetricPlan = { name: m.name, agg: aggName, read, filtered, emptyValue };
  if (m.filter) {
    const query = compilePredicate(m.filter, schema);
    return { plan, agg: { filter: query, ...(inner ? { aggs: { [FILTERED_INNER]: inner } } : {}) }, notes };
  }
  return inner ? { plan, agg: inner, notes } : { plan, notes };
}
