/**
 * `associations` → what each record carries of its associations. The dataset's relations with an
 * embedded `path` are the associations; one not asked for (nor autoloaded) is `null` in the record,
 * as the DAL leaves an association it did not load. A to-many association's own criteria (filter,
 * sort, limit, page) choose and order its elements, which the engine answers per record (inner
 * hits); a to-one association has one record, so those keys are refused for it.
 */
import type { DocumentSort, ElementsQuery } from '../../src/ir/documents.js';
import { Collector } from './parse-common.js';
import { CODES } from './parse.js';
import type { AssociationCriteria, Criteria, Filter, Sorting } from './types.js';
import { hasFieldsUnder, indexField, type EntityContext } from './fields.js';
import { filtersToPredicate } from './filters.js';

export interface Association {
  /** the association's name and its embedded path (`manufacturer`, `categories`) */
  readonly path: string;
  /** its entity, the apiAlias of its records (`product_manufacturer`) */
  readonly entity: string;
  readonly many: boolean;
  readonly loaded: boolean;
}

export function lowerAssociations(ctx: EntityContext, criteria: Criteria): { associations: Association[]; elements: ElementsQuery[] } {
  const relations = Object.values(ctx.dataset.relations ?? {}).filter((r): r is typeof r & { path: string } => r.path !== undefined);
  const c = new Collector();
  const elements: ElementsQuery[] = [];
  for (const [name, a] of Object.entries(criteria.associations)) {
    const r = relations.find((x) => x.path === name);
    if (!r) {
      c.add(CODES.associationNotFound, `Can not find association by name ${name}`, a.at);
      continue;
    }
    checkInner(ctx, name, a, c);
    const chosen = a.filter.length > 0 || a.sort.length > 0 || a.limit !== null || a.page !== 1;
    if (!chosen) continue;
    if (!r.many) {
      c.add(CODES.unsupported, `The association "${name}" is to-one: its criteria may not filter, sort or page it.`, a.at);
      continue;
    }
    // an unknown field in its criteria is a 400 of its own (unknown_field at the field's pointer)
    elements.push(elementsQuery(ctx, name, r.entity, a));
  }
  c.throwIfAny();
  const loaded = new Set(Object.keys(criteria.associations));
  return {
    associations: relations.map((r) => ({ path: r.path, entity: r.entity, many: r.many === true, loaded: loaded.has(r.path) || r.autoload === true })),
    elements,
  };
}

/** An association's own associations are loaded when the records embed them (`properties.group`). */
function checkInner(ctx: EntityContext, path: string, a: AssociationCriteria, c: Collector): void {
  for (const [name, inner] of Object.entries(a.associations)) {
    if (!hasFieldsUnder(ctx, `${path}.${name}`)) c.add(CODES.associationNotFound, `Can not find association by name ${name}`, inner.at);
    else if (inner.filter.length > 0 || inner.sort.length > 0 || inner.limit !== null || inner.page !== 1 || Object.keys(inner.associations).length > 0) {
      c.add(CODES.unsupported, `The criteria of the embedded association "${path}.${name}" may not filter, sort, page or load further.`, inner.at);
    }
  }
}

/** An association's field names are its entity's (`name` or `category.name`): paths under the association. */
function rebase(field: string, path: string, entity: string): string {
  const own = field.startsWith(`${entity}.`) ? field.slice(entity.length + 1) : field;
  return `${path}.${own}`;
}

function rebaseFilter(f: Filter, path: string, entity: string): Filter {
  return f.type === 'multi' || f.type === 'not' ? { ...f, queries: f.queries.map((q) => rebaseFilter(q, path, entity)) } : { ...f, field: rebase(f.field, path, entity) };
}

function elementsQuery(ctx: EntityContext, path: string, entity: string, a: AssociationCriteria): ElementsQuery {
  const filter = filtersToPredicate(ctx, a.filter.map((f) => rebaseFilter(f, path, entity)));
  const sort: DocumentSort[] = a.sort.map((s: Sorting) => ({
    field: indexField(ctx, rebase(s.field, path, entity), `${s.at}/field`),
    direction: s.order === 'DESC' ? 'desc' : 'asc',
    nulls: 'sql',
    origin: `${s.at}/field`,
  }));
  const offset = a.limit === null ? 0 : (a.page - 1) * a.limit;
  return { path, ...(filter ? { filter } : {}), sort, offset, limit: a.limit, origin: a.at };
}
