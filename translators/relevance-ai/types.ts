/** The Relevance AI aggregate request, as its SDKs send it (after defaults are applied). */

export const CATEGORY_AGGS = ['category', 'text', 'texts', 'categories', 'class', 'classes', 'terms', 'array', 'bool'] as const;
export const NUMERIC_AGGS = ['numeric', 'number', 'histogram'] as const;
export const UNSUPPORTED_GROUP_AGGS = ['wordcloud', 'boolean_filter'] as const;
export const METRIC_AGGS = [
  'avg', 'average', 'mean', 'max', 'min', 'sum', 'cardinality', 'count', 'percentiles',
  'sum_of_squares', 'variance', 'std_deviation', 'std_deviation_bounds',
] as const;
export const UNSUPPORTED_METRIC_AGGS = ['kurtosis', 'skewness', 'covariance', 'correlation', 'character_count', 'missing'] as const;

export type GroupAgg = (typeof CATEGORY_AGGS)[number] | (typeof NUMERIC_AGGS)[number] | (typeof UNSUPPORTED_GROUP_AGGS)[number];
export type MetricAgg = (typeof METRIC_AGGS)[number] | (typeof UNSUPPORTED_METRIC_AGGS)[number];
export type DateInterval = 'monthly' | 'daily' | 'yearly' | 'hourly' | 'minutely' | 'weekly';

export interface GroupBy {
  name: string;
  field: string;
  agg: GroupAgg;
  page_size?: number;
  date_interval?: DateInterval;
  buckets?: { histogram: { interval: number; min_doc_count?: number } } | { from?: number; to?: number }[];
}

export interface Metric {
  name: string;
  field?: string;
  fields?: string[];
  agg: MetricAgg;
}

export type SortEntry = string | Record<string, 'asc' | 'desc'>;

export interface LegacyFilter {
  field?: string;
  filter_type: string;
  condition?: string;
  condition_value?: unknown;
  strict?: 'must' | 'should' | 'must_or';
}

/** A field reference of the object form: `field`, or `key` from FilterBuilder's generic `filter()`. */
export interface FieldRef {
  field?: string;
  key?: string;
}

/** FilterBuilder's generic `filter()` spreads its options array into `"0"`, `"1"`, ... */
export type SpreadOptions = { [index: `${number}`]: Record<string, unknown> };

/** The object form (`@relevanceai/sdk` FilterBuilder): one or more of these keys, ANDed. */
export interface ObjectFilter {
  match?: FieldRef & SpreadOptions & { value: unknown; fuzzy?: boolean };
  wildcard?: FieldRef & SpreadOptions & { value: string | string[] };
  range?: FieldRef & SpreadOptions & {
    greaterThan?: number | string;
    lessThan?: number | string;
    greaterThanOrEqualTo?: number | string;
    lessThanOrEqualTo?: number | string;
  };
  matchIds?: { value: unknown };
  fieldExists?: FieldRef & SpreadOptions;
  /** `{or: [[A, B], C]}` is (A AND B) OR C */
  or?: (Filter | Filter[])[];
  /** `{not: [A, B]}` is NOT (A AND B) */
  not?: Filter | Filter[];
}

export type Filter = LegacyFilter | ObjectFilter;

export interface AggregationQuery {
  groupby: GroupBy[];
  metrics: Metric[];
  sort?: SortEntry[];
}

export interface AggregateRequest {
  aggregation_query: AggregationQuery;
  filters: Filter[];
  page_size: number;
  page: number;
  asc: boolean;
}

export interface ClusterRequest extends AggregateRequest {
  vector_fields: string[];
  alias: string;
  cluster_field?: string;
  cluster_ids?: (string | number)[];
  cluster_properties_filter?: {
    minimum_cluster_size?: number;
    minimum_cluster_size_filter_type?: 'or' | 'and';
    cluster_page?: number;
    cluster_page_size?: number;
  };
}

export type AggregateField = string | { key: string; resultsSize?: number; fieldsToAggregate?: unknown[] };
export type StatsField = string | { key: string; interval?: number };

/** `simple_search` after defaults. */
export interface SearchRequest {
  filters: Filter[];
  sort: Record<string, 'asc' | 'desc'>;
  page: number;
  pageSize: number;
  includeFields?: string[];
  excludeFields?: string[];
  fieldsToAggregate: AggregateField[];
  fieldsToAggregateStats: StatsField[];
  includeRelevance: boolean;
  includeDataset: boolean;
  query?: string;
  fieldsToSearch?: (string | { field: string; weight?: number })[];
}
