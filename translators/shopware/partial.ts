/**
 * `fields` (partial loading): each record carries only the named fields and its `id`; a dotted
 * path into an association (`manufacturer.name`) loads that association with only those fields
 * and its `id`. Expressed as the `includes` of each apiAlias plus the associations it loads, so the
 * documents query fetches just those fields; `includes` given as well narrows further.
 */
import { ProxyError } from '../../src/errors/proxy-error.js';
import type { AssociationCriteria, Criteria } from './types.js';
import { hasFieldsUnder, indexField, resolverOf, type EntityContext } from './fields.js';

export function withPartialFields(ctx: EntityContext, criteria: Criteria): Criteria {
  if (criteria.fields.length === 0) return criteria;
  const relations = Object.values(ctx.dataset.relations ?? {});
  const own = new Set<string>(['id']);
  const inner = new Map<string, { entity: string; fields: Set<string> }>();
  for (const { field, at } of criteria.fields) {
    const path = field.startsWith(`${ctx.entity}.`) ? field.slice(ctx.entity.length + 1) : field;
    const [head = '', ...rest] = path.split('.');
    const rel = relations.find((r) => r.path === head);
    if (rel && rest.length > 0) {
      const entry = inner.get(head) ?? { entity: rel.entity, fields: new Set(['id']) };
      entry.fields.add(rest[0] as string);
      inner.set(head, entry);
      // the association's field must exist (a 400 naming it otherwise)
      indexField(ctx, `${head}.${rest.join('.')}`, at);
    } else if (rel) {
      inner.set(head, { entity: rel.entity, fields: new Set() });
    } else {
      const known = resolverOf(ctx).find(path) !== undefined || hasFieldsUnder(ctx, path);
      if (!known) throw new ProxyError({ kind: 'unknown_field', field: path, dataset: ctx.entity, at: { pointer: at } });
      if (rest.length > 0) throw new ProxyError({ kind: 'invalid_request', message: `Partial loading names whole fields or association fields; "${field}" is a part of the field "${head}".`, at: { pointer: at }, rule: 'FRAMEWORK__INVALID_CRITERIA_PARAMETER' });
    }
    own.add(head);
  }
  const narrow = (alias: string, fields: Set<string>): string[] => {
    const given = criteria.includes[alias];
    return [...fields].filter((f) => !given || given.includes(f));
  };
  const includes: Record<string, readonly string[]> = { ...criteria.includes, [ctx.entity]: narrow(ctx.entity, own) };
  const associations: Record<string, AssociationCriteria> = { ...criteria.associations };
  for (const [path, { entity, fields }] of inner) {
    // a bare association name loads it whole
    if (fields.size > 0) includes[entity] = narrow(entity, fields);
    associations[path] ??= { filter: [], sort: [], limit: null, page: 1, associations: {}, at: '/fields' };
  }
  return { ...criteria, includes, associations };
}
