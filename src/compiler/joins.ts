/**
 * To-many associations joined the way SQL joins them. A field of a `nested` object (schema.ts
 * `FieldInfo.nested`) lives in its own element document, so:
 * - a level grouped by such fields has one row per joined element: its composite runs inside a
 *   `nested` aggregation on that path (all of a level's keys on the same path);
 * - the level's conditions on the same path restrict the joined elements, not only the documents
 *   (`WHERE properties.groupId = ?` keeps just those options): the element filter, applied in each
 *   bucket because a composite may sit under `nested` but not under `filter`;
 * - a metric reaches its field from the level's path through `reverse_nested` (to the document)
 *   and `nested` (into another association, restricted by that association's element filter).
 */
import type { GroupKey, Metric, Predicate } from '../ir/nodes.js';
import { and } from '../ir/predicate.js';
import { lookupField, type DatasetSchema } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';
import { compilePredicate } from './predicates.js';
import type { FieldScope } from './value-source.js';
import { isVirtual } from './value-source.js';
import { shownName } from '../ir/names.js';

/** The name of the `nested` aggregation holding a joined level's composite. */
export const JOIN_AGG = 'join';
/** The per-bucket filter aggregation holding a joined level's element filter, count and metrics. */
export const ELEMENTS_AGG = 'elements';
/** The name a metric takes inside its hop aggregations. */
export const HOP_INNER = 'x';

export interface LevelJoin {
  readonly path: string;
  /** the level's conditions that speak of the joined elements only */
  readonly elements?: Predicate;
  /** documents without any element form one more row, its association keys null */
  readonly orphans: boolean;
}

/** Documents that have no element of `path`: a LEFT JOIN's row of nulls. */
export const withoutElements = (path: string): Record<string, unknown> => ({ bool: { must_not: [{ nested: { path, query: { match_all: {} } } }] } });

/** Where a field lives: the nested path, or undefined for the document itself. */
function pathOf(scope: FieldScope, field: string, origin: string | undefined): string | undefined {
  return isVirtual(scope, field) ? undefined : lookupField(scope.schema, field, origin).nested;
}

/** The nested paths a predicate's leaves read (undefined: the document). */
function leafPaths(p: Predicate, schema: DatasetSchema, out: Set<string | undefined>): Set<string | undefined> {
  switch (p.kind) {
    case 'all':
    case 'none':
      return out;
    case 'and':
    case 'or':
      for (const o of p.operands) leafPaths(o, schema, out);
      return out;
    case 'not':
      return leafPaths(p.operand, schema, out);
    case 'ids':
      return out.add(undefined);
    default:
      return out.add(lookupField(schema, p.field, p.origin).nested);
  }
}

/** The path a predicate reads when it reads only one (elements of one association, or the document). */
function onePath(p: Predicate, schema: DatasetSchema): { readonly path: string | undefined } | undefined {
  const paths = [...leafPaths(p, schema, new Set())];
  return paths.length <= 1 ? { path: paths[0] } : undefined;
}

const conjuncts = (p: Predicate | undefined): Predicate[] => (!p ? [] : p.kind === 'and' ? p.operands.flatMap(conjuncts) : [p]);

/** The part of a level's filter that speaks of elements of `path` only. */
export function elementFilter(filter: Predicate | undefined, path: string, schema: DatasetSchema): Predicate | undefined {
  return and(...conjuncts(filter).filter((c) => onePath(c, schema)?.path === path));
}

/**
 * A joined level's query on the documents: the conditions on other things as they are, and for
 * the element filter one `nested` clause (some element passes it whole), never one per condition,
 * which would read `NOT name = x` as "no element is x" and drop documents with other elements.
 */
export function joinedLevelQuery(filter: Predicate | undefined, join: LevelJoin, schema: DatasetSchema): Record<string, unknown> | undefined {
  if (!join.elements) return filter ? compilePredicate(filter, schema) : undefined;
  const rest = and(...conjuncts(filter).filter((c) => onePath(c, schema)?.path !== join.path));
  const some = { nested: { path: join.path, query: compilePredicate(join.elements, schema, join.path) } };
  return rest ? { bool: { filter: [compilePredicate(rest, schema), some] } } : some;
}

/**
 * SQL evaluates a condition per joined row: one that reads a grouped association together with
 * anything else (`cats.name = x OR price > 15`) would have to keep or drop single elements by the
 * document's fields, which the engine cannot; refused rather than applied to whole documents.
 */
function checkMixed(filter: Predicate | undefined, path: string, schema: DatasetSchema): void {
  for (const c of conjuncts(filter)) {
    const paths = leafPaths(c, schema, new Set());
    if (paths.has(path) && paths.size > 1) {
      throw new ProxyError({
        kind: 'invalid_query',
        message: `A condition that reads the to-many association ${path} together with other fields cannot restrict its elements while grouping by it; split it or filter on the association alone`,
        at: { pointer: originOf(c) },
      });
    }
  }
}

/** The first origin a predicate carries (a condition's place in the request). */
function originOf(p: Predicate): string | undefined {
  if (p.kind === 'and' || p.kind === 'or') return p.operands.map(originOf).find((o) => o !== undefined);
  if (p.kind === 'not') return originOf(p.operand);
  return 'origin' in p ? p.origin : undefined;
}

/** Metrics whose value counts each joined row: a document's field read back once per bucket would count it once, where SQL counts it per element. */
const PER_ROW: ReadonlySet<Metric['kind']> = new Set(['sum', 'avg', 'stats', 'extendedStats', 'percentiles', 'valueCount', 'count']);

/**
 * A document's field in a joined level is read back through `reverse_nested`, once per document
 * and bucket. That is SQL's per-row value only when a document has one element per bucket, which
 * grouping by the association's `id` guarantees; else the metric is refused, naming it.
 */
