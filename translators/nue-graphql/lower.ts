/**
 * `aggregate_<object>(where, groupBy, page) { ... }` → IR, enforcing Nue's documented validation
 * rules. Rows: one per distinct combination of the groupBy fields (a null is its own group),
 * ordered by the first selected function descending, then the group fields ascending (distinct
 * mode: group fields ascending); `page.cursor` is a 0-based row offset, `page.limit` ≤ 1000.
 */
import type { AggQuery, GroupKey, Metric, OrderItem } from '../../src/ir/nodes.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { ExposedField, ExposedObject } from './names.js';
import type { Selected } from './selection.js';
import { lowerWhere, type WhereInput } from './where.js';
import { internalName } from '../../src/ir/names.js';
import { FieldCollector } from './collect.js';

export const MAX_LIMIT = 1000;
export const MAX_GROUP_FIELDS = 3;
const FUNCTIONS = new Set(['count', 'sum', 'avg', 'min', 'max']);

export type Output =
  | { readonly key: string; readonly kind: 'group'; readonly field: ExposedField }
  | { readonly key: string; readonly kind: 'metric'; readonly column: string; readonly part?: string; readonly integer: boolean }
  | { readonly key: string; readonly kind: 'typename'; readonly value: string };

export interface NuePlan {
  readonly query: AggQuery;
  readonly outputs: readonly Output[];
}

export interface AggregateArgs {
  readonly where?: WhereInput | null;
  readonly groupBy?: readonly string[] | null;
  readonly page?: { readonly cursor?: number | null; readonly limit?: number | null } | null;
}

export function lowerAggregate(
  obj: ExposedObject,
  args: AggregateArgs,
  selections: readonly Selected[],
  root: Selected['node'],
  rowTypeName: string,
  config: AppConfig,
): NuePlan {
  // each argument check, each selection and each where leaf is independent: all their problems are reported
  const c = new FieldCollector();
  const groupBy = [...new Set(args.groupBy ?? [])];
  if (groupBy.length > MAX_GROUP_FIELDS) c.invalid(`groupBy is capped at ${MAX_GROUP_FIELDS} fields (got ${groupBy.length})`, '/groupBy', root);
  const limit = args.page?.limit ?? MAX_LIMIT;
  const cursor = args.page?.cursor ?? 0;
  if (limit > MAX_LIMIT) c.invalid(`The aggregate page limit cannot exceed ${MAX_LIMIT}`, '/page/limit', root);
  if (limit < 1) c.invalid('The aggregate page limit must be at least 1', '/page/limit', root);
  if (cursor < 0) c.invalid('The page cursor cannot be negative', '/page/cursor', root);

  const metrics = new Map<string, Metric>();
  const outputs: Output[] = [];
  for (const s of selections) {
    if (s.name === '__typename') {
      outputs.push({ key: s.key, kind: 'typename', value: rowTypeName });
    } else if (FUNCTIONS.has(s.name)) {
      const out = lowerFunction(obj, s, metrics, config, c);
      if (out) outputs.push(out);
    } else if (!groupBy.includes(s.name)) {
      c.invalid(
        groupBy.length === 0
          ? `Field '${s.name}' cannot be selected without groupBy: select aggregate functions, or group by it`
          : `Field '${s.name}' is not in groupBy: only grouped fields and aggregate functions can be selected`,
        `/selection/${s.key}`,
        s.node,
      );
    } else {
      outputs.push({ key: s.key, kind: 'group', field: obj.byName.get(s.name) as ExposedField });
    }
  }
  const filter = lowerWhere(args.where, obj, config.limits, c);
  c.throwIfAny();
  const keys: GroupKey[] = groupBy.map((g) => ({ kind: 'terms', name: g, field: (obj.byName.get(g) as ExposedField).info.path, missing: 'group' }));
  const first = outputs.find((o) => o.kind === 'metric');
  const order: OrderItem[] = [
    ...(first && first.kind === 'metric' ? [{ column: first.column, ...(first.part ? { part: first.part } : {}), direction: 'desc' as const, compare: 'natural' as const }] : []),
    ...groupBy.map((g) => ({ column: g, direction: 'asc' as const, compare: 'natural' as const })),
  ];
  const query: AggQuery = {
    kind: 'AggQuery',
    dataset: obj.dataset,
    ...(filter ? { filter } : {}),
    levels: [{
      keys,
      metrics: [...metrics.values()],
      post: [],
      order,
      offset: keys.length === 0 ? 0 : cursor,
      limit: keys.length === 0 ? null : limit,
    }],
  };
  return { query, outputs };
}

function lowerFunction(obj: ExposedObject, s: Selected, metrics: Map<string, Metric>, config: AppConfig, c: FieldCollector): Output | undefined {
  const fieldName = s.args.field as string | null | undefined;
  if (fieldName === undefined || fieldName === null) {
    return c.invalid(`${s.name} requires a field argument, for example ${s.name}(field: id${s.name === 'count' ? ', distinct: true' : ''})`, `/selection/${s.key}`, s.node);
  }
  const field = obj.byName.get(fieldName) as ExposedField;
  const path = field.info.path;
  if (s.name === 'count') {
    const distinct = s.args.distinct === true;
    const name = internalName(`${distinct ? 'distinct' : 'count'}:${path}`);
    const metric: Metric = distinct
      ? { kind: 'cardinality', name, field: path, precisionThreshold: config.accuracy.cardinalityPrecisionThreshold }
      : { kind: 'valueCount', name, field: path };
    metrics.set(name, metric);
    return { key: s.key, kind: 'metric', column: name, integer: true };
  }
  if (field.info.category !== 'numeric') {
    return c.invalid(`${s.name} requires a numeric field; '${fieldName}' is not numeric`, `/selection/${s.key}`, s.node);
  }
  // one stats aggregation per field serves sum, avg, min and max, with SQL's null over no values
  const name = internalName(`stats:${path}`);
  metrics.set(name, { kind: 'stats', name, field: path });
  return { key: s.key, kind: 'metric', column: name, part: s.name, integer: false };
}
