/**
 * `INFORMATION_SCHEMA.SCHEMATA`, `.TABLES` and `.COLUMNS` (what Superset, Grafana and the Druid
 * console introspect with), answered from the tenant's exposed data sources and their mappings;
 * `sys.*` tables answer no rows. A small evaluator runs the SELECT over those rows: columns or *,
 * WHERE with comparisons, IN, LIKE, IS NULL, AND/OR/NOT, ORDER BY, LIMIT and OFFSET.
 */
import { SqlColumn, SqlComparison, SqlLikePart, SqlLiteral, SqlMulti, SqlRecord, SqlStar, SqlUnary, type SqlExpression, type SqlQuery } from 'druid-query-toolkit';
import { unsupported } from './syntax.js';
import { ownLimits } from './plan-scan.js';
import type { NativeType, SqlTypeName } from './scope.js';
import type { SqlAnswer, SqlValue } from './results.js';
import type { ColumnType } from '../metadata.js';

type Row = Readonly<Record<string, SqlValue>>;
interface Table {
  readonly columns: readonly (readonly [string, NativeType])[];
  readonly rows: readonly Row[];
}

export interface DataSourceColumns {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
}

const V = 'STRING' as const;
const L = 'LONG' as const;
const SYSTEM_SCHEMAS = ['INFORMATION_SCHEMA', 'sys'] as const;
const SYS_TABLES = ['segments', 'servers', 'server_segments', 'tasks', 'supervisors'];
const JDBC: Record<SqlTypeName, number> = { TIMESTAMP: 93, BIGINT: -5, DOUBLE: 8, FLOAT: 6, VARCHAR: 12 };

export const isSystemSchema = (schema: string | undefined): boolean => schema !== undefined && (SYSTEM_SCHEMAS as readonly string[]).includes(schema);

