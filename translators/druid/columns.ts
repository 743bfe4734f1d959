/**
 * Druid column names → index fields. `__time` is the dataset's time field; a column the index does
 * not know reads as null everywhere, as a missing column does in Druid (so `selector value: null`
 * matches every row and a dimension on it groups everything under null). Virtual columns of the
 * query come first: one that only names a column is that column; a computed one is an IR virtual
 * field, readable where a numeric field is (dimensions, aggregators) and refused elsewhere.
 */
import type { Dataset } from '../../src/catalog/catalog.js';
import type { DatasetSchema, FieldInfo } from '../../src/ir/schema.js';
import type { ValueExpr } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { FieldResolver } from '../../src/ir/field-resolver.js';
import type { TimePartColumn } from './time-parts.js';
import { SkippedPart } from './collect.js';

/** A computed virtual column: its per-document tree and Druid type. */
export interface ComputedColumn {
  readonly expr: ValueExpr;
  readonly type: 'long' | 'double';
  readonly at: string;
}

export interface DruidContext {
  readonly dataset: Dataset;
  readonly schema: DatasetSchema;
  /** the query's virtual columns: another column's name (an alias) or a computed column */
  readonly virtual?: ReadonlyMap<string, string | ComputedColumn>;
  /** the query's timestamp_extract virtual columns (time-parts.ts): dimensions only */
  readonly timeParts?: ReadonlyMap<string, TimePartColumn>;
  /** virtual columns whose lowering failed (already reported): a part reading one is skipped (collect.ts) */
  readonly failed?: ReadonlySet<string>;
}

/** A data source: a dataset the tenant may read that has a time field. */
export const hasTime = (d: { readonly timeField?: string }): boolean => d.timeField !== undefined;

export function timeField(ctx: DruidContext): string {
  const f = ctx.dataset.timeField;
  if (!f) throw new ProxyError({ kind: 'invalid_query', message: `data source '${ctx.dataset.name}' has no time field configured`, at: { pointer: '/dataSource' } });
  return f;
}

/** The computed virtual column of that name, if any. */
export function computed(ctx: DruidContext, name: string): ComputedColumn | undefined {
  const v = ctx.virtual?.get(name);
  return typeof v === 'object' ? v : undefined;
}

/**
 * The index field for a column, or undefined when the index has no such column. A computed virtual
 * column is refused here (at `at`): callers that can read one ask `computed` first.
 */
export function column(ctx: DruidContext, name: string, at?: string): FieldInfo | undefined {
  if (ctx.failed?.has(name)) throw new SkippedPart(name);
  const part = ctx.timeParts?.get(name);
  if (part) throw new ProxyError({ kind: 'unsupported', feature: `the timestamp_extract virtual column [${name}] here: it can be a dimension`, at: { pointer: at ?? part.at } });
  const v = ctx.virtual?.get(name);
  if (typeof v === 'string') return column({ dataset: ctx.dataset, schema: ctx.schema }, v, at);
  if (v !== undefined) {
    throw new ProxyError({ kind: 'unsupported', feature: `the computed virtual column [${name}] here: it can be a dimension or an aggregator's fieldName`, at: { pointer: at ?? v.at } });
  }
  if (name === '__time') return ctx.schema.fields.get(timeField(ctx));
  // the dataset's public names (aliases), as every dialect resolves them; no `id` alias in Druid
  return new FieldResolver(ctx.schema, { aliases: ctx.dataset.aliases }).find(name);
}
