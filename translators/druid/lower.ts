/**
 * Druid queries → IR. groupBy is one exact GROUP BY over the time bucket and the dimensions; topN
 * nests the dimension under the time bucket and cuts each bucket at the threshold (exact, where
 * Druid's is approximate); timeseries groups by the time bucket only. Each independent part is
 * lowered on its own (collect.ts), so that a query with several problems gets all of them at once;
 * the IR is built only when none failed.
 */
import type { AggQuery, ExprMetric, GroupKey, GroupLevel, Metric, OrderItem, Predicate, RowPredicate } from '../../src/ir/nodes.js';
import { and } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { Dimension, DruidQuery, Filter, GroupByQuery, Having, Ordering, TopNMetric, TopNQuery } from './types.js';
import type { Collector } from '../../src/errors/collector.js';
import { loweringCollector } from './collect.js';
import { column, computed, timeField, type DruidContext } from './columns.js';
import { usedVirtualFields, withVirtualColumns } from './virtual.js';
import { filterToPredicate, intervalsPredicate } from './filters.js';
import { lowerAggregator, lowerPostAggregator, postValueType, type ValueType } from './aggregators.js';
import { lowerHaving } from './having.js';
import { sketchPercents } from './quantiles.js';
import { timeKey } from './time.js';
import type { TimePartColumn } from './time-parts.js';
import { lowerExtraction, orderCheck, type ExtractedDimension } from './extraction.js';

export const TIME = '__time';

/** What the formatter needs besides the rows. */
export interface DruidPlan {
  readonly query: DruidQuery;
  readonly ir: AggQuery;
  readonly dimensions: readonly { readonly dim: Dimension; readonly field: string | undefined; readonly fieldType: 'integral' | 'float' | 'string'; readonly timePart?: TimePartColumn; readonly extracted?: ExtractedDimension }[];
  /** rows to be put in Druid's order by their printed dimension text (extraction.ts) */
  readonly reorder?: boolean;
  readonly values: readonly { readonly name: string; readonly type: ValueType }[];
  readonly post: readonly ExprMetric[];
}

const COMPARE: Record<Ordering, OrderItem['compare']> = { lexicographic: 'lexicographic', numeric: 'numeric', alphanumeric: 'alphanumeric', strlen: 'strlen' };

/** The parts of a query every grouping of it shares (the subtotal sets lower them once). */
export interface LoweredParts {
  readonly ctx: DruidContext;
  readonly dimensions: DruidPlan['dimensions'];
  readonly metrics: readonly Metric[];
  readonly values: DruidPlan['values'];
  readonly post: readonly ExprMetric[];
  /** every output name, those of failed parts too (what refers to them is not reported again) */
  readonly names: ReadonlySet<string>;
  readonly filter: Predicate | undefined;
}

/** The orderings, cuts and having of one grouping, lowered before its levels are built. */
export interface GroupingOrder {
  readonly columns: readonly OrderItem[];
  readonly having?: RowPredicate;
  readonly topN?: Pick<GroupLevel, 'order' | 'having'>;
  readonly reorder: boolean;
}

export function lowerQuery(base: DruidContext, q: DruidQuery, config: AppConfig): DruidPlan {
  const c = loweringCollector();
  const parts = lowerParts(c, base, q, config);
  const order = orderingOf(c, parts, q);
  c.throwIfAny();
  return buildPlan(parts, q, order as GroupingOrder);
}

/** Each dimension, aggregator and post-aggregator, and the filter, on its own (each problem into `c`). */
export function lowerParts(c: Collector, base: DruidContext, q: DruidQuery, config: AppConfig): LoweredParts {
  const ctx = withVirtualColumns(base, q.virtualColumns, c);
  const dims = q.queryType === 'groupBy' ? q.dimensions : q.queryType === 'topN' ? [q.dimension] : [];
  const names = new Set<string>();
  // a name is claimed before its part is lowered, so that it stays known when the lowering fails
  const claim = (name: string, at: string): void => {
    if (names.has(name) || name === TIME) throw new ProxyError({ kind: 'invalid_query', message: `Duplicate output name [${name}]`, at: { pointer: at } });
    names.add(name);
  };
  const dimensions = c.each(dims, (dim) => {
    claim(dim.outputName, dim.at);
    return lowerDimension(ctx, dim);
  });
  const percents = sketchPercents(q.postAggregations);
  const aggs = c.each(q.aggregations, (a) => {
    claim(a.name, a.at);
    return { name: a.name, ...lowerAggregator(ctx, a, config, undefined, percents) };
  });
  // a failed aggregator may have been a sketch: a quantile of it is not refused again
  const lowered = new Set(aggs.map((a) => a.name));
  const sketches = new Set([...aggs.filter((a) => a.hidden).map((a) => a.name), ...q.aggregations.map((a) => a.name).filter((n) => !lowered.has(n))]);
  const post: ExprMetric[] = [];
  const values = aggs.map((a) => ({ name: a.name, type: a.type }));
  for (const p of q.postAggregations) {
    const typeOf = (n: string): ValueType | undefined => values.find((x) => x.name === n)?.type;
    const expr = c.attempt(() => lowerPostAggregator(p, names, typeOf, sketches));
    const claimed = c.attempt(() => {
      claim(p.name, `${p.at}/name`);
      return true;
    });
    if (expr === undefined || claimed === undefined) continue;
    post.push({ kind: 'expr', name: p.name, expr, origin: p.at });
    values.push({ name: p.name, type: postValueType(p, typeOf) });
  }
  const filter = q.filter ? c.attempt(() => filterToPredicate(ctx, q.filter as Filter)) : undefined;
  return { ctx, dimensions, metrics: aggs.flatMap((a) => [a.metric, ...(a.hidden ?? [])]), values, post, names, filter };
}