function tables(sources: readonly DataSourceColumns[]): Record<string, Table> {
  const schemata: Table = {
    columns: [['CATALOG_NAME', V], ['SCHEMA_NAME', V], ['SCHEMA_OWNER', V], ['DEFAULT_CHARACTER_SET_CATALOG', V], ['DEFAULT_CHARACTER_SET_SCHEMA', V], ['DEFAULT_CHARACTER_SET_NAME', V], ['SQL_PATH', V]],
    rows: ['druid', 'INFORMATION_SCHEMA', 'sys', 'lookup', 'view'].map((s) => ({ CATALOG_NAME: 'druid', SCHEMA_NAME: s, SCHEMA_OWNER: null, DEFAULT_CHARACTER_SET_CATALOG: null, DEFAULT_CHARACTER_SET_SCHEMA: null, DEFAULT_CHARACTER_SET_NAME: null, SQL_PATH: null })),
  };
  const table = (schema: string, name: string, type: string): Row => ({ TABLE_CATALOG: 'druid', TABLE_SCHEMA: schema, TABLE_NAME: name, TABLE_TYPE: type, IS_JOINABLE: 'NO', IS_BROADCAST: 'NO' });
  const tablesTable: Table = {
    columns: [['TABLE_CATALOG', V], ['TABLE_SCHEMA', V], ['TABLE_NAME', V], ['TABLE_TYPE', V], ['IS_JOINABLE', V], ['IS_BROADCAST', V]],
    rows: [
      ...sources.map((s) => table('druid', s.name, 'TABLE')),
      ...['COLUMNS', 'SCHEMATA', 'TABLES'].map((n) => table('INFORMATION_SCHEMA', n, 'SYSTEM_TABLE')),
      ...SYS_TABLES.map((n) => table('sys', n, 'SYSTEM_TABLE')),
    ],
  };
  const columnRows = sources.flatMap((s) =>
    Object.entries(s.columns).map(([name, type], i): Row => {
      const sqlType: SqlTypeName = name === '__time' ? 'TIMESTAMP' : type === 'LONG' ? 'BIGINT' : type === 'STRING' ? 'VARCHAR' : 'DOUBLE';
      return {
        TABLE_CATALOG: 'druid', TABLE_SCHEMA: 'druid', TABLE_NAME: s.name, COLUMN_NAME: name, ORDINAL_POSITION: i + 1, COLUMN_DEFAULT: null,
        IS_NULLABLE: name === '__time' ? 'NO' : 'YES', DATA_TYPE: sqlType, CHARACTER_MAXIMUM_LENGTH: null, CHARACTER_OCTET_LENGTH: null,
        NUMERIC_PRECISION: sqlType === 'BIGINT' ? 19 : sqlType === 'DOUBLE' ? 15 : null, NUMERIC_PRECISION_RADIX: sqlType === 'BIGINT' || sqlType === 'DOUBLE' ? 10 : null,
        NUMERIC_SCALE: sqlType === 'BIGINT' ? 0 : null, DATETIME_PRECISION: sqlType === 'TIMESTAMP' ? 3 : null,
        CHARACTER_SET_NAME: sqlType === 'VARCHAR' ? 'UTF-16LE' : null, COLLATION_NAME: sqlType === 'VARCHAR' ? 'UTF-16LE$en_US$primary' : null, JDBC_TYPE: JDBC[sqlType],
      };
    }),
  );
  const columnsTable: Table = {
    columns: [
      ['TABLE_CATALOG', V], ['TABLE_SCHEMA', V], ['TABLE_NAME', V], ['COLUMN_NAME', V], ['ORDINAL_POSITION', L], ['COLUMN_DEFAULT', V], ['IS_NULLABLE', V],
      ['DATA_TYPE', V], ['CHARACTER_MAXIMUM_LENGTH', L], ['CHARACTER_OCTET_LENGTH', L], ['NUMERIC_PRECISION', L], ['NUMERIC_PRECISION_RADIX', L],
      ['NUMERIC_SCALE', L], ['DATETIME_PRECISION', L], ['CHARACTER_SET_NAME', V], ['COLLATION_NAME', V], ['JDBC_TYPE', L],
    ],
    rows: columnRows,
  };
  const empty: Table = { columns: [['name', V]], rows: [] };
  return {
    'INFORMATION_SCHEMA.SCHEMATA': schemata,
    'INFORMATION_SCHEMA.TABLES': tablesTable,
    'INFORMATION_SCHEMA.COLUMNS': columnsTable,
    ...Object.fromEntries(SYS_TABLES.map((n) => [`sys.${n}`, empty])),
  };
}

const likeRegex = (pattern: string, escape: string | undefined): RegExp => {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (escape !== undefined && ch === escape && i + 1 < pattern.length) out += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') out += '[\\s\\S]*';
    else if (ch === '_') out += '[\\s\\S]';
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
};

class Evaluator {
  constructor(private readonly text: string, private readonly table: Table) {}

  value(e: SqlExpression, row: Row): SqlValue {
    const u = e.getUnderlyingExpression();
    if (u instanceof SqlColumn) {
      const name = u.getName();
      if (!this.table.columns.some(([c]) => c === name)) unsupported(`Column '${name}' (not in this system table)`, this.text, u);
      return row[name] ?? null;
    }
    if (u instanceof SqlLiteral) return u.value instanceof Date ? u.value.toISOString() : typeof u.value === 'bigint' ? Number(u.value) : u.value;
    return unsupported(`The expression [${u.toString().trim()}] on a system table`, this.text, u);
  }

