/**
 * The reader's half of the metric registry (src/compiler/metric-kinds.ts names each kind's `read`):
 * how one metric aggregation of a bucket becomes the column's value. A `Record` over the read kinds,
 * so a new read kind without a reader is a type error.
 */
import type { MetricValue } from '../ir/nodes.js';
import { FILTERED_INNER, type MetricPlan, type MetricReadKind } from '../compiler/plan.js';

type Agg = Readonly<Record<string, unknown>>;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function stats(agg: Agg): Record<string, number | null> {
  const n = (agg.count as number | undefined) ?? 0;
  return {
    count: n,
    min: num(agg.min),
    max: num(agg.max),
    avg: num(agg.avg),
    // SQL semantics: the sum of no values is null (ES says 0)
    sum: n === 0 ? null : num(agg.sum),
  };
}

/** Readers of the metric aggregation itself (count is read from the bucket: see readMetric). */
const READERS: Record<Exclude<MetricReadKind, 'count'>, (agg: Agg, m: MetricPlan) => MetricValue> = {
  value: (agg, m) => num(agg.value) ?? m.emptyValue,
  stats,
  extendedStats: (agg) => {
    const out = stats(agg);
    const empty = out.count === 0;
    return {
      ...out,
      sum_of_squares: empty ? null : num(agg.sum_of_squares),
      // ES `variance` and `std_deviation` are the population statistics
      variance: num(agg.variance),
      std_deviation: num(agg.std_deviation),
      variance_sampling: num(agg.variance_sampling),
      std_deviation_sampling: num(agg.std_deviation_sampling),
    };
  },
  hit: (agg, m) => {
    const hit = ((agg.hits as { hits?: { fields?: Record<string, unknown[]> }[] } | undefined)?.hits ?? [])[0];
    const v = hit?.fields?.[m.hitField ?? '']?.[0];
    return typeof v === 'number' ? v : null;
  },
  percentiles: (agg) => {
    const out: Record<string, number | null> = {};
    for (const [p, v] of Object.entries((agg.values ?? {}) as Record<string, unknown>)) out[p] = num(v);
    return out;
  },
};

/** One metric's raw value in a bucket (or a single-row answer) whose document count is `count`. */
export function readMetric(m: MetricPlan, count: number, aggs: Agg): MetricValue {
  const outer = m.via ? hop(aggs[m.agg] as Agg | undefined, m.via) : (aggs[m.agg] as Agg | undefined);
  // an empty group's count is its doc_count, 0
  if (m.read === 'count') return m.filtered ? ((outer?.doc_count as number | undefined) ?? 0) : count;
  const agg = (m.filtered ? outer?.[FILTERED_INNER] : outer) as Agg | undefined;
  return agg ? READERS[m.read](agg, m) : m.emptyValue;
}

/** The metric's own aggregation below its `reverse_nested` / `nested` hops. */
function hop(agg: Agg | undefined, via: readonly string[]): Agg | undefined {
  let node = agg;
  for (const name of via) node = node?.[name] as Agg | undefined;
  return node;
}
