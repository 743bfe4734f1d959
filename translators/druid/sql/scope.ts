/**
 * What the SQL planner reads a query through: the data source's columns with their Druid types
 * (`druidColumns`, the same the native metadata queries report), the SQL text for positions, the
 * request's context; and the SQL types Druid gives each native type.
 */
import { SqlColumn, SqlLiteral, SqlPlaceholder, SqlQuery, type SqlBase, type SqlExpression } from 'druid-query-toolkit';
import type { ColumnType } from '../metadata.js';
import type { SqlContext, SqlParameter } from './request.js';
import { offsetOf, sqlError } from './syntax.js';
import type { Collector } from '../../../src/errors/collector.js';
import { record, sqlCollector } from './collect.js';

export type NativeType = 'LONG' | 'DOUBLE' | 'FLOAT' | 'STRING';
export type SqlTypeName = 'TIMESTAMP' | 'BIGINT' | 'DOUBLE' | 'FLOAT' | 'VARCHAR';

export interface Scope {
  readonly text: string;
  readonly dataSource: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly context: SqlContext;
}

export const sqlTypeOf = (t: NativeType, time = false): SqlTypeName =>
  time ? 'TIMESTAMP' : t === 'LONG' ? 'BIGINT' : t === 'STRING' ? 'VARCHAR' : t;

/** The column a node names, checked against the data source: Druid's "Column 'x' not found in any table". */
export function columnOf(scope: Scope, node: SqlBase): { name: string; type: ColumnType } | undefined {
  if (!(node instanceof SqlColumn)) return undefined;
  const table = node.getTableName();
  if (table !== undefined && table !== scope.dataSource) throw sqlError(`Table '${table}' not found`, scope.text, offsetOf(scope.text, node));
  const name = node.getName();
  // an own property only: `constructor` or `toString` is no column
  const type = Object.hasOwn(scope.columns, name) ? scope.columns[name] : undefined;
  if (type === undefined) throw sqlError(`Column '${name}' not found in any table`, scope.text, offsetOf(scope.text, node));
  return { name, type };
}

export const isTime = (scope: Scope, node: SqlBase): boolean => columnOf(scope, node)?.name === '__time';

/** A literal's value (numbers, strings, booleans, null, TIMESTAMP '...' as epoch ms); undefined when not a literal. */
export function literalOf(node: SqlBase): { value: string | number | boolean | null; timestamp: boolean } | undefined {
  if (!(node instanceof SqlLiteral)) return undefined;
  const v = node.value;
  if (v instanceof Date) return { value: v.getTime(), timestamp: true };
  if (typeof v === 'bigint') return { value: Number(v), timestamp: false };
  return { value: v, timestamp: false };
}

/**
 * `?` placeholders replaced by the request's parameters, in order; a count that does not match is
 * Druid's "Parameter at position [i] is not bound" (or an unused parameter); each bad parameter is a problem of its own.
 */
export function bindParameters(q: SqlQuery, params: readonly SqlParameter[], text: string, given?: Collector): SqlQuery {
  // without a caller's collector the problems are thrown here
  const c = given ?? sqlCollector();
  let i = 0;
  let unbound = false;
  let at = -1;
  const bound = q.walk((node) => {
    if (!(node instanceof SqlPlaceholder)) return node;
    const p = params[i];
    i++;
    // every placeholder's text is `?`: each found after the one before (the first as it always was)
    at = offsetOf(text, node, at + 1);
    // only the first placeholder without a parameter: every later one lacks one because of it
    if (!p) {
      if (!unbound) record(c, sqlError(`Parameter at position [${i - 1}] is not bound`, text, at));
      unbound = true;
      return node;
    }
    if (p.value === null) return SqlLiteral.NULL;
    if (p.type === 'TIMESTAMP' || p.type === 'DATE') {
      const ms = typeof p.value === 'number' ? p.value : Date.parse(String(p.value).replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(p.value)) ? '' : 'Z'));
      if (!Number.isFinite(ms)) {
        record(c, sqlError(`Parameter at position [${i - 1}] is not a valid ${p.type}`, text, at));
        return node;
      }
      return SqlLiteral.create(new Date(ms));
    }
    return SqlLiteral.create(p.value);
  }) as SqlQuery;
  if (i < params.length) record(c, sqlError(`${params.length} parameters were given but the query has ${i} placeholders`, text, 0));
  if (!given) c.throwIfAny();
  return bound;
}

/** Conditions on the table's own columns (WHERE, FILTER): `__time` only as a top-level range. */
export const tableColumns = (scope: Scope) => (node: SqlExpression): { dimension: string; type: NativeType } | undefined => {
  const c = columnOf(scope, node.getUnderlyingExpression());
  if (c?.name === '__time') return undefined;
  return c ? { dimension: c.name, type: c.type } : undefined;
};

/** The comparison operators, and each read with its sides swapped (`5 < x` is `x > 5`). */
export type Op = '=' | '<>' | '<' | '>' | '<=' | '>=';
export const FLIPPED: Readonly<Record<Op, Op>> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
