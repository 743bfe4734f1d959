/**
 * A records request with group_by or aggregates in select → one flat IR GROUP BY: group_by items
 * become keys (groups.ts), aggregate calls metrics, arithmetic between them post-metrics, order_by
 * the level's order (by an alias, a select text, a group_by item or an aggregate), limit/offset its
 * cut. Without order_by, groups come in ascending order of their values, as Opendatasoft answers.
 */
import type { AggQuery, Expr, GroupKey, Metric, OrderItem, PostMetric, Predicate } from '../../../src/ir/nodes.js';
import { OdsqlError, type Clause, type ListItem, type OdsqlNode, type OrderItem as OdsOrder } from './ast.js';
import type { Collector } from '../../../src/errors/collector.js';
import { planGroup, type KeyFormat, type PlannedGroup } from './groups.js';
import { clause } from './collect.js';
import { fieldOf, odsTypeName, type WhereContext } from './where.js';

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'median', 'percentile', 'envelope', 'bbox']);

/** One column of an answer row. */
export type OutColumn =
  | { readonly kind: 'key'; readonly name: string; readonly column: string; readonly format: KeyFormat }
  | { readonly kind: 'value'; readonly name: string; readonly column: string; readonly percent?: number };

export interface AggregatePlan {
  readonly query: AggQuery;
  readonly columns: readonly OutColumn[];
}

export interface AggregateInput {
  readonly dataset: string;
  readonly select: readonly ListItem[] | undefined;
  readonly groupBy: readonly ListItem[];
  readonly orderBy: readonly OdsOrder[];
  readonly filter: Predicate | undefined;
  readonly offset: number;
  readonly limit: number;
  readonly timeZone: string;
  readonly cardinalityPrecision: number;
  readonly percentilesCompression: number;
  /** the select or group_by could not be read: a name found in neither may be one of their items, not an error */
  readonly partial?: boolean;
}

export function hasAggregate(n: OdsqlNode): boolean {
  switch (n.kind) {
    case 'call':
      return AGGREGATES.has(n.name) || n.args.some(hasAggregate);
    case 'neg':
    case 'not':
      return hasAggregate(n.operand);
    case 'arith':
    case 'compare':
      return hasAggregate(n.left) || hasAggregate(n.right);
    default:
      return false;
  }
}

