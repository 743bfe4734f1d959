/** The Opendatasoft aggregate request after parsing and validation. */
import type { ValueExpr } from '../../src/ir/nodes.js';
import type { JodaPattern } from './joda.js';

export type AggFn = 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'COUNT' | 'STDDEV' | 'SUMSQUARES' | 'PERCENTILES';

export interface AggCall {
  readonly fn: AggFn;
  /** absent for COUNT() */
  readonly field?: string;
  /** PERCENTILES only: percents in request order, duplicates removed */
  readonly percents?: readonly number[];
}

/** Arithmetic over aggregate calls and constants. */
export type AggValue =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'call'; readonly call: AggCall }
  | { readonly kind: 'neg'; readonly operand: AggValue }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: AggValue; readonly right: AggValue };

export interface AggregateDef {
  readonly name: string;
  readonly value: AggValue;
  /** INCREMENTAL(...): g_n = f_0 + ... + f_n over the aggregation's rows in order */
  readonly incremental: boolean;
  readonly pointer: string;
}

export type Discretizer =
  | { readonly kind: 'equi'; readonly count: number; readonly lowest?: number; readonly highest?: number }
  | { readonly kind: 'static'; readonly divisions: readonly number[] }
  /** bands between percentiles of the data; `percentile()` keys a band by its upper percent */
  | { readonly kind: 'bands'; readonly form: 'percentile' | 'median' | 'decile' | 'quartile'; readonly cuts: readonly number[] };

export type GroupDef =
  | { readonly kind: 'field'; readonly name: string; readonly field: string; readonly pointer: string }
  | { readonly kind: 'date'; readonly name: string; readonly field: string; readonly pattern: JodaPattern; readonly pointer: string }
  | { readonly kind: 'range'; readonly name: string; readonly field: string; readonly discretizer: Discretizer; readonly pointer: string };

export interface AggregationDef {
  readonly name: string;
  readonly groups: readonly GroupDef[];
  readonly aggregates: readonly AggregateDef[];
}

export interface OdsRequest {
  /** virtual fields, each expanded over dataset fields only */
  readonly virtualFields: Readonly<Record<string, ValueExpr>>;
  readonly aggregations: readonly AggregationDef[];
}
