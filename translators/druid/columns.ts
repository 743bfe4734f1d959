/**
 * Druid column names → index fields. `__time` is the dataset's time field; a column the index does
 * not know reads as null everywhere, as a missing column does in Druid (so `selector value: null`
 * matches every row and a dimension on it groups everything under null).
 */
import type { Dataset } from '../../src/catalog/catalog.js';
import type { DatasetSchema, FieldInfo } from '../../src/ir/schema.js';
import { ProxyError } from '../../src/errors/proxy-error.js';

export interface DruidContext {
  readonly dataset: Dataset;
  readonly schema: DatasetSchema;
}

export function timeField(ctx: DruidContext): string {
  const f = ctx.dataset.timeField;
  if (!f) throw new ProxyError({ kind: 'invalid_query', message: `data source '${ctx.dataset.name}' has no time field configured`, at: { pointer: '/dataSource' } });
  return f;
}

/** The index field for a column, or undefined when the index has no such column. */
export function column(ctx: DruidContext, name: string): FieldInfo | undefined {
  const path = name === '__time' ? timeField(ctx) : (ctx.dataset.aliases?.[name] ?? name);
  return ctx.schema.fields.get(path);
}
