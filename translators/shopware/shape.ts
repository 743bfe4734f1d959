/**
 * How one Shopware aggregation's flat result rows turn back into its nested answer. Shopware's SQL
 * aggregator runs one GROUP BY over every bucket key of the aggregation chain and then regroups
 * the rows per level in PHP; the shape records which row column feeds which part of that answer.
 */
import type { MetricType } from './types.js';
import type { FieldCategory } from '../../src/ir/schema.js';

export type ValueKind = 'integral' | 'float' | 'date';

export type Shape =
  | {
      readonly kind: 'terms';
      readonly name: string;
      readonly key: string;
      readonly category: FieldCategory;
      readonly inner?: Shape;
    }
  | {
      readonly kind: 'histogram';
      readonly name: string;
      /** the group's earliest date (epoch ms): Shopware keys a bucket by it, not by the bucket start */
      readonly minColumn: string;
      readonly interval: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
      readonly format?: string;
      readonly timeZone: string;
      readonly inner?: Shape;
    }
  | { readonly kind: 'filter'; readonly inner: Shape }
  | { readonly kind: 'metric'; readonly type: MetricType; readonly name: string; readonly column: string; readonly value: ValueKind }
  | { readonly kind: 'range'; readonly name: string; readonly columns: readonly { readonly key: string; readonly column: string }[] }
  | {
      readonly kind: 'entity';
      readonly name: string;
      readonly entity: string;
      readonly idKey: string;
      /** embedded fields of a to-one association, relative path → row key */
      readonly fieldKeys: readonly { readonly path: string; readonly key: string }[];
    };

/** The name a result is returned under: a filter aggregation answers with its inner aggregation's name. */
export function resultName(s: Shape): string {
  return s.kind === 'filter' ? resultName(s.inner) : s.name;
}
