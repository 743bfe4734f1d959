/**
 * DAL field paths → index fields. Shopware accepts `product.stock` or `stock`; `price` means the
 * gross price of the context currency, which a dataset maps through its `aliases`; associations
 * (`manufacturer.name`, `categories.id`) are dotted paths into embedded objects.
 */
import type { Dataset } from '../../src/catalog/catalog.js';
import type { DatasetSchema, FieldInfo } from '../../src/ir/schema.js';
import type { RelationConfig } from '../../src/catalog/config.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { FieldResolver } from '../../src/ir/field-resolver.js';

export interface EntityContext {
  /** the entity name clients use (`product`) */
  readonly entity: string;
  readonly dataset: Dataset;
  readonly schema: DatasetSchema;
}

export function idField(ctx: EntityContext): string {
  return ctx.dataset.idField ?? 'id';
}

/** The dataset's field resolver (aliases, `id`, to-many relations): the one every dialect uses. */
export const resolverOf = (ctx: EntityContext): FieldResolver => new FieldResolver(ctx.schema, ctx.dataset);

/** The index path for a DAL field, or a 400 pointing at the request part that named it. */
export function indexField(ctx: EntityContext, raw: string, at: string): string {
  const prefix = `${ctx.entity}.`;
  const path = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
  const f = resolverOf(ctx).find(path);
  if (!f) throw new ProxyError({ kind: 'unknown_field', field: path, dataset: ctx.entity, at: { pointer: at } });
  return f.path;
}

export function fieldInfo(ctx: EntityContext, path: string): FieldInfo {
  return ctx.schema.fields.get(path) as FieldInfo;
}

/** Whether the field lies in a to-many association (an array per document): SQL sees it through a subquery. */
export function isToMany(ctx: EntityContext, path: string): boolean {
  return resolverOf(ctx).isToMany(path);
}

/** The association an entity aggregation's field points to: by its key (`manufacturerId`) or `<path>.id`. */
export function relationFor(ctx: EntityContext, path: string): RelationConfig | undefined {
  const rels = ctx.dataset.relations ?? {};
  return rels[path] ?? Object.values(rels).find((r) => r.path !== undefined && `${r.path}.id` === path);
}

/** Whether the schema has fields below `path` (an embedded object such as `properties.group`). */
export function hasFieldsUnder(ctx: EntityContext, path: string): boolean {
  for (const p of ctx.schema.fields.keys()) if (p.startsWith(`${path}.`)) return true;
  return false;
}

/** Leaf fields of an embedded association, relative to it (`name`, `group.name`). */
export function embeddedFields(ctx: EntityContext, path: string): string[] {
  const out: string[] = [];
  for (const [p, f] of ctx.schema.fields) {
    if (p.startsWith(path + '.') && f.exactPath === p) out.push(p.slice(path.length + 1));
  }
  return out.sort();
}
