/**
 * Relevance AI request → IR. Without `sort`, groupbys nest in list order: each level ordered by
 * frequency (descending, or ascending with `asc`), ties by key ascending, cut to its page_size;
 * `page` pages the outermost level. With `sort`, all leaf rows are ordered globally and paged.
 */
import type { AggQuery, GroupKey, GroupLevel, Metric as IrMetric, OrderItem, PostMetric, Predicate, RowPredicate } from '../../src/ir/nodes.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { AppConfig } from '../../src/catalog/config.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import { lookupField } from '../../src/ir/schema.js';
import { and } from '../../src/ir/predicate.js';
import { Collector } from '../../src/errors/collector.js';
import { CATEGORY_AGGS, type AggregateRequest, type GroupBy, type Metric, type DateInterval } from './types.js';
import { lowerFilters } from './filters.js';
import { COUNT_COLUMN, internalName } from '../../src/ir/names.js';
import { resolveIndexField, type FieldUse } from '../../src/ir/field-resolver.js';
import { relevanceDiagnostics } from './errors.js';
import { javaDouble } from '../../src/util/java-number.js';

/** How one requested metric appears in a result row. */
export type MetricOutput =
  | { readonly name: string; readonly from: 'value' }
  | { readonly name: string; readonly from: 'bounds'; readonly stats: string };

export interface GroupOutput {
  readonly name: string;
  readonly format: 'raw' | 'iso-date';
}

export interface RelevancePlan {
  readonly query: AggQuery;
  readonly groups: readonly GroupOutput[];
  readonly metrics: readonly MetricOutput[];
}

export const CALENDAR: Record<DateInterval, 'month' | 'day' | 'year' | 'hour' | 'minute' | 'week'> = {
  monthly: 'month', daily: 'day', yearly: 'year', hourly: 'hour', minutely: 'minute', weekly: 'week',
};

const ES_DEFAULT_PERCENTS = [1, 5, 25, 50, 75, 95, 99];

function lowerGroup(g: GroupBy, i: number, schema: DatasetSchema): { key: GroupKey; order: OrderItem[]; out: GroupOutput; minDocs: number } {
  const at = pointer('aggregation_query', 'groupby', i);
  if (g.agg === 'wordcloud' || g.agg === 'boolean_filter') {
    throw new ProxyError({ kind: 'unsupported', feature: `groupby agg '${g.agg}'`, at: { pointer: `${at}/agg` } });
  }
  const field = lookupField(schema, g.field, `${at}/field`);
  const byCount = (asc: boolean): OrderItem[] => [
    { column: COUNT_COLUMN, direction: asc ? 'asc' : 'desc', compare: 'natural' },
    { column: g.name, direction: 'asc', compare: 'natural' },
  ];
  if (field.category === 'date' && (g.date_interval !== undefined || !g.buckets)) {
    const calendar = CALENDAR[g.date_interval ?? 'monthly'];
    return {
      key: { kind: 'dateHistogram', name: g.name, field: g.field, interval: { calendar }, timeZone: 'UTC', missing: 'exclude', origin: `${at}/field` },
      order: [{ column: g.name, direction: 'asc', compare: 'natural' }],
      out: { name: g.name, format: 'iso-date' },
      minDocs: 1,
    };
  }
  const isCategory = (CATEGORY_AGGS as readonly string[]).includes(g.agg);
  if (!isCategory && g.buckets) {
    if (Array.isArray(g.buckets)) {
      const ranges = g.buckets.map((b) => ({
        key: `${b.from === undefined ? '*' : javaDouble(b.from)}-${b.to === undefined ? '*' : javaDouble(b.to)}`,
        ...(b.from !== undefined ? { from: b.from } : {}),
        ...(b.to !== undefined ? { to: b.to } : {}),
      }));
      resolveIndexField(schema, g.field, 'numeric', `${at}/field`);
      // ranges keep the order they were listed in: no sort, the scans come in that order
      return { key: { kind: 'ranges', name: g.name, field: g.field, ranges, origin: `${at}/field` }, order: [], out: { name: g.name, format: 'raw' }, minDocs: 1 };
    }
    const h = g.buckets.histogram;
    if (h.min_doc_count === 0) {
      throw new ProxyError({ kind: 'unsupported', feature: 'histogram min_doc_count 0 (empty buckets)', at: { pointer: `${at}/buckets/histogram/min_doc_count` } });
    }
    resolveIndexField(schema, g.field, 'numeric', `${at}/field`);
    return {
      key: { kind: 'histogram', name: g.name, field: g.field, interval: h.interval, missing: 'exclude', origin: `${at}/field` },
      order: [{ column: g.name, direction: 'asc', compare: 'natural' }],
      out: { name: g.name, format: 'raw' },
      minDocs: h.min_doc_count ?? 1,
    };
  }
  if (!isCategory && field.category !== 'numeric') {
    throw new ProxyError({ kind: 'field_type', field: g.field, expected: 'numeric', actual: field.type, at: { pointer: `${at}/field` } });
  }
  resolveIndexField(schema, g.field, 'exact', `${at}/field`);
  return {
    key: { kind: 'terms', name: g.name, field: g.field, missing: 'exclude', origin: `${at}/field` },
    order: byCount(false),
    out: { name: g.name, format: 'raw' },
    minDocs: 1,
  };
}

