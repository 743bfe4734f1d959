/** IR metrics → ES metric aggregations, with the read instructions for each. */
import type { Metric } from '../ir/nodes.js';
import type { MetricPlan } from './plan.js';
import { compilePredicate } from './predicates.js';
import { resolveField, type FieldUse } from './fields.js';
import { TRUNCATED_SUM, VALUE_UNION, VALUE_TUPLES } from './painless.js';
import { isVirtual, requireScripts, valueSource, type FieldScope } from './value-source.js';

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

export function compileMetric(m: Metric, aggName: string, scope: FieldScope): CompiledMetric {
  const { schema, caps } = scope;
  const notes: string[] = [];
  let inner: Record<string, unknown> | undefined;
  let read: MetricPlan['read'] = 'value';
  let emptyValue: number | null = null;
  let hitField: string | undefined;
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
      if (isVirtual(scope, m.field)) {
        inner = { [spec.agg]: valueSource(scope, m.field, spec.use, m.origin) };
        read = spec.read;
        emptyValue = spec.empty;
        break;
      }
      const f = resolveField(schema, m.field, spec.use, m.origin);
      if (m.kind === 'sum' && 'truncate' in m && m.truncate && !f.integral) {
        // a per-document truncation has no aggregation of its own: a params-only script
        requireScripts(caps, `${m.name}: a sum of values truncated per document (Druid longSum over a floating-point column)`, m.origin);
        inner = { sum: { script: { lang: 'painless', source: TRUNCATED_SUM, params: { field: f.target } } } };
      } else inner = { [spec.agg]: { field: f.target } };
      read = spec.read;
      emptyValue = spec.empty;
      break;
    }
    case 'cardinality': {
      const fields = [m.field, ...(m.fields ?? [])].map((f) => resolveField(schema, f, 'count', m.origin).target);
      if (fields.length > 1) requireScripts(caps, `${m.name}: a distinct count over several fields`, m.origin);
      const source =
        fields.length === 1
          ? { field: fields[0] }
          : { script: { lang: 'painless', source: m.byRow ? VALUE_TUPLES : VALUE_UNION, params: { fields } } };
      inner = { cardinality: { ...source, precision_threshold: m.precisionThreshold } };
      emptyValue = 0;
      notes.push(
        `${m.name}: cardinality is approximate (HyperLogLog++), exact up to about ${m.precisionThreshold} distinct values`,
      );
      break;
    }
    case 'first':
    case 'last': {
      const field = resolveField(schema, m.field, 'exact', m.origin).target;
      const order = m.kind === 'first' ? 'asc' : 'desc';
      const sort: Record<string, unknown>[] = [{ [resolveField(schema, m.timeField, 'date', m.origin).target]: { order } }];
      if (m.tiebreakField) sort.push({ [resolveField(schema, m.tiebreakField, 'exact', m.origin).target]: { order } });
      inner = { top_hits: { size: 1, sort, _source: false, docvalue_fields: [field] } };
      read = 'hit';
      hitField = field;
      break;
    }
    case 'percentiles':
      inner = {
        percentiles: {
          ...valueSource(scope, m.field, 'numeric', m.origin),
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
  const project = m.kind === 'stats' ? m.project : undefined;
  // a truncated sum is exact from its script; other truncations are the reader's
  const truncate = 'truncate' in m && m.truncate === true && m.kind !== 'sum';
  const plan: MetricPlan = {
    name: m.name,
    agg: aggName,
    read,
    filtered,
    emptyValue,
    ...(hitField ? { hitField } : {}),
    ...(project ? { project } : {}),
    ...(truncate ? { truncate } : {}),
  };
  if (m.filter) {
    const query = compilePredicate(m.filter, schema);
    return { plan, agg: { filter: query, ...(inner ? { aggs: { [FILTERED_INNER]: inner } } : {}) }, notes };
  }
  return inner ? { plan, agg: inner, notes } : { plan, notes };
}
