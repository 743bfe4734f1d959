/** IR metrics → ES metric aggregations, with the read instructions for each (kinds: metric-kinds.ts). */
import type { Metric } from '../ir/nodes.js';
import { FILTERED_INNER, type MetricPlan } from './plan.js';
import { compilePredicate } from './predicates.js';
import { compileKind } from './metric-kinds.js';
import type { FieldScope } from './value-source.js';
import type { Hops } from './joins.js';

export interface CompiledMetric {
  readonly plan: MetricPlan;
  /** undefined for an unfiltered count, which is the bucket's doc_count */
  readonly agg?: Record<string, unknown>;
  readonly notes: readonly string[];
}

/** `hops`: how the metric reaches its field from where its level's rows are (joins.ts metricHops). */
export function compileMetric(m: Metric, aggName: string, scope: FieldScope, hops: Hops = { within: undefined }): CompiledMetric {
  const { inner, hitField, notes = [], read, empty } = compileKind(m, scope);
  const project = m.kind === 'stats' ? m.project : undefined;
  // a truncated sum is exact from its script; other truncations are the reader's
  const truncate = 'truncate' in m && m.truncate === true && m.kind !== 'sum';
  const plan: MetricPlan = {
    name: m.name,
    agg: aggName,
    read,
    filtered: m.filter !== undefined,
    // a count reads doc_count (0 for an empty group) and never this, kept null as plans always had it
    emptyValue: read === 'count' ? null : empty,
    ...(hitField ? { hitField } : {}),
    ...(project ? { project } : {}),
    ...(truncate ? { truncate } : {}),
    ...(hops.via ? { via: hops.via } : {}),
  };
  const agg = m.filter
    ? { filter: compilePredicate(m.filter, scope.schema, hops.within), ...(inner ? { aggs: { [FILTERED_INNER]: inner } } : {}) }
    : inner;
  if (!agg) return { plan, notes };
  return { plan, agg: hops.wrap ? hops.wrap(agg) : agg, notes };
}