/** What each served metric needs of its field (the compiler's use of the IR metric it lowers to). */
const METRIC_USE: Readonly<Record<string, FieldUse>> = {
  avg: 'numeric', average: 'numeric', mean: 'numeric', sum: 'numeric', percentiles: 'numeric',
  max: 'ordered', min: 'ordered', count: 'exact', cardinality: 'exact',
  sum_of_squares: 'numeric', variance: 'numeric', std_deviation: 'numeric', std_deviation_bounds: 'numeric',
};

function lowerMetric(m: Metric, i: number, schema: DatasetSchema, config: AppConfig): { metrics: IrMetric[]; post: PostMetric[]; out: MetricOutput } {
  const at = pointer('aggregation_query', 'metrics', i);
  const field = m.field;
  if (field === undefined) {
    throw new ProxyError({ kind: 'invalid_request', message: 'field required', at: { pointer: `${at}/field` }, rule: 'value_error.missing' });
  }
  const origin = `${at}/field`;
  const use = METRIC_USE[m.agg];
  if (use !== undefined) resolveIndexField(schema, field, use, origin);
  const value = { name: m.name, from: 'value' } as const;
  switch (m.agg) {
    case 'avg':
    case 'average':
    case 'mean':
      return { metrics: [{ kind: 'avg', name: m.name, field, origin }], post: [], out: value };
    case 'max':
    case 'min':
    case 'sum':
      return { metrics: [{ kind: m.agg, name: m.name, field, origin }], post: [], out: value };
    case 'count':
      return { metrics: [{ kind: 'valueCount', name: m.name, field, origin }], post: [], out: value };
    case 'cardinality':
      return {
        metrics: [{ kind: 'cardinality', name: m.name, field, precisionThreshold: config.accuracy.cardinalityPrecisionThreshold, origin }],
        post: [],
        out: value,
      };
    case 'percentiles':
      return {
        metrics: [{ kind: 'percentiles', name: m.name, field, percents: ES_DEFAULT_PERCENTS, compression: config.accuracy.percentilesCompression, origin }],
        post: [],
        out: value,
      };
    case 'sum_of_squares':
    case 'variance':
    case 'std_deviation': {
      // one extended_stats per field serves every statistic asked of it
      const stats = internalName(`stats:${field}`);
      return {
        metrics: [{ kind: 'extendedStats', name: stats, field, origin }],
        post: [{ kind: 'expr', name: m.name, expr: { kind: 'column', column: stats, part: m.agg }, origin: at }],
        out: value,
      };
    }
    case 'std_deviation_bounds':
      return { metrics: [{ kind: 'extendedStats', name: internalName(`stats:${field}`), field, origin }], post: [], out: { name: m.name, from: 'bounds', stats: internalName(`stats:${field}`) } };
    default:
      throw new ProxyError({ kind: 'unsupported', feature: `metric agg '${m.agg}'`, at: { pointer: `${at}/agg` } });
  }
}

function checkNames(req: AggregateRequest, reserved: readonly string[], c: Collector): void {
  const seen = new Set<string>(['frequency', ...reserved]);
  const q = req.aggregation_query;
  const all = [
    ...q.groupby.map((g, i) => ({ name: g.name, at: pointer('aggregation_query', 'groupby', i, 'name') })),
    ...q.metrics.map((m, i) => ({ name: m.name, at: pointer('aggregation_query', 'metrics', i, 'name') })),
  ];
  c.each(all, ({ name, at }) => {
    if (seen.has(name)) {
      throw new ProxyError({ kind: 'invalid_query', message: `Duplicate output name '${name}' in aggregation_query`, at: { pointer: at } });
    }
    seen.add(name);
  });
}