/** One dimension: its index field and type, or its extraction, or its timestamp_extract part. */
export function lowerDimension(ctx: DruidContext, dim: Dimension): DruidPlan['dimensions'][number] {
  const extracted = dim.extractionFn ? lowerExtraction(ctx, dim, dim.extractionFn) : undefined;
  if (extracted) return { dim, field: extracted.key && 'field' in extracted.key ? extracted.key.field : undefined, fieldType: 'string', extracted };
  const part = ctx.timeParts?.get(dim.dimension);
  if (part) {
    if (dim.outputType === 'FLOAT' || dim.outputType === 'DOUBLE') throw new ProxyError({ kind: 'unsupported', feature: `outputType ${dim.outputType} on a timestamp_extract dimension`, at: { pointer: `${dim.at}/outputType` } });
    return { dim, field: timeField(ctx), fieldType: 'integral', timePart: part };
  }
  const v = computed(ctx, dim.dimension);
  if (v) return { dim, field: dim.dimension, fieldType: v.type === 'long' ? 'integral' : 'float' };
  const f = column(ctx, dim.dimension, `${dim.at}/dimension`);
  return { dim, field: f?.path, fieldType: f?.category === 'numeric' ? (f.integral ? 'integral' : 'float') : 'string' };
}

/** The parts of a subtotal set: its dimensions only, the names of the others no longer output. */
export function forSubset(parts: LoweredParts, keep: ReadonlySet<string>): LoweredParts {
  const dropped = parts.dimensions.filter((d) => !keep.has(d.dim.outputName)).map((d) => d.dim.outputName);
  const names = new Set(parts.names);
  for (const n of dropped) names.delete(n);
  return { ...parts, dimensions: parts.dimensions.filter((d) => keep.has(d.dim.outputName)), names };
}

/** Each limitSpec column, the having, the topN order and the extraction order check, on its own. */
export function orderingOf(c: Collector, parts: LoweredParts, q: DruidQuery): GroupingOrder | undefined {
  const reorder = c.attempt(() => orderCheck(q, parts.dimensions)) ?? false;
  if (q.queryType === 'topN') {
    const topN = c.attempt(() => topNOrder(q, parts.names));
    return topN ? { columns: [], topN, reorder } : undefined;
  }
  if (q.queryType !== 'groupBy') return { columns: [], reorder };
  const dimNames = new Set(q.dimensions.map((d) => d.outputName));
  const columns = c.each(q.limitSpec.columns, (col): OrderItem => {
    if (!parts.names.has(col.dimension)) throw new ProxyError({ kind: 'invalid_query', message: `Cannot find column [${col.dimension}] to order by`, at: { pointer: `${col.at}` } });
    return {
      column: col.dimension,
      direction: col.direction === 'descending' ? 'desc' : 'asc',
      // dimensionOrder applies to dimensions; aggregators and post-aggregators compare as numbers
      compare: dimNames.has(col.dimension) ? COMPARE[col.dimensionOrder] : 'natural',
    };
  });
  const timed = q.granularity.kind !== 'all';
  const having = q.having ? c.attempt(() => lowerHaving(q.having as Having, parts.names, timed ? { column: TIME } : { constant: Math.min(...q.intervals.map((i) => i.start)) })) : undefined;
  return { columns, ...(having ? { having } : {}), reorder };
}

