/**
 * A tenant's mandatory filter as an IR predicate over one dataset. Fails closed: a filter field the
 * dataset does not have admits no row (and the field's name is not echoed back in an error).
 */
import type { Predicate } from '../ir/predicate.js';
import type { DatasetSchema } from '../ir/schema.js';
import type { Tenant } from './access.js';

export function tenantPredicate(tenant: Tenant, schema: DatasetSchema): Predicate | undefined {
  const filter = tenant.filters && Object.hasOwn(tenant.filters, schema.dataset) ? tenant.filters[schema.dataset] : undefined;
  if (!filter) return undefined;
  const clauses: Predicate[] = Object.entries(filter).map(([field, values]) =>
    schema.fields.has(field) ? { kind: 'terms', field, values } : { kind: 'none' },
  );
  return clauses.length === 1 ? clauses[0] : { kind: 'and', operands: clauses };
}
