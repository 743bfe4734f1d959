/**
 * The dialect-neutral intermediate representation of an aggregation request.
 *
 * Plain, serializable, readonly data unioned on `kind` (the kysely/Malloy model): translators lower
 * their dialect into it, the compiler turns it into engine requests, and its normalized hash keys the
 * result cache, so two dialects asking the same question share one entry.
 *
 * Field names are the dataset's own paths as a client wrote them; the compiler resolves them against
 * the index mapping. `origin` is a JSON Pointer into the dialect request, carried only so that a
 * semantic error found later can point at the offending part; it is stripped before hashing.
 */
import type { Predicate } from './predicate.js';
import type { Expr } from './expr.js';
import type { ValueExpr } from './value-expr.js';

export type { Predicate } from './predicate.js';
export type { Expr } from './expr.js';
export type { ValueExpr } from './value-expr.js';

/** A group key value as it appears in a result row: a date histogram key is epoch milliseconds. */
export type { KeyValue } from './values.js';
import type { KeyValue } from './values.js';

export type CalendarUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface TermsKey {
  readonly kind: 'terms';
  readonly name: string;
  readonly field: string;
  /** `exclude`: documents without the field take no part (ES terms); `group`: they form a null group. */
  readonly missing: 'exclude' | 'group';
  readonly origin?: string;
}

export interface HistogramKey {
  readonly kind: 'histogram';
  readonly name: string;
  readonly field: string;
  readonly interval: number;
  readonly missing: 'exclude' | 'group';
  readonly origin?: string;
}

export interface DateHistogramKey {
  readonly kind: 'dateHistogram';
  readonly name: string;
  readonly field: string;
  readonly interval: { readonly calendar: CalendarUnit } | { readonly fixedMs: number };
  /** IANA zone or fixed offset; bucket boundaries follow its wall clock (DST included). */
  readonly timeZone: string;
  /** shifts every bucket start by this much (Druid's granularity `origin`) */
  readonly offsetMs?: number;
  readonly missing: 'exclude' | 'group';
  readonly origin?: string;
}

export interface RangeBucket {
  /** the row's key value; a number lets rows order by it (Opendatasoft orders ranges by lower bound) */
  readonly key: string | number;
  /** inclusive unless `fromExclusive` */
  readonly from?: number;
  /** exclusive unless `toInclusive` */
  readonly to?: number;
  readonly fromExclusive?: boolean;
  readonly toInclusive?: boolean;
}

/** A fixed set of numeric ranges; a row's key is the bucket's `key`. */
export interface RangesKey {
  readonly kind: 'ranges';
  readonly name: string;
  readonly field: string;
  readonly ranges: readonly RangeBucket[];
  readonly origin?: string;
}

/** A fixed set of named predicates (a document may fall in several). */
export interface FiltersKey {
  readonly kind: 'filters';
  readonly name: string;
  readonly buckets: readonly { readonly key: string; readonly filter: Predicate }[];
  readonly origin?: string;
}

/** Calendar fields of a date, read in a time zone; Joda-style patterns group by them. */
export type DatePart =
  | 'era'
  | 'centuryOfEra'
  | 'yearOfEra'
  | 'yearOfEraOfCentury'
  | 'year'
  | 'yearOfCentury'
  | 'weekyear'
  | 'weekyearOfCentury'
  | 'month'
  | 'weekOfWeekyear'
  | 'dayOfYear'
  | 'day'
  | 'dayOfWeek'
  | 'halfday'
  | 'hourOfHalfday'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millis';

/**
 * Groups by a tuple of calendar fields that is not a calendar bucket (month of year across years,
 * day of week, hour of day). The row's key is the parts as fixed-width numbers joined by `|`, most
 * significant first, so the string order is the chronological order of the tuple.
 */
export interface DatePartsKey {
  readonly kind: 'dateParts';
  readonly name: string;
  readonly field: string;
  readonly parts: readonly DatePart[];
  readonly timeZone: string;
  readonly origin?: string;
}

/** One step of a per-document string transform; a step that yields no value drops the value. */
export type StringStep =
  /** the characters from `index` (`length` of them, or to the end); no value when the text is empty or shorter than index + 1 */
  | { readonly kind: 'substring'; readonly index: number; readonly length?: number }
  /** the number of UTF-16 code units, as decimal text */
  | { readonly kind: 'strlen' }
  | { readonly kind: 'upper' | 'lower' };

/**
 * Groups by a keyword field's values after string steps (Druid extraction functions), each value of
 * a multi-valued field on its own; documents without a value (or whose every value was dropped)
 * form a null group. Keys are the transformed strings.
 */
export interface StringTransformKey {
  readonly kind: 'stringTransform';
  readonly name: string;
  readonly field: string;
  readonly steps: readonly StringStep[];
  readonly origin?: string;
}

export type GroupKey = TermsKey | HistogramKey | DateHistogramKey | RangesKey | FiltersKey | DatePartsKey | StringTransformKey;

interface FieldMetricBase {
  readonly name: string;
  readonly field: string;
  /** only documents matching this predicate feed the metric (Druid `filtered`, Shopware filter) */
  readonly filter?: Predicate;
  readonly origin?: string;
}

export type SimpleMetricKind = 'sum' | 'avg' | 'min' | 'max' | 'valueCount';

