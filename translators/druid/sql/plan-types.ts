/** What the planner produces: the native query and the SQL columns read from its rows. */
import type { SqlExpression } from 'druid-query-toolkit';
import type { NativeType, SqlTypeName } from './scope.js';

/** One column of the SQL answer: where its value is in a native row, and its types. */
export interface OutColumn {
  readonly name: string;
  /** `timestamp`: the native row's time (a bucket start, or a scanned row's __time) */
  readonly read: { readonly from: 'timestamp' } | { readonly from: 'value'; readonly native: string };
  readonly type: NativeType;
  readonly sqlType: SqlTypeName;
}

export type Shape = 'groupBy' | 'timeseries' | 'scan';

export interface SqlPlan {
  readonly shape: Shape;
  readonly native: Record<string, unknown>;
  readonly columns: readonly OutColumn[];
  /** rows to drop and keep after the native answer (LIMIT 0, OFFSET on a one-row aggregate) */
  readonly slice?: { readonly offset: number; readonly limit: number | null };
  /** a scan with no LIMIT: the answer must not be cut silently at the scan bound */
  readonly unbounded: boolean;
}

export interface SelectItem {
  readonly name: string;
  readonly expr: SqlExpression;
  readonly node: SqlExpression;
}
