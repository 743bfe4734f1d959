/**
 * The compiler's half of the metric registry: one descriptor per IR metric kind (in the spirit of
 * Grafana's Elasticsearch data source metric registry) saying how the kind compiles, how the reader
 * reads it (`read`, whose reader half is src/reader/metric-values.ts); what an empty group gives is
 * the IR's rule (src/ir/empty-group.ts).
 * A `Record` over the IR's kind union, so a new metric kind without a descriptor is a type error.
 */
import type { Metric } from '../ir/nodes.js';
import { emptyGroupValue } from '../ir/empty-group.js';
import { FILTERED_INNER, type MetricPlan, type MetricReadKind } from './plan.js';
import { resolveIndexField, type FieldUse } from '../ir/field-resolver.js';
import { TRUNCATED_SUM, VALUE_UNION, VALUE_TUPLES } from './painless.js';
import { isVirtual, requireScripts, valueSource, type FieldScope } from './value-source.js';
import { shownName } from '../ir/names.js';

export type MetricKind = Metric['kind'];
type MetricOf<K extends MetricKind> = Extract<Metric, { readonly kind: K }>;

export interface CompiledAgg {
  /** the metric aggregation; absent for a count, which is the bucket's doc_count */
  readonly inner?: Record<string, unknown>;
  /** for `hit`: the field whose doc value the top hit carries */
  readonly hitField?: string;
  readonly notes?: readonly string[];
}

export interface MetricKindDescriptor<K extends MetricKind> {
  /** how the reader turns the engine's aggregation into the column's value */
  readonly read: MetricReadKind;
  readonly compile: (m: MetricOf<K>, scope: FieldScope) => CompiledAgg;
}

/** A metric that is one ES aggregation over one numeric or ordered field (or a virtual field). */
function fieldAgg(agg: string, use: FieldUse) {
  return (m: MetricOf<'sum' | 'avg' | 'min' | 'max' | 'valueCount' | 'stats' | 'extendedStats'>, scope: FieldScope): CompiledAgg => {
    if (isVirtual(scope, m.field)) return { inner: { [agg]: valueSource(scope, m.field, use, m.origin) } };
    const f = resolveIndexField(scope.schema, m.field, use, m.origin);
    if (m.kind === 'sum' && m.truncate && !f.integral) {
      // a per-document truncation has no aggregation of its own: a params-only script
      requireScripts(scope.caps, `${shownName(m.name)}: a sum of values truncated per document (Druid longSum over a floating-point column)`, m.origin);
      return { inner: { sum: { script: { lang: 'painless', source: TRUNCATED_SUM, params: { field: f.target } } } } };
    }
    return { inner: { [agg]: { field: f.target } } };
  };
}

function firstLast(m: MetricOf<'first' | 'last'>, scope: FieldScope): CompiledAgg {
  const { schema } = scope;
  const field = resolveIndexField(schema, m.field, 'exact', m.origin).target;
  const order = m.kind === 'first' ? 'asc' : 'desc';
  const sort: Record<string, unknown>[] = [{ [resolveIndexField(schema, m.timeField, 'date', m.origin).target]: { order } }];
  if (m.tiebreakField) sort.push({ [resolveIndexField(schema, m.tiebreakField, 'exact', m.origin).target]: { order } });
  return { inner: { top_hits: { size: 1, sort, _source: false, docvalue_fields: [field] } }, hitField: field };
}

export const METRIC_KINDS: { readonly [K in MetricKind]: MetricKindDescriptor<K> } = {
  count: { read: 'count', compile: () => ({}) },
  sum: { read: 'value', compile: fieldAgg('sum', 'numeric') },
  avg: { read: 'value', compile: fieldAgg('avg', 'numeric') },
  min: { read: 'value', compile: fieldAgg('min', 'ordered') },
  max: { read: 'value', compile: fieldAgg('max', 'ordered') },
  valueCount: { read: 'value', compile: fieldAgg('value_count', 'count') },
  // a projected sum is null for a group without values too (the reader's stats half)
  stats: { read: 'stats', compile: fieldAgg('stats', 'numeric') },
  extendedStats: { read: 'extendedStats', compile: fieldAgg('extended_stats', 'numeric') },
  cardinality: {
    read: 'value',
    compile: (m, { schema, caps }) => {
      const fields = [m.field, ...(m.fields ?? [])].map((f) => resolveIndexField(schema, f, 'count', m.origin).target);
      if (fields.length > 1) requireScripts(caps, `${shownName(m.name)}: a distinct count over several fields`, m.origin);
      const source =
        fields.length === 1
          ? { field: fields[0] }
          : { script: { lang: 'painless', source: m.byRow ? VALUE_TUPLES : VALUE_UNION, params: { fields } } };
      return {
        inner: { cardinality: { ...source, precision_threshold: m.precisionThreshold } },
        notes: [`${shownName(m.name)}: cardinality is approximate (HyperLogLog++), exact up to about ${m.precisionThreshold} distinct values`],
      };
    },
  },
  first: { read: 'hit', compile: firstLast },
  last: { read: 'hit', compile: firstLast },
  percentiles: {
    read: 'percentiles',
    compile: (m, scope) => ({
      inner: {
        percentiles: {
          ...valueSource(scope, m.field, 'numeric', m.origin),
          percents: m.percents,
          keyed: true,
          tdigest: { compression: m.compression },
        },
      },
      notes: [`${shownName(m.name)}: percentiles are approximate (t-digest, compression ${m.compression})`],
    }),
  },
};

/** The descriptor of one metric, typed by its kind. */
export function compileKind<K extends MetricKind>(m: MetricOf<K>, scope: FieldScope): CompiledAgg & { readonly read: MetricReadKind; readonly empty: 0 | null } {
  const d = METRIC_KINDS[m.kind as K];
  // the empty-group rule is the IR's (src/ir/empty-group.ts): translators that make empty groups use it too
  return { ...d.compile(m, scope), read: d.read, empty: emptyGroupValue(m) };
}

/**
 * The buckets_path of a metric column (or one part of it) for a pipeline aggregation, or undefined
 * when only the reader can produce that value. Used by bucket_script and cumulative_sum alike.
 */
export function bucketPath(plan: MetricPlan | undefined, part?: string): string | undefined {
  // truncation happens in the reader, so only the reader sees the value a pipeline would need
  if (!plan || plan.truncate) return undefined;
  const base = plan.filtered ? `${plan.agg}>${FILTERED_INNER}` : plan.agg;
  if (plan.project) return part === undefined ? `${base}.${plan.project}` : undefined;
  return READ_PATHS[plan.read](plan, base, part);
}

const READ_PATHS: Record<MetricPlan['read'], (plan: MetricPlan, base: string, part: string | undefined) => string | undefined> = {
  count: (plan) => (plan.filtered ? `${plan.agg}._count` : '_count'),
  value: (_plan, base, part) => (part === undefined ? base : undefined),
  stats: (_plan, base, part) => statsPath(base, part),
  extendedStats: (_plan, base, part) => statsPath(base, part),
  percentiles: () => undefined,
  hit: () => undefined,
};

function statsPath(base: string, part: string | undefined): string | undefined {
  return part !== undefined && /^[a-z_]+$/.test(part) ? `${base}.${part}` : undefined;
}