/** Same expression, ignoring positions and case of function names (they are lower-cased already). */
function sameExpr(a: OdsqlNode, b: OdsqlNode): boolean {
  const strip = (n: OdsqlNode): unknown => JSON.parse(JSON.stringify(n, (k, v: unknown) => (k === 'at' ? undefined : v)));
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

class Metrics {
  readonly metrics: Metric[] = [];
  readonly post: PostMetric[] = [];
  private readonly bySig = new Map<string, string>();
  /** the clause being read (select, then order_by), for errors and origins */
  clause: Clause = 'select';
  constructor(private readonly schema: WhereContext['schema'], private readonly input: AggregateInput) {}
  private get c(): WhereContext {
    return { schema: this.schema, clause: this.clause };
  }

  private add(sig: string, make: (name: string) => Metric): string {
    const known = this.bySig.get(sig);
    if (known) return known;
    const name = `m${this.metrics.length}`;
    this.bySig.set(sig, name);
    this.metrics.push(make(name));
    return name;
  }

  private numeric(n: OdsqlNode | undefined, fn: string, at: number, dates = false): string {
    if (n?.kind !== 'field') throw new OdsqlError(`${fn}() expects a field name`, this.c.clause, n?.at ?? at);
    const f = fieldOf(this.c, n.name, n.at);
    if (f.category !== 'numeric' && !(dates && f.category === 'date')) throw new OdsqlError(`${fn}() expects a numeric field, '${n.name}' is ${odsTypeName(f)}`, this.c.clause, n.at);
    return f.path;
  }

  /** An aggregate call → its metric column (and, for percentiles, the percent read from it). */
  call(n: Extract<OdsqlNode, { kind: 'call' }>): { column: string; percent?: number } {
    const origin = `/${this.c.clause}`;
    const arity = (k: number) => {
      if (n.args.length !== k) throw new OdsqlError(`${n.name}() takes ${k === 1 ? 'one argument' : `${k} arguments`}`, this.c.clause, n.at);
    };
    switch (n.name) {
      case 'count': {
        arity(1);
        const a = n.args[0] as OdsqlNode;
        if (a.kind === 'star') {
          if (n.distinct) throw new OdsqlError('count(distinct *) is not allowed', this.c.clause, a.at);
          return { column: this.add('count', (name) => ({ kind: 'count', name, origin })) };
        }
        if (a.kind !== 'field') throw new OdsqlError('count() expects *, a field or distinct field', this.c.clause, a.at);
        const f = fieldOf(this.c, a.name, a.at);
        if (!f.exactPath) throw new OdsqlError(`count() cannot count field '${a.name}' (${odsTypeName(f)})`, this.c.clause, a.at);
        if (n.distinct) {
          const precisionThreshold = this.input.cardinalityPrecision;
          return { column: this.add(`distinct|${f.path}`, (name) => ({ kind: 'cardinality', name, field: f.path, precisionThreshold, origin })) };
        }
        return { column: this.add(`count|${f.path}`, (name) => ({ kind: 'valueCount', name, field: f.path, origin })) };
      }
      case 'sum':
      case 'avg':
      case 'min':
      case 'max': {
        arity(1);
        const kind = n.name;
        const field = this.numeric(n.args[0], n.name, n.at);
        return { column: this.add(`${kind}|${field}`, (name) => ({ kind, name, field, origin })) };
      }
      case 'median':
      case 'percentile': {
        arity(n.name === 'median' ? 1 : 2);
        const field = this.numeric(n.args[0], n.name, n.at);
        let percent = 50;
        if (n.name === 'percentile') {
          const p = n.args[1] as OdsqlNode;
          if (p.kind !== 'number' || p.value < 0 || p.value > 100) throw new OdsqlError('percentile() expects a percent between 0 and 100', this.c.clause, p.at);
          percent = p.value;
        }
        const compression = this.input.percentilesCompression;
        const column = this.add(`pct|${field}|${percent}`, (name) => ({ kind: 'percentiles', name, field, percents: [percent], compression, origin }));
        return { column, percent };
      }
      case 'envelope':
      case 'bbox': {
        const a = n.args[0];
        const f = a?.kind === 'field' ? fieldOf(this.c, a.name, a.at) : undefined;
        if (f?.type !== 'geo_point') throw new OdsqlError(`${n.name}() expects a geo_point_2d field`, this.c.clause, a?.at ?? n.at);
        throw new OdsqlError(`${n.name}() is not supported`, this.c.clause, n.at);
      }
      default:
        throw new OdsqlError(`Unknown function: ${n.name}`, this.c.clause, n.at);
    }
  }

  /** Arithmetic over aggregates and numbers → an Expr over the metric columns. */
  expr(n: OdsqlNode): Expr {
    switch (n.kind) {
      case 'number':
        return { kind: 'const', value: n.value };
      case 'neg':
        return { kind: 'neg', operand: this.expr(n.operand) };
      case 'arith':
        if (n.op === '%') throw new OdsqlError("'%' between aggregates is not supported", this.c.clause, n.at);
        return { kind: 'binary', op: n.op, left: this.expr(n.left), right: this.expr(n.right), onZeroDivisor: 'null' };
      case 'call': {
        const r = this.call(n);
        if (r.percent !== undefined) throw new OdsqlError(`${n.name}() cannot be used in arithmetic`, this.c.clause, n.at);
        return { kind: 'column', column: r.column };
      }
      case 'field':
        throw new OdsqlError(`field '${n.name}' must be in group_by or inside an aggregate function`, this.c.clause, n.at);
      default:
        throw new OdsqlError('an aggregate is arithmetic over aggregate functions and numbers', this.c.clause, n.at);
    }
  }

  /** A select (or order_by) aggregate → the column holding its value. */
  value(n: OdsqlNode): { column: string; percent?: number } {
    if (n.kind === 'call') return this.call(n);
    const column = `e${this.post.length}`;
    this.post.push({ kind: 'expr', name: column, expr: this.expr(n), origin: `/${this.c.clause}` });
    return { column };
  }
}

/**
 * Each group_by, select and order_by item on its own, its problem recorded in `c`; an item naming one
 * that failed (a select of a failed group, an order_by of a failed column) is left out unreported.
 */
export function planAggregate(schema: WhereContext['schema'], input: AggregateInput, c: Collector): AggregatePlan {
  const planned = input.groupBy.map((item, i) => ({ item, group: clause(c, () => planGroup({ schema, clause: 'group_by' }, item, `g${i}`, input.timeZone)) }));
  const groups: PlannedGroup[] = planned.flatMap((p) => (p.group ? [p.group] : []));
  const keys: GroupKey[] = groups.map((g) => g.key);
  const metrics = new Metrics(schema, input);
  const columns: OutColumn[] = [];
  const keyColumn = (g: PlannedGroup, name: string): OutColumn => ({ kind: 'key', name, column: g.key.name, format: g.format });
  const names = (item: ListItem) => (n: OdsqlNode): boolean => sameExpr(item.expr, n) || (n.kind === 'field' && item.alias === n.name);
  const groupOf = (n: OdsqlNode): PlannedGroup | undefined => groups.find((g) => names(g.item)(n));
  // a failed group_by item, or a group_by or select that could not be read at all, may be what `n` names
  // (a field inside a failed item too: `group_by=nope(f)` may have meant to group by f)
  const failedFields = new Set<string>();
  for (const p of planned) if (!p.group) fieldsIn(p.item.expr, failedFields);
  const failedGroup = (n: OdsqlNode): boolean =>
    input.partial === true || planned.some((p) => !p.group && names(p.item)(n)) || (n.kind === 'field' && failedFields.has(n.name));
  const failed = new Set<string>();
  for (const item of input.select ?? []) {
    const name = item.alias ?? item.text;
    const column = clause(c, (): OutColumn | null => {
      if (columns.some((c) => c.name === name) || failed.has(name)) throw new OdsqlError(`Duplicate column name '${name}'`, 'select', item.at);
      if (item.expr.kind === 'star') throw new OdsqlError('select * cannot be used with group_by or aggregates', 'select', item.at);
      if (hasAggregate(item.expr)) return { kind: 'value', name, ...metrics.value(item.expr) };
      const g = groupOf(item.expr);
      if (g) return keyColumn(g, name);
      if (failedGroup(item.expr)) return null;
      throw new OdsqlError(`'${item.text}' must be in group_by or inside an aggregate function`, 'select', item.at);
    });
    if (column) columns.push(column);
    else failed.add(name);
  }
  // group_by items not selected are still part of each row (Opendatasoft answers them)
  for (const g of groups) if (!columns.some((c) => c.kind === 'key' && c.column === g.key.name)) columns.push(keyColumn(g, g.name));

  metrics.clause = 'order_by';
  const order: OrderItem[] = input.orderBy.flatMap((o) => {
    const one = clause(c, (): OrderItem | null => {
      const named = (name: string) => name === o.text || (o.expr.kind === 'field' && name === o.expr.name);
      const byName = columns.find((c) => named(c.name));
      const g = byName ? undefined : groupOf(o.expr);
      const column = byName?.column ?? g?.key.name;
      if (column !== undefined) {
        const percent = byName?.kind === 'value' ? byName.percent : undefined;
        return { column, direction: o.direction, compare: 'natural', nulls: 'last', ...(percent !== undefined ? { part: percentPart(percent) } : {}) };
      }
      if ([...failed].some(named) || failedGroup(o.expr)) return null;
      if (!hasAggregate(o.expr)) throw new OdsqlError(`cannot order by '${o.text}': order by a selected column, a group_by item or an aggregate`, 'order_by', o.at);
      // an aggregate that is not selected: computed beside the others, not printed
      const v = metrics.value(o.expr);
      return { column: v.column, direction: o.direction, compare: 'natural', nulls: 'last', ...(v.percent !== undefined ? { part: percentPart(v.percent) } : {}) };
    });
    return one ? [one] : [];
  });
  c.throwIfAny();
  // Opendatasoft sorts nulls after every value, ascending or descending (the Explore API v2.1 reference, "Handling null values")
  if (order.length === 0) for (const k of keys) order.push({ column: k.name, direction: 'asc', compare: 'natural', nulls: 'last' });
  const query: AggQuery = {
    kind: 'AggQuery',
    dataset: input.dataset,
    ...(input.filter ? { filter: input.filter } : {}),
    levels: [{ keys, metrics: metrics.metrics, post: metrics.post, order, offset: input.offset, limit: input.limit }],
  };
  return { query, columns };
}

/** The engines key percentiles as `50.0`. */
const percentPart = (p: number): string => (Number.isInteger(p) ? `${p}.0` : String(p));

/** The field names an expression reads, at any depth. */
function fieldsIn(n: unknown, out: Set<string>): void {
  if (n === null || typeof n !== 'object') return;
  const o = n as { readonly kind?: unknown; readonly name?: unknown };
  if (o.kind === 'field' && typeof o.name === 'string') out.add(o.name);
  for (const v of Object.values(n)) fieldsIn(v, out);
}
