/**
 * Druid aggregators and post-aggregators → IR metrics and expressions. Sums, mins and maxes read one
 * part of a `stats` aggregation so that a group without values answers null (SQL-compatible mode);
 * long aggregators over a floating-point column truncate each row (a per-document script for
 * longSum, the reader for the rest); post-aggregators become expression trees (bucket_script).
 */
import type { Expr, Metric, Predicate } from '../../src/ir/nodes.js';
import { and } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { Aggregator, AggregatorType, PostAggregator } from './types.js';
import { column, computed, timeField, type DruidContext } from './columns.js';
import { filterToPredicate } from './filters.js';
import { exprType, toPostExpr } from './expr-lower.js';
import { percentKey, percentOf, sketchColumn, sketchMetrics } from './quantiles.js';

/** How an output value is typed in Druid's JSON. */
export type ValueType = 'long' | 'float' | 'double';

export interface LoweredAggregator {
  readonly metric: Metric;
  readonly type: ValueType;
  /** metrics the aggregator needs besides its value (a sketch's percentiles), not output */
  readonly hidden?: readonly Metric[];
}

type FieldAggregatorType = Exclude<AggregatorType, 'count' | 'cardinality' | 'hyperUnique'>;

/** The percents post-aggregators read of each sketch aggregator (quantiles.ts). */
export type SketchPercents = (name: string) => readonly number[];

/**
 * What each one-field aggregator reads. A Record over every type, so a type added to the parser
 * without a lowering here is a compile error, never a silent fallback to another aggregator.
 */
const KIND: Readonly<Record<FieldAggregatorType, 'sum' | 'min' | 'max' | 'first' | 'last'>> = {
  longSum: 'sum', doubleSum: 'sum', floatSum: 'sum',
  longMin: 'min', doubleMin: 'min', floatMin: 'min',
  longMax: 'max', doubleMax: 'max', floatMax: 'max',
  longFirst: 'first', doubleFirst: 'first', floatFirst: 'first',
  longLast: 'last', doubleLast: 'last', floatLast: 'last',
};

function valueType(t: AggregatorType): ValueType {
  if (t === 'count' || t.startsWith('long')) return 'long';
  if (t.startsWith('float')) return 'float';
  return 'double';
}

export function lowerAggregator(ctx: DruidContext, a: Aggregator, config: AppConfig, filter?: Predicate, percents: SketchPercents = () => [50]): LoweredAggregator {
  const withFilter = filter ? { filter } : {};
  const field = (name: string, at: string): string => {
    // a computed virtual column is the IR virtual field of that name (sum, min, max read it)
    if (computed(ctx, name)) {
      if ('fieldName' in a && /First$|Last$/.test(a.type)) throw new ProxyError({ kind: 'unsupported', feature: `${a.type} over the computed virtual column [${name}]`, at: { pointer: at } });
      return name;
    }
    const f = column(ctx, name, at);
    if (!f) throw new ProxyError({ kind: 'unknown_field', field: name, dataset: ctx.dataset.name, at: { pointer: at } });
    return f.path;
  };
  switch (a.type) {
    case 'filtered': {
      const inner = lowerAggregator(ctx, { ...a.aggregator, name: a.name }, config, and(filter, filterToPredicate(ctx, a.filter)), percents);
      return { ...inner, metric: { ...inner.metric, name: a.name } };
    }
    case 'quantilesDoublesSketch': {
      const [count, quantiles] = sketchMetrics(a.name, field(a.fieldName, `${a.at}/fieldName`), percents(a.name), config.accuracy.percentilesCompression, `${a.at}/fieldName`, withFilter);
      return { metric: count as Metric, type: 'long', hidden: [quantiles as Metric] };
    }
    case 'count':
      return { metric: { kind: 'count', name: a.name, ...withFilter }, type: 'long' };
    case 'cardinality': {
      const [first, ...rest] = a.fields.map((f, i) => field(f, `${a.at}/fields/${i}`));
      return {
        metric: {
          kind: 'cardinality', name: a.name, field: first as string, precisionThreshold: config.accuracy.cardinalityPrecisionThreshold,
          ...(rest.length > 0 ? { fields: rest, byRow: a.byRow } : {}), origin: `${a.at}/fields`, ...withFilter,
        },
        type: 'double',
      };
    }
    case 'hyperUnique':
      return {
        metric: { kind: 'cardinality', name: a.name, field: field(a.fieldName, `${a.at}/fieldName`), precisionThreshold: config.accuracy.cardinalityPrecisionThreshold, origin: `${a.at}/fieldName`, ...withFilter },
        type: 'double',
      };
    default: {
      const f = field(a.fieldName, `${a.at}/fieldName`);
      const virtual = computed(ctx, a.fieldName);
      const integral = virtual ? virtual.type === 'long' : column(ctx, a.fieldName)?.integral === true;
      const truncate = a.type.startsWith('long') && !integral;
      const origin = `${a.at}/fieldName`;
      const kind = KIND[a.type];
      if (a.type === 'longSum' && truncate) {
        // SQL-compatible mode: the sum of no values is null, as for the stats-projected sums below
        return { metric: { kind: 'sum', name: a.name, field: f, truncate, emptyGroup: null, origin, ...withFilter }, type: 'long' };
      }
      if (kind === 'sum' || kind === 'min' || kind === 'max') {
        return { metric: { kind: 'stats', name: a.name, field: f, project: kind, ...(truncate ? { truncate } : {}), origin, ...withFilter }, type: valueType(a.type) };
      }
      // first / last: the value at the group's earliest / latest time, ties in ingestion order
      return {
        metric: {
          kind, name: a.name, field: f, timeField: timeField(ctx),
          ...(ctx.dataset.idField ? { tiebreakField: ctx.dataset.idField } : {}), ...(truncate ? { truncate } : {}), origin, ...withFilter,
        },
        type: valueType(a.type),
      };
    }
  }
}