function checkDocumentMetrics(keys: readonly GroupKey[], metrics: readonly Metric[], path: string, scope: FieldScope): void {
  if (keys.some((k) => keyField(k) === `${path}.id`)) return;
  for (const m of metrics) {
    if (!PER_ROW.has(m.kind) || (m.kind === 'count' && !m.filter)) continue;
    if (metricPath(m, path, scope) === path) continue;
    throw new ProxyError({
      kind: 'invalid_query',
      message: `A ${m.kind} of ${'field' in m ? m.field : 'documents'} would read each document once per group, where SQL counts it once per joined element of ${path}: group by ${path}.id as well, or use min/max/count (distinct)`,
      at: { pointer: m.origin },
    });
  }
}

const keyField = (k: GroupKey): string | undefined => (k.kind === 'filters' ? undefined : k.field);

/**
 * The join a level needs, or undefined when its rows are the documents'. A level with one key in
 * an association that the mapping copies into the document (`include_in_parent`) groups on that
 * copy: one bucket per value, and a null group for a document without elements, which is what SQL's
 * join of one association gives. Two keys of one association (an element's id with its name), a
 * condition restricting the elements, or a metric of the same association's fields need the
 * elements themselves: then every key must lie in that association.
 */
export function levelJoin(keys: readonly GroupKey[], metrics: readonly Metric[], filter: Predicate | undefined, scope: FieldScope): LevelJoin | undefined {
  const placed = keys.map((k) => {
    const field = keyField(k);
    const info = field === undefined || isVirtual(scope, field) ? undefined : lookupField(scope.schema, field, k.origin);
    return { k, field, path: info?.nested, inParent: info?.inParent === true };
  });
  const byPath = new Map<string, typeof placed>();
  for (const p of placed) if (p.path !== undefined) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
  for (const [path, own] of byPath) {
    checkMixed(filter, path, scope.schema);
    const elements = elementFilter(filter, path, scope.schema);
    const flat = own.length === 1 && own.every((p) => p.inParent && p.k.kind !== 'ranges') && !elements && !metrics.some((m) => metricPath(m, undefined, scope) === path);
    if (flat) continue;
    const joined = own[0] as (typeof placed)[number];
    for (const p of placed) {
      if (p.path === path && p.k.kind !== 'ranges') continue;
      const what = p.field ?? `'${p.k.name}'`;
      throw new ProxyError({
        kind: 'invalid_query',
        message:
          p.path === path
            ? `Range buckets over ${what} inside the to-many association ${path} are not supported`
            : `Grouping by ${what} together with ${joined.field as string} is not supported here: ${joined.field as string} is grouped per element of the to-many association ${path} (with another of its fields, a condition on its elements or a metric over them), and ${what} lies outside it`,
        at: { pointer: p.k.origin },
      });
    }
    checkDocumentMetrics(keys, metrics, path, scope);
    // SQL's LEFT JOIN keeps a document without elements as a row of nulls, unless a condition on the elements drops it
    const orphans = !elements && keys.every((k) => 'missing' in k && k.missing === 'group');
    return { path, ...(elements ? { elements } : {}), orphans };
  }
  return undefined;
}

/** The paths one metric reads (its field, or for a filtered count its condition's fields). */
function metricPath(m: Metric, from: string | undefined, scope: FieldScope): string | undefined {
  const fields =
    m.kind === 'count' ? [] : m.kind === 'cardinality' ? [m.field, ...(m.fields ?? [])] : m.kind === 'first' || m.kind === 'last' ? [m.field, m.timeField] : [m.field];
  const paths = new Set(fields.map((f) => pathOf(scope, f, m.origin)));
  if (m.filter) for (const p of leafPaths(m.filter, scope.schema, new Set())) paths.add(p);
  if (paths.size === 0) return from;
  if (paths.size > 1) {
    throw new ProxyError({ kind: 'invalid_query', message: `${shownName(m.name)} reads fields of different to-many associations (${[...paths].map((p) => p ?? 'the document').join(', ')}) at once, which is not supported`, at: { pointer: m.origin } });
  }
  return [...paths][0];
}

export interface Hops {
  /** the path the metric's own aggregation runs in (its filter compiles within it) */
  readonly within: string | undefined;
  /** wraps the metric's aggregation; undefined when it needs no hop */
  readonly wrap?: (agg: Record<string, unknown>) => Record<string, unknown>;
  /** the aggregation names under the outer one down to the metric (the last is HOP_INNER) */
  readonly via?: readonly string[];
}

/**
 * How a metric asked in `from` (a level's join path, or the document) reaches its field: back to
 * the document with `reverse_nested`, into another association with `nested` plus that
 * association's element filter from `filter` (the level's whole filter).
 */
export function metricHops(m: Metric, from: string | undefined, filter: Predicate | undefined, scope: FieldScope): Hops {
  const to = metricPath(m, from, scope);
  if (to === from) return { within: from };
  const shells: { name: string; agg: Record<string, unknown> }[] = [];
  if (from !== undefined) shells.push({ name: 'document', agg: { reverse_nested: {} } });
  if (to !== undefined) {
    shells.push({ name: 'nested', agg: { nested: { path: to } } });
    const elements = elementFilter(filter, to, scope.schema);
    if (elements) shells.push({ name: 'elements', agg: { filter: compilePredicate(elements, scope.schema, to) } });
  }
  const wrap = (agg: Record<string, unknown>): Record<string, unknown> => {
    let node = agg;
    let name = HOP_INNER;
    for (const s of [...shells].reverse()) {
      node = { ...s.agg, aggs: { [name]: node } };
      name = s.name;
    }
    return node;
  };
  return { within: to, wrap, via: [...shells.slice(1).map((s) => s.name), HOP_INNER] };
}
