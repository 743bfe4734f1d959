/**
 * Druid queries → IR. groupBy is one exact GROUP BY over the time bucket and the dimensions; topN
 * nests the dimension under the time bucket and cuts each bucket at the threshold (exact, where
 * Druid's is approximate); timeseries groups by the time bucket only.
 */
import type { AggQuery, ExprMetric, GroupKey, GroupLevel, Metric, OrderItem } from '../../src/ir/nodes.js';
import { and } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { Dimension, DruidQuery, GroupByQuery, Ordering, TopNMetric, TopNQuery } from './types.js';
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

export function lowerQuery(base: DruidContext, q: DruidQuery, config: AppConfig): DruidPlan {
  const ctx = withVirtualColumns(base, q.virtualColumns);
  const dims = q.queryType === 'groupBy' ? q.dimensions : q.queryType === 'topN' ? [q.dimension] : [];
  const names = new Set<string>();
  const claim = (name: string, at: string): void => {
    if (names.has(name) || name === TIME) throw new ProxyError({ kind: 'invalid_query', message: `Duplicate output name [${name}]`, at: { pointer: at } });
    names.add(name);
  };
  const dimensions = dims.map((dim) => {
    claim(dim.outputName, dim.at);
    const extracted = dim.extractionFn ? lowerExtraction(ctx, dim, dim.extractionFn) : undefined;
    if (extracted) return { dim, field: extracted.key && 'field' in extracted.key ? extracted.key.field : undefined, fieldType: 'string', extracted } as const;
    const part = ctx.timeParts?.get(dim.dimension);
    if (part) {
      if (dim.outputType === 'FLOAT' || dim.outputType === 'DOUBLE') throw new ProxyError({ kind: 'unsupported', feature: `outputType ${dim.outputType} on a timestamp_extract dimension`, at: { pointer: `${dim.at}/outputType` } });
      return { dim, field: timeField(ctx), fieldType: 'integral', timePart: part } as const;
    }
    const v = computed(ctx, dim.dimension);
    if (v) return { dim, field: dim.dimension, fieldType: v.type === 'long' ? 'integral' : 'float' } as const;
    const f = column(ctx, dim.dimension, `${dim.at}/dimension`);
    return { dim, field: f?.path, fieldType: f?.category === 'numeric' ? (f.integral ? 'integral' : 'float') : 'string' } as const;
  });
  const percents = sketchPercents(q.postAggregations);
  const aggs = q.aggregations.map((a) => {
    claim(a.name, a.at);
    return { name: a.name, ...lowerAggregator(ctx, a, config, undefined, percents) };
  });
  const sketches = new Set(aggs.filter((a) => a.hidden).map((a) => a.name));
  const post: ExprMetric[] = [];
  const values = aggs.map((a) => ({ name: a.name, type: a.type }));
  for (const p of q.postAggregations) {
    const typeOf = (n: string): ValueType | undefined => values.find((x) => x.name === n)?.type;
    const expr = lowerPostAggregator(p, names, typeOf, sketches);
    claim(p.name, `${p.at}/name`);
    post.push({ kind: 'expr', name: p.name, expr, origin: p.at });
    values.push({ name: p.name, type: postValueType(p, typeOf) });
  }
  const time = timeField(ctx);
  const tKey = timeKey(q.granularity, TIME, time);
  // a column the index does not have gets no key: the formatter prints it as null
  const dimKeys: GroupKey[] = dimensions.flatMap(({ dim, field, timePart, extracted }): GroupKey[] => {
    if (extracted) return extracted.key ? [extracted.key] : [];
    if (field === undefined) return [];
    if (timePart) return [{ kind: 'dateParts', name: dim.outputName, field, parts: [timePart.part], timeZone: timePart.timeZone, origin: dim.at }];
    return [{ kind: 'terms', name: dim.outputName, field, missing: 'group', origin: dim.at }];
  });
  const filter = and(intervalsPredicate(time, q.intervals), q.filter ? filterToPredicate(ctx, q.filter) : undefined);
  const metrics: Metric[] = aggs.flatMap((a) => [a.metric, ...(a.hidden ?? [])]);
  const fields = [...dimKeys.map((k) => ('field' in k ? k.field : '')), ...metrics.map((m) => ('field' in m ? m.field : ''))];
  const virtualFields = usedVirtualFields(ctx, fields);
  const irBase = { kind: 'AggQuery' as const, dataset: ctx.dataset.name, ...(virtualFields ? { virtualFields } : {}), ...(filter ? { filter } : {}) };
  let levels: GroupLevel[];
  switch (q.queryType) {
    case 'groupBy':
      levels = [groupByLevel(q, tKey ? [tKey, ...dimKeys] : dimKeys, metrics, post, names, dimensions.map((d) => d.dim))];
      break;
    case 'timeseries':
      levels = [{ keys: tKey ? [tKey] : [], metrics, post, order: tKey ? [{ column: TIME, direction: q.descending ? 'desc' : 'asc', compare: 'natural' }] : [], offset: 0, limit: q.limit }];
      break;
    case 'topN': {
      const level: GroupLevel = { keys: dimKeys, metrics, post, ...topNOrder(q, names), offset: 0, limit: q.threshold };
      levels = tKey ? [{ keys: [tKey], metrics: [], post: [], order: [{ column: TIME, direction: 'asc', compare: 'natural' }], offset: 0, limit: null }, level] : [level];
      break;
    }
  }
  const reorder = orderCheck(q, dimensions);
  return { query: q, ir: { ...irBase, levels }, dimensions, values, post, ...(reorder ? { reorder } : {}) };
}

function groupByLevel(q: GroupByQuery, keys: GroupKey[], metrics: Metric[], post: ExprMetric[], names: ReadonlySet<string>, dims: readonly Dimension[]): GroupLevel {
  const timed = q.granularity.kind !== 'all';
  const time: OrderItem[] = timed ? [{ column: TIME, direction: 'asc', compare: 'natural' }] : [];
  // Druid's natural order: time, then each dimension ascending (numbers numerically), nulls first
  const natural: OrderItem[] = dims.map((d) => ({ column: d.outputName, direction: 'asc', compare: d.outputType === 'STRING' ? 'lexicographic' : 'numeric' }));
  const dimNames = new Set(dims.map((d) => d.outputName));
  const columns: OrderItem[] = q.limitSpec.columns.map((c) => {
    if (!names.has(c.dimension)) {
      throw new ProxyError({ kind: 'invalid_query', message: `Cannot find column [${c.dimension}] to order by`, at: { pointer: `${c.at}` } });
    }
    return {
      column: c.dimension,
      direction: c.direction === 'descending' ? 'desc' : 'asc',
      // dimensionOrder applies to dimensions; aggregators and post-aggregators compare as numbers
      compare: dimNames.has(c.dimension) ? COMPARE[c.dimensionOrder] : 'natural',
    };
  });
  const order = q.context.sortByDimsFirst ? [...columns, ...natural, ...time] : [...time, ...columns, ...natural];
  return {
    keys,
    metrics,
    post,
    ...(q.having ? { having: lowerHaving(q.having, names, timed ? { column: TIME } : { constant: Math.min(...q.intervals.map((i) => i.start)) }) } : {}),
    order,
    offset: q.limitSpec.offset,
    limit: q.limitSpec.limit,
  };
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