/** A post-aggregator as an expression over the row's columns (aggregators and earlier post-aggregators). */
export function lowerPostAggregator(p: PostAggregator, known: ReadonlySet<string>, typeOf: (name: string) => ValueType | undefined = () => 'double', sketches: ReadonlySet<string> = new Set()): Expr {
  switch (p.type) {
    case 'quantilesDoublesSketchToQuantile':
      if (!sketches.has(p.fieldName)) {
        throw new ProxyError({ kind: 'invalid_query', message: `[${p.fieldName}] is not a quantilesDoublesSketch aggregator of this query`, at: { pointer: `${p.at}/field/fieldName` } });
      }
      return { kind: 'column', column: sketchColumn(p.fieldName), part: percentKey(percentOf(p.fraction)) };
    case 'expression':
      return toPostExpr(p.tree, { typeOf: (n) => (known.has(n) ? (typeOf(n) === 'long' ? 'long' : 'double') : undefined) }, `${p.at}/expression`, p.expression);
    case 'constant':
      return { kind: 'const', value: p.value };
    case 'fieldAccess':
    case 'finalizingFieldAccess':
    case 'hyperUniqueCardinality':
      if (!known.has(p.fieldName)) {
        throw new ProxyError({ kind: 'invalid_query', message: `Missing fields [${p.fieldName}] for postAggregator [${p.name}]`, at: { pointer: `${p.at}/fieldName` } });
      }
      return { kind: 'column', column: p.fieldName };
    case 'arithmetic': {
      const [first, ...rest] = p.fields.map((f) => lowerPostAggregator(f, known, typeOf, sketches));
      const op = p.fn;
      // folded left to right; Druid's `/` gives 0 for a zero divisor
      return rest.reduce<Expr>((left, right) => ({ kind: 'binary', op, left, right, onZeroDivisor: 'zero' }), first as Expr);
    }
    case 'doubleGreatest':
    case 'longGreatest':
    case 'doubleLeast':
    case 'longLeast':
      return { kind: 'call', fn: p.type.endsWith('Greatest') ? 'greatest' : 'least', args: p.fields.map((f) => lowerPostAggregator(f, known, typeOf, sketches)) };
  }
}

export function postValueType(p: PostAggregator, typeOf: (name: string) => ValueType | undefined = () => 'double'): ValueType {
  if (p.type === 'expression') return exprType(p.tree, (n) => (typeOf(n) === 'long' ? 'long' : 'double')) === 'long' ? 'long' : 'double';
  return p.type === 'longGreatest' || p.type === 'longLeast' ? 'long' : 'double';
}