function sortOrder(req: AggregateRequest, columns: ReadonlySet<string>, c: Collector): OrderItem[] {
  return c.each(req.aggregation_query.sort ?? [], (entry, i): OrderItem => {
    const [name, dir] = typeof entry === 'string' ? [entry, 'asc' as const] : (Object.entries(entry)[0] as [string, 'asc' | 'desc']);
    if (name !== 'frequency' && !columns.has(name)) {
      throw new ProxyError({
        kind: 'invalid_query',
        message: `Unknown sort name '${name}': use 'frequency', a groupby name or a metric name`,
        at: { pointer: pointer('aggregation_query', 'sort', i) },
      });
    }
    return { column: name === 'frequency' ? COUNT_COLUMN : name, direction: dir, compare: 'natural' };
  });
}

export interface LowerInput {
  readonly req: AggregateRequest;
  readonly dataset: string;
  readonly schema: DatasetSchema;
  readonly config: AppConfig;
  /** levels to put above the groupbys (the cluster route's per-cluster level) */
  readonly outer?: readonly GroupLevel[];
  /** predicates ANDed after the request's filters (the cluster route's) */
  readonly also?: readonly (Predicate | undefined)[];
  readonly reserved?: readonly string[];
}

export function lowerAggregate(input: LowerInput): RelevancePlan {
  const { req, schema, config } = input;
  const q = req.aggregation_query;
  // every problem of the request is answered: each part is lowered on its own and its errors collected
  const c = new Collector(relevanceDiagnostics);
  checkNames(req, input.reserved ?? [], c);
  const groups = c.each(q.groupby, (g, i) => lowerGroup(g, i, schema));
  const lowered = c.each(q.metrics, (m, i) => lowerMetric(m, i, schema, config));
  // a sort may name a groupby or metric that failed: that one is reported once, at its own place
  const sort = q.groupby.length > 0 ? sortOrder(req, new Set([...q.groupby.map((g) => g.name), ...q.metrics.map((m) => m.name)]), c) : [];
  const own = c.attempt(() => lowerFilters(req.filters, schema));
  c.throwIfAny();
  const metrics = [...new Map(lowered.flatMap((l) => l.metrics).map((m) => [m.name, m])).values()];
  const post = lowered.flatMap((l) => l.post);
  const pageOffset = (req.page - 1) * req.page_size;
  const minDocs = (n: number): RowPredicate | undefined => (n > 1 ? { kind: 'compare', column: COUNT_COLUMN, op: 'gte', value: n } : undefined);
  const withAsc = (order: OrderItem[]): OrderItem[] =>
    req.asc ? order.map((o) => (o.column === COUNT_COLUMN ? { ...o, direction: 'asc' } : o)) : order;
  let levels: GroupLevel[];
  if (groups.length === 0) {
    levels = [{ keys: [], metrics, post, order: [], offset: 0, limit: null }];
  } else if (sort.length > 0) {
    const having = groups.map((g) => minDocs(g.minDocs)).filter((h): h is RowPredicate => h !== undefined);
    levels = [{
      keys: groups.map((g) => g.key),
      metrics,
      post,
      order: [...sort, ...groups.flatMap((g) => withAsc(g.order))],
      offset: pageOffset,
      limit: req.page_size,
      ...(having.length > 0 ? { having: { kind: 'and', operands: having } } : {}),
    }];
  } else {
    levels = groups.map((g, i) => {
      const last = i === groups.length - 1;
      const gb = req.aggregation_query.groupby[i] as GroupBy;
      const having = minDocs(g.minDocs);
      return {
        keys: [g.key],
        metrics: last ? metrics : [],
        post: last ? post : [],
        order: withAsc(g.order),
        offset: i === 0 ? pageOffset : 0,
        limit: gb.page_size ?? req.page_size,
        ...(having ? { having } : {}),
      };
    });
  }
  const filter = input.also ? and(own, ...input.also) : own;
  return {
    query: { kind: 'AggQuery', dataset: input.dataset, ...(filter ? { filter } : {}), levels: [...(input.outer ?? []), ...levels] },
    groups: groups.map((g) => g.out),
    metrics: lowered.map((l) => l.out),
  };
}
