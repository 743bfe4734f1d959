/**
 * Native answers → Druid SQL rows, values coerced to their SQL types (BIGINT integral, TIMESTAMP
 * as ISO text in `sqlTimeZone`, NaN and infinities as null), and the rows → each `resultFormat`
 * with its header rows, content type and trailing newline, as Druid writes them.
 */
import { printInstant } from '../time.js';
import type { OutColumn, SqlPlan } from './plan-types.js';
import type { ResultFormat, SqlRequest } from './request.js';

export type SqlValue = string | number | boolean | null;

/** A SQL answer before encoding: its columns and rows (cached and formatted once per request). */
export interface SqlAnswer {
  readonly columns: readonly Pick<OutColumn, 'name' | 'type' | 'sqlType'>[];
  readonly rows: readonly (readonly SqlValue[])[];
}

type NativeRow = { readonly timestamp?: string; readonly values: Readonly<Record<string, unknown>> };

/** The rows of a formatted native answer, whatever its query type. */
function nativeRows(shape: SqlPlan['shape'], answer: unknown): NativeRow[] {
  const list = Array.isArray(answer) ? (answer as Record<string, unknown>[]) : [];
  switch (shape) {
    case 'groupBy':
      return list.map((r) => ({ timestamp: r.timestamp as string, values: r.event as Record<string, unknown> }));
    case 'timeseries':
      return list.map((r) => ({ timestamp: r.timestamp as string, values: r.result as Record<string, unknown> }));
    case 'scan':
      return list.flatMap((segment) => (segment.events as Record<string, unknown>[]).map((values) => ({ values })));
  }
}

function coerce(v: unknown, c: OutColumn, timeZone: string): SqlValue {
  if (v === null || v === undefined) return null;
  switch (c.sqlType) {
    case 'TIMESTAMP': {
      const t = typeof v === 'number' ? v : Date.parse(String(v));
      return Number.isFinite(t) ? printInstant(t, timeZone) : null;
    }
    case 'BIGINT': {
      const n = Number(v);
      return Number.isFinite(n) ? Math.trunc(n) : null;
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case 'VARCHAR':
      return typeof v === 'string' ? v : String(v);
  }
}

export function sqlAnswer(plan: SqlPlan, nativeAnswer: unknown, timeZone: string): SqlAnswer {
  let rows = nativeRows(plan.shape, nativeAnswer).map((r) =>
    plan.columns.map((c) => coerce(c.read.from === 'timestamp' ? r.timestamp : r.values[c.read.native], c, timeZone)),
  );
  if (plan.slice) rows = rows.slice(plan.slice.offset, plan.slice.limit === null ? undefined : plan.slice.offset + plan.slice.limit);
  return { columns: plan.columns.map(({ name, type, sqlType }) => ({ name, type, sqlType })), rows };
}

export interface Encoded {
  readonly contentType: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
}

const CONTENT_TYPES: Record<ResultFormat, string> = {
  object: 'application/json',
  array: 'application/json',
  objectLines: 'text/plain',
  arrayLines: 'text/plain',
  csv: 'text/csv',
};

function csvField(v: SqlValue | string): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV line; a lone empty field is quoted, as Druid does, so the row is not read as the closing blank line. */
function csvLine(r: readonly (SqlValue | string)[]): string {
  return r.length === 1 && (r[0] === null || r[0] === '') ? '""' : r.map(csvField).join(',');
}

/** The answer in the request's format, with Druid's header rows and response headers. */
export function encode(answer: SqlAnswer, req: SqlRequest, queryId: string): Encoded {
  const names = answer.columns.map((c) => c.name);
  const arrays: (readonly (SqlValue | string)[])[] = [];
  if (req.header) {
    arrays.push(names);
    if (req.typesHeader) arrays.push(answer.columns.map((c) => c.type));
    if (req.sqlTypesHeader) arrays.push(answer.columns.map((c) => c.sqlType));
  }
  const headerObject = (): Record<string, unknown> =>
    Object.fromEntries(answer.columns.map((c) => [c.name, req.typesHeader || req.sqlTypesHeader ? { ...(req.typesHeader ? { type: c.type } : {}), ...(req.sqlTypesHeader ? { sqlType: c.sqlType } : {}) } : null]));
  const objects = (): Record<string, unknown>[] => [
    ...(req.header ? [headerObject()] : []),
    ...answer.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null]))),
  ];
  let text: string;
  switch (req.resultFormat) {
    case 'object':
      text = JSON.stringify(objects());
      break;
    case 'array':
      text = JSON.stringify([...arrays, ...answer.rows]);
      break;
    case 'objectLines':
      text = `${objects().map((o) => `${JSON.stringify(o)}\n`).join('')}\n`;
      break;
    case 'arrayLines':
      text = `${[...arrays, ...answer.rows].map((r) => `${JSON.stringify(r)}\n`).join('')}\n`;
      break;
    case 'csv':
      text = `${[...arrays, ...answer.rows].map((r) => `${csvLine(r)}\n`).join('')}\n`;
      break;
  }
  return {
    contentType: CONTENT_TYPES[req.resultFormat],
    text,
    headers: { 'X-Druid-SQL-Query-Id': queryId, ...(req.header ? { 'X-Druid-SQL-Header-Included': 'yes' } : {}) },
  };
}