  /** SQL truth: true, false, or null (unknown). */
  test(e: SqlExpression, row: Row): boolean | null {
    if (e instanceof SqlMulti && (e.op === 'AND' || e.op === 'OR')) {
      const vs = e.getArgArray().map((a) => this.test(a, row));
      if (e.op === 'AND') return vs.includes(false) ? false : vs.includes(null) ? null : true;
      return vs.includes(true) ? true : vs.includes(null) ? null : false;
    }
    if (e instanceof SqlUnary && e.op === 'NOT') {
      const v = this.test(e.argument, row);
      return v === null ? null : !v;
    }
    if (!(e instanceof SqlComparison)) return unsupported(`The condition [${e.toString().trim()}] on a system table`, this.text, e);
    const l = this.value(e.lhs, row);
    switch (e.op) {
      case 'IS':
      case 'IS NOT':
        return (l === null) === (e.op === 'IS');
      case 'IN':
      case 'NOT IN': {
        if (l === null) return null;
        const list = (e.rhs instanceof SqlRecord ? e.rhs.expressions?.values ?? [] : []).map((x) => this.value(x, row));
        const hit = list.some((x) => x === l);
        return e.op === 'IN' ? hit : !hit;
      }
      case 'LIKE':
      case 'NOT LIKE': {
        const [p, esc] = e.rhs instanceof SqlLikePart ? [this.value(e.rhs.like, row), this.value(e.rhs.escape, row)] : [this.value(e.rhs as SqlExpression, row), undefined];
        if (l === null || p === null) return null;
        const m = likeRegex(String(p), esc === undefined || esc === null ? undefined : String(esc)).test(String(l));
        return e.op === 'LIKE' ? m : !m;
      }
      default: {
        const r = this.value(e.rhs as SqlExpression, row);
        if (l === null || r === null) return null;
        switch (e.op) {
          case '=': return l === r;
          case '<>': return l !== r;
          case '<': return l < r;
          case '>': return l > r;
          case '<=': return l <= r;
          case '>=': return l >= r;
          default: return unsupported(`The operator ${e.op} on a system table`, this.text, e);
        }
      }
    }
  }
}

/** Runs a SELECT over one system table (`schema.table`) of the tenant's data sources. */
export function systemTableAnswer(q: SqlQuery, text: string, qualified: string, sources: readonly DataSourceColumns[]): SqlAnswer {
  const table = tables(sources)[qualified];
  if (!table) unsupported(`The system table ${qualified}`, text, q.fromClause);
  if (q.groupByClause || q.havingClause) {
    // the sys tables are empty: a grouping over them has no groups (the console's data source views ask this)
    if (table.rows.length > 0) unsupported('GROUP BY on an INFORMATION_SCHEMA table', text, q.groupByClause ?? q.havingClause);
    return { columns: q.getSelectExpressionsArray().map((n, i) => ({ name: n.getOutputName() ?? `EXPR$${i}`, type: V, sqlType: 'VARCHAR' })), rows: [] };
  }
  const ev = new Evaluator(text, table);
  const items = q.getSelectExpressionsArray().flatMap((node): { name: string; expr: SqlExpression | null; node: SqlExpression }[] =>
    node instanceof SqlStar ? table.columns.map(([name]) => ({ name, expr: SqlColumn.create(name), node })) : [{ name: node.getOutputName() ?? node.toString().trim(), expr: node, node }],
  );
  const where = q.getWhereExpression();
  let rows = table.rows.filter((r) => !where || ev.test(where, r) === true);
  const order = q.orderByClause?.expressions.values ?? [];
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const [x, y] = [ev.value(o.expression, a), ev.value(o.expression, b)];
        const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        if (c !== 0) return o.getEffectiveDirection() === 'DESC' ? -c : c;
      }
      return 0;
    });
  }
  const { limit, offset } = ownLimits(q, text);
  rows = rows.slice(offset, limit === null ? undefined : offset + limit);
  const typeOf = (e: SqlExpression): NativeType => {
    const u = e.getUnderlyingExpression();
    return (u instanceof SqlColumn ? table.columns.find(([c]) => c === u.getName())?.[1] : undefined) ?? V;
  };
  return {
    columns: items.map((i) => {
      const type = i.expr ? typeOf(i.expr) : V;
      return { name: i.name, type, sqlType: type === 'LONG' ? 'BIGINT' : 'VARCHAR' };
    }),
    rows: rows.map((r) => items.map((i) => (i.expr ? ev.value(i.expr, r) : null))),
  };
}
