/** Druid native queries, parsed: the groupBy, timeseries and topN query objects with their parts. */
import type { DruidExpr } from './expr-parse.js';
import type { ExtractionFn } from './extraction-types.js';

export type { ExtractionFn } from './extraction-types.js';

export interface Period {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly millis: number;
}

export type Granularity =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'period'; readonly period: Period; readonly timeZone: string; readonly originMs?: number; readonly text: string }
  | { readonly kind: 'duration'; readonly ms: number; readonly originMs: number };

/** [start, end) in epoch milliseconds */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export type OutputType = 'STRING' | 'LONG' | 'FLOAT' | 'DOUBLE';

export interface Dimension {
  readonly dimension: string;
  readonly outputName: string;
  readonly outputType: OutputType;
  /** an `extraction` dimension spec's function (extraction.ts) */
  readonly extractionFn?: ExtractionFn;
  readonly at: string;
}

export type Ordering = 'lexicographic' | 'numeric' | 'alphanumeric' | 'strlen';

export type Filter =
  | { readonly type: 'true' | 'false' }
  | { readonly type: 'and' | 'or'; readonly fields: readonly Filter[] }
  | { readonly type: 'not'; readonly field: Filter }
  | { readonly type: 'selector'; readonly dimension: string; readonly extractionFn?: ExtractionFn; readonly value: string | null; readonly at: string }
  | { readonly type: 'in'; readonly dimension: string; readonly extractionFn?: ExtractionFn; readonly values: readonly (string | null)[]; readonly at: string }
  | {
      readonly type: 'bound';
      readonly dimension: string;
      readonly extractionFn?: ExtractionFn;
      readonly lower?: string;
      readonly upper?: string;
      readonly lowerStrict: boolean;
      readonly upperStrict: boolean;
      readonly ordering: Ordering;
      readonly at: string;
    }
  | { readonly type: 'regex'; readonly dimension: string; readonly extractionFn?: ExtractionFn; readonly pattern: string; readonly at: string }
  | { readonly type: 'like'; readonly dimension: string; readonly extractionFn?: ExtractionFn; readonly pattern: string; readonly escape?: string; readonly at: string }
  | {
      readonly type: 'search';
      readonly dimension: string;
      readonly extractionFn?: ExtractionFn;
      readonly values: readonly string[];
      readonly caseSensitive: boolean;
      readonly at: string;
    }
  | { readonly type: 'interval'; readonly dimension: string; readonly intervals: readonly Interval[]; readonly at: string }
  | { readonly type: 'expression'; readonly expression: string; readonly tree: DruidExpr; readonly at: string };

export type AggregatorType =
  | 'count'
  | 'longSum' | 'doubleSum' | 'floatSum'
  | 'longMin' | 'longMax' | 'doubleMin' | 'doubleMax' | 'floatMin' | 'floatMax'
  | 'longFirst' | 'longLast' | 'doubleFirst' | 'doubleLast' | 'floatFirst' | 'floatLast'
  | 'cardinality' | 'hyperUnique';

export type Aggregator =
  | { readonly type: Exclude<AggregatorType, 'count' | 'cardinality' | 'hyperUnique'>; readonly name: string; readonly fieldName: string; readonly at: string }
  | { readonly type: 'count'; readonly name: string; readonly at: string }
  | { readonly type: 'cardinality'; readonly name: string; readonly fields: readonly string[]; readonly byRow: boolean; readonly at: string }
  | { readonly type: 'hyperUnique'; readonly name: string; readonly fieldName: string; readonly at: string }
  | { readonly type: 'filtered'; readonly name: string; readonly filter: Filter; readonly aggregator: Aggregator; readonly at: string }
  /** DataSketches quantiles (an approximate distribution; its own value is the number of values, N) */
  | { readonly type: 'quantilesDoublesSketch'; readonly name: string; readonly fieldName: string; readonly at: string };

export type PostAggregator =
  | { readonly type: 'expression'; readonly name: string; readonly expression: string; readonly tree: DruidExpr; readonly at: string }
  | { readonly type: 'arithmetic'; readonly name: string; readonly fn: '+' | '-' | '*' | '/' | 'quotient' | 'pow'; readonly fields: readonly PostAggregator[]; readonly at: string }
  | { readonly type: 'fieldAccess' | 'finalizingFieldAccess' | 'hyperUniqueCardinality'; readonly name: string; readonly fieldName: string; readonly at: string }
  | { readonly type: 'constant'; readonly name: string; readonly value: number; readonly at: string }
  /** a quantile of a quantilesDoublesSketch aggregator, `fraction` in [0, 1] */
  | { readonly type: 'quantilesDoublesSketchToQuantile'; readonly name: string; readonly fieldName: string; readonly fraction: number; readonly at: string }
  | {
      readonly type: 'doubleGreatest' | 'doubleLeast' | 'longGreatest' | 'longLeast';
      readonly name: string;
      readonly fields: readonly PostAggregator[];
      readonly at: string;
    };

export type Having =
  | { readonly type: 'greaterThan' | 'lessThan' | 'equalTo'; readonly aggregation: string; readonly value: number; readonly at: string }
  | { readonly type: 'and' | 'or'; readonly havingSpecs: readonly Having[] }
  | { readonly type: 'not'; readonly havingSpec: Having }
  | { readonly type: 'dimSelector'; readonly dimension: string; readonly value: string | null; readonly at: string }
  | { readonly type: 'filter'; readonly filter: Filter; readonly at: string };

export interface OrderByColumn {
  readonly dimension: string;
  readonly direction: 'ascending' | 'descending';
  readonly dimensionOrder: Ordering;
  readonly at: string;
}

/** An `expression` virtual column; `outputType` undefined: inferred from the expression. */
export interface VirtualColumn {
  readonly name: string;
  readonly expression: string;
  readonly tree: DruidExpr;
  readonly outputType?: OutputType;
  readonly at: string;
}

export interface Common {
  readonly dataSource: string;
  readonly virtualColumns: readonly VirtualColumn[];
  readonly intervals: readonly Interval[];
  readonly granularity: Granularity;
  readonly filter?: Filter;
  readonly aggregations: readonly Aggregator[];
  readonly postAggregations: readonly PostAggregator[];
  readonly context: { readonly timeoutMs?: number; readonly sortByDimsFirst: boolean; readonly skipEmptyBuckets: boolean };
}

export interface GroupByQuery extends Common {
  readonly queryType: 'groupBy';
  readonly dimensions: readonly Dimension[];
  readonly having?: Having;
  readonly limitSpec: { readonly limit: number | null; readonly offset: number; readonly columns: readonly OrderByColumn[] };
  /** groupings over subsets of the dimensions (output names), answered one after another */
  readonly subtotalsSpec?: readonly (readonly string[])[];
}

export interface TimeseriesQuery extends Common {
  readonly queryType: 'timeseries';
  readonly descending: boolean;
  readonly limit: number | null;
}

export type TopNMetric =
  | { readonly type: 'numeric'; readonly metric: string; readonly at: string }
  | { readonly type: 'inverted'; readonly metric: TopNMetric }
  | { readonly type: 'dimension'; readonly ordering: Ordering; readonly previousStop?: string };

export interface TopNQuery extends Common {
  readonly queryType: 'topN';
  readonly dimension: Dimension;
  readonly threshold: number;
  readonly metric: TopNMetric;
}

export type DruidQuery = GroupByQuery | TimeseriesQuery | TopNQuery;