/** The plan of a query whose parts all lowered (nothing here refuses a request). */
export function buildPlan(parts: LoweredParts, q: DruidQuery, order: GroupingOrder): DruidPlan {
  const { ctx, dimensions, post, values } = parts;
  const metrics = [...parts.metrics];
  const time = timeField(ctx);
  const tKey = timeKey(q.granularity, TIME, time);
  // a column the index does not have gets no key: the formatter prints it as null
  const dimKeys: GroupKey[] = dimensions.flatMap(({ dim, field, timePart, extracted }): GroupKey[] => {
    if (extracted) return extracted.key ? [extracted.key] : [];
    if (field === undefined) return [];
    if (timePart) return [{ kind: 'dateParts', name: dim.outputName, field, parts: [timePart.part], timeZone: timePart.timeZone, origin: dim.at }];
    return [{ kind: 'terms', name: dim.outputName, field, missing: 'group', origin: dim.at }];
  });
  const filter = and(intervalsPredicate(time, q.intervals), parts.filter);
  const fields = [...dimKeys.map((k) => ('field' in k ? k.field : '')), ...metrics.map((m) => ('field' in m ? m.field : ''))];
  const virtualFields = usedVirtualFields(ctx, fields);
  const irBase = { kind: 'AggQuery' as const, dataset: ctx.dataset.name, ...(virtualFields ? { virtualFields } : {}), ...(filter ? { filter } : {}) };
  let levels: GroupLevel[];
  switch (q.queryType) {
    case 'groupBy':
      levels = [groupByLevel(q, tKey ? [tKey, ...dimKeys] : dimKeys, metrics, [...post], dimensions.map((d) => d.dim), order)];
      break;
    case 'timeseries':
      levels = [{ keys: tKey ? [tKey] : [], metrics, post: [...post], order: tKey ? [{ column: TIME, direction: q.descending ? 'desc' : 'asc', compare: 'natural' }] : [], offset: 0, limit: q.limit }];
      break;
    case 'topN': {
      const level: GroupLevel = { keys: dimKeys, metrics, post: [...post], ...(order.topN ?? { order: [] }), offset: 0, limit: q.threshold };
      levels = tKey ? [{ keys: [tKey], metrics: [], post: [], order: [{ column: TIME, direction: 'asc', compare: 'natural' }], offset: 0, limit: null }, level] : [level];
      break;
    }
  }
  return { query: q, ir: { ...irBase, levels }, dimensions, values, post, ...(order.reorder ? { reorder: true } : {}) };
}

function groupByLevel(q: GroupByQuery, keys: GroupKey[], metrics: Metric[], post: ExprMetric[], dims: readonly Dimension[], o: GroupingOrder): GroupLevel {
  const timed = q.granularity.kind !== 'all';
  const time: OrderItem[] = timed ? [{ column: TIME, direction: 'asc', compare: 'natural' }] : [];
  // Druid's natural order: time, then each dimension ascending (numbers numerically), nulls first
  const natural: OrderItem[] = dims.map((d) => ({ column: d.outputName, direction: 'asc', compare: d.outputType === 'STRING' ? 'lexicographic' : 'numeric' }));
  const order = q.context.sortByDimsFirst ? [...o.columns, ...natural, ...time] : [...time, ...o.columns, ...natural];
  return { keys, metrics, post, ...(o.having ? { having: o.having } : {}), order, offset: q.limitSpec.offset, limit: q.limitSpec.limit };
}

function topNOrder(q: TopNQuery, names: ReadonlySet<string>): Pick<GroupLevel, 'order' | 'having'> {
  const dim = q.dimension.outputName;
  const tiebreak: OrderItem = { column: dim, direction: 'asc', compare: 'lexicographic' };
  const spec = (m: TopNMetric, inverted: boolean): Pick<GroupLevel, 'order' | 'having'> => {
    switch (m.type) {
      case 'inverted':
        return spec(m.metric, !inverted);
      case 'numeric':
        if (!names.has(m.metric) || m.metric === dim) {
          throw new ProxyError({ kind: 'invalid_query', message: `topN metric [${m.metric}] is not an aggregator or post-aggregator`, at: { pointer: m.at } });
        }
        return { order: [{ column: m.metric, direction: inverted ? 'asc' : 'desc', compare: 'natural' }, tiebreak] };
      case 'dimension': {
        const direction = inverted ? 'desc' : 'asc';
        const order: OrderItem[] = [{ column: dim, direction, compare: COMPARE[m.ordering] }];
        return m.previousStop === undefined ? { order } : { order, having: { kind: 'compare', column: dim, op: inverted ? 'lt' : 'gt', value: m.previousStop } };
      }
    }
  };
  return spec(q.metric, false);
}
