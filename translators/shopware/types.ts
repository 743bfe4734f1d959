/** The Shopware API Criteria, parsed: what `POST /api/search/{entity}` may say, with JSON Pointers. */

export type Scalar = string | number | boolean;

export type Filter =
  | { readonly type: 'equals'; readonly field: string; readonly value: Scalar | null; readonly at: string }
  | { readonly type: 'equalsAny'; readonly field: string; readonly values: readonly Scalar[]; readonly at: string }
  | { readonly type: 'equalsAll'; readonly field: string; readonly values: readonly Scalar[]; readonly at: string }
  | { readonly type: 'contains' | 'prefix' | 'suffix'; readonly field: string; readonly value: string; readonly at: string }
  | {
      readonly type: 'range';
      readonly field: string;
      readonly params: Readonly<Partial<Record<'gt' | 'gte' | 'lt' | 'lte', Scalar>>>;
      readonly at: string;
    }
  /** `multi`, `and`, `or`: the queries joined by the operator */
  | { readonly type: 'multi'; readonly op: 'AND' | 'OR' | 'XOR'; readonly queries: readonly Filter[]; readonly at: string }
  /** `not`, `nand`, `nor`: the negation of the queries joined by the operator */
  | { readonly type: 'not'; readonly op: 'AND' | 'OR' | 'XOR'; readonly queries: readonly Filter[]; readonly at: string };

export interface Sorting {
  readonly field: string;
  readonly order: 'ASC' | 'DESC';
  readonly naturalSorting: boolean;
  readonly at: string;
}

export type MetricType = 'avg' | 'sum' | 'min' | 'max' | 'count' | 'stats';

export type Aggregation =
  | { readonly type: MetricType; readonly name: string; readonly field: string; readonly at: string }
  | { readonly type: 'entity'; readonly name: string; readonly field: string; readonly definition: string; readonly at: string }
  | {
      readonly type: 'range';
      readonly name: string;
      readonly field: string;
      readonly ranges: readonly { readonly key: string; readonly from?: number; readonly to?: number }[];
      readonly at: string;
    }
  | { readonly type: 'filter'; readonly name: string; readonly filters: readonly Filter[]; readonly inner: Aggregation; readonly at: string }
  | {
      readonly type: 'terms';
      readonly name: string;
      readonly field: string;
      /** null: every bucket (Shopware treats 0 the same) */
      readonly limit: number | null;
      readonly sort?: Sorting;
      readonly inner?: Aggregation;
      readonly at: string;
    }
  | {
      readonly type: 'histogram';
      readonly name: string;
      readonly field: string;
      readonly interval: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
      readonly format?: string;
      readonly timeZone?: string;
      readonly sort?: Sorting;
      readonly inner?: Aggregation;
      readonly at: string;
    };

export type TotalCountMode = 'none' | 'exact' | 'next-pages';

export interface Criteria {
  readonly ids?: readonly string[];
  readonly filter: readonly Filter[];
  readonly postFilter: readonly Filter[];
  /** score queries (and those `term` makes): a record must match at least one, its score their sum */
  readonly queries: readonly ScoreQuery[];
  /** full-text search over the entity's searchable fields (trimmed, non-empty) */
  readonly term?: string;
  readonly limit: number | null;
  readonly page: number;
  readonly totalCountMode: TotalCountMode;
  readonly sort: readonly Sorting[];
  readonly includes: Readonly<Record<string, readonly string[]>>;
  /** fields removed from each object of the apiAlias, after includes */
  readonly excludes: Readonly<Record<string, readonly string[]>>;
  /** the associations to load into each record, by name, each with its own criteria */
  readonly associations: Readonly<Record<string, AssociationCriteria>>;
  /** partial loading: only these fields (and associations' fields) in each record */
  readonly fields: readonly { readonly field: string; readonly at: string }[];
  /** one record per distinct combination of these fields (the DAL's GROUP BY on the records) */
  readonly grouping: readonly { readonly field: string; readonly at: string }[];
  /** by name, in first-seen order; a later entry with the same name replaces the earlier one */
  readonly aggregations: readonly Aggregation[];
}

/** The criteria of one loaded association (`associations.categories`): which of its records, in what order. */
export interface AssociationCriteria {
  readonly filter: readonly Filter[];
  readonly sort: readonly Sorting[];
  readonly limit: number | null;
  readonly page: number;
  readonly associations: Readonly<Record<string, AssociationCriteria>>;
  /** JSON Pointer of this association's criteria */
  readonly at: string;
}

/** A score query: a record matching `filter` adds `score` to its score. */
export interface ScoreQuery {
  readonly filter: Filter;
  readonly score: number;
  readonly at: string;
}