export interface SimpleMetric extends FieldMetricBase {
  readonly kind: SimpleMetricKind;
  /**
   * Druid's long aggregators over a floating-point field: each document's value is truncated toward
   * zero (for a sum, before summing: a per-document script; for min/max the result, which is the same)
   */
  readonly truncate?: boolean;
  /** the value of a group without values, where it is not the kind's (src/ir/empty-group.ts) */
  readonly emptyGroup?: 0 | null;
}
/** count, min, max, avg, sum */
export interface StatsMetric extends FieldMetricBase {
  readonly kind: 'stats';
  /** the metric's value is this one part, null when the group has no values (SQL: SUM of nothing is NULL) */
  readonly project?: 'count' | 'min' | 'max' | 'avg' | 'sum';
  readonly truncate?: boolean;
}
/** stats plus sumOfSquares, population variance and standard deviation */
export interface ExtendedStatsMetric extends FieldMetricBase { readonly kind: 'extendedStats' }
/** approximate distinct count (HyperLogLog++); exact below `precisionThreshold` distinct values */
export interface CardinalityMetric extends FieldMetricBase {
  readonly kind: 'cardinality';
  readonly precisionThreshold: number;
  /**
   * more fields than `field` (Druid's cardinality over several dimensions): distinct values of all
   * of them together (`byRow: false`) or distinct combinations per document (`byRow: true`)
   */
  readonly fields?: readonly string[];
  readonly byRow?: boolean;
}
/** The value of `field` in the group's earliest (`first`) or latest (`last`) document by `timeField`. */
export interface FirstLastMetric extends FieldMetricBase {
  readonly kind: 'first' | 'last';
  readonly timeField: string;
  /** breaks ties between documents of the same time (ingestion order) */
  readonly tiebreakField?: string;
  readonly truncate?: boolean;
}
/** approximate percentiles (t-digest) */
export interface PercentilesMetric extends FieldMetricBase {
  readonly kind: 'percentiles';
  readonly percents: readonly number[];
  readonly compression: number;
}
/** number of documents in the group (optionally filtered) */
export interface CountMetric {
  readonly kind: 'count';
  readonly name: string;
  readonly filter?: Predicate;
  readonly origin?: string;
}

export type Metric =
  | CountMetric
  | SimpleMetric
  | StatsMetric
  | ExtendedStatsMetric
  | CardinalityMetric
  | FirstLastMetric
  | PercentilesMetric;

/** A value computed per row from other columns of the row (Druid post-aggregations, ODS arithmetic). */
export interface ExprMetric {
  readonly kind: 'expr';
  readonly name: string;
  readonly expr: Expr;
  readonly origin?: string;
}

/** g_n = f_0 + ... + f_n over the level's rows in final order (within one parent). */
export interface RunningTotal {
  readonly kind: 'runningTotal';
  readonly name: string;
  readonly of: string;
  readonly origin?: string;
}

export type PostMetric = ExprMetric | RunningTotal;

/** Order over result rows. `column` is a key, metric or post-metric name, or COUNT_COLUMN (names.ts). */
export interface OrderItem {
  readonly column: string;
  /** for a stats or percentiles column: the part to order by (`sum`, `avg`, `50.0`, ...) */
  readonly part?: string;
  readonly direction: 'asc' | 'desc';
  /** how values compare; `natural`: numbers numerically, strings by UTF-16 code unit, nulls first */
  readonly compare: 'natural' | 'lexicographic' | 'numeric' | 'alphanumeric' | 'strlen';
  /** `last`: nulls after every value in either direction (Opendatasoft's rule); else they compare lowest */
  readonly nulls?: 'last';
}

/** A predicate over result rows (Druid having, post-aggregation filters). */
export type RowPredicate =
  | { readonly kind: 'and'; readonly operands: readonly RowPredicate[] }
  | { readonly kind: 'or'; readonly operands: readonly RowPredicate[] }
  | { readonly kind: 'not'; readonly operand: RowPredicate }
  | {
      readonly kind: 'compare';
      readonly column: string;
      readonly op: 'eq' | 'gt' | 'lt' | 'gte' | 'lte';
      readonly value: KeyValue;
    };

/**
 * One level of grouping. Levels form a chain: the rows of level i+1 are computed inside each row
 * of level i (nested group-bys, as in Relevance AI or Shopware), then ordered and cut per parent.
 * A single level with several keys is a flat, exact SQL-style GROUP BY.
 */
export interface GroupLevel {
  readonly keys: readonly GroupKey[];
  /** restricts this level and all levels below it (a filter aggregation inside a bucket) */
  readonly filter?: Predicate;
  readonly metrics: readonly Metric[];
  readonly post: readonly PostMetric[];
  readonly having?: RowPredicate;
  readonly order: readonly OrderItem[];
  readonly offset: number;
  /** null: every row */
  readonly limit: number | null;
}

export interface AggQuery {
  readonly kind: 'AggQuery';
  /** public dataset name; the catalog maps it to an index */
  readonly dataset: string;
  /**
   * request-scoped numeric fields computed per document (Opendatasoft virtual fields), usable by
   * name wherever a numeric field is: in metrics, terms, histogram and range keys
   */
  readonly virtualFields?: Readonly<Record<string, ValueExpr>>;
  readonly filter?: Predicate;
  readonly levels: readonly GroupLevel[];
}

/** A metric's value in a result row. */
export type MetricValue = number | null | { readonly [part: string]: number | null };
