/**
 * The body of `POST /druid/v2/sql` → a typed request: Druid's keys (`query`, `resultFormat`,
 * `header`, `typesHeader`, `sqlTypesHeader`, `parameters`, `context`), each checked, an unknown
 * one a 400 naming it. Context keys are implemented, accepted on purpose without effect (caching and
 * scheduling hints of a Druid cluster: the list below), or refused by name.
 */
import { CONTEXT_WITHOUT_EFFECT as NATIVE_WITHOUT_EFFECT } from '../context.js';
import { fail, isObj, str, type Json } from '../parse-common.js';
import { isTimeZone } from '../time.js';

export type ResultFormat = 'object' | 'array' | 'objectLines' | 'arrayLines' | 'csv';
export type ParameterValue = string | number | boolean | null;

export interface SqlParameter {
  readonly type: string;
  readonly value: ParameterValue;
}

export interface SqlContext {
  readonly timeZone: string;
  readonly queryId: string | undefined;
  readonly timeoutMs: number | undefined;
  /** `useApproximateCountDistinct` (Druid's default: true) */
  readonly approximateCountDistinct: boolean;
  /** `sqlOuterLimit`: the Druid console's cap on the rows of an unlimited SELECT */
  readonly outerLimit: number | undefined;
}

export interface SqlRequest {
  readonly query: string;
  readonly resultFormat: ResultFormat;
  readonly header: boolean;
  readonly typesHeader: boolean;
  readonly sqlTypesHeader: boolean;
  readonly parameters: readonly SqlParameter[];
  readonly context: SqlContext;
}

const FORMATS: ReadonlySet<string> = new Set(['object', 'array', 'objectLines', 'arrayLines', 'csv']);
const BODY_KEYS: ReadonlySet<string> = new Set(['query', 'resultFormat', 'header', 'typesHeader', 'sqlTypesHeader', 'parameters', 'context']);
/** The native list (context.ts: caching, scheduling, vectorizing; README) plus what only Druid SQL reads. */
export const CONTEXT_WITHOUT_EFFECT: ReadonlySet<string> = new Set([...NATIVE_WITHOUT_EFFECT, 'executionMode', 'engine', 'sqlStringifyArrays', 'enableWindowing']);
const CONTEXT_KEYS: ReadonlySet<string> = new Set(['sqlTimeZone', 'sqlQueryId', 'timeout', 'useApproximateCountDistinct', 'sqlOuterLimit']);
/** The longest SQL text accepted (the parser's work grows with it). */
export const MAX_SQL_CHARS = 100_000;
const MAX_TIMEOUT_MS = 2_147_483_647;

function flag(v: Json, at: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(`${at.slice(1)} must be true or false`, at);
  return v;
}

function parameter(v: Json, i: number): SqlParameter {
  const at = `/parameters/${i}`;
  if (!isObj(v)) fail('a parameter must be an object {"type": ..., "value": ...}', at);
  for (const k of Object.keys(v)) if (k !== 'type' && k !== 'value') fail(`Unrecognized field "${k}" in a parameter`, `${at}/${k}`);
  const type = str(v.type, `${at}/type`, 'a SQL type name').toUpperCase();
  const value = v.value === undefined ? null : v.value;
  if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    fail('a parameter value must be a string, number, boolean or null (arrays are not supported here)', `${at}/value`);
  }
  return { type, value };
}

function context(v: Json): SqlContext {
  if (v !== undefined && v !== null && !isObj(v)) fail('context must be an object', '/context');
  const c = isObj(v) ? v : {};
  for (const k of Object.keys(c)) {
    if (!CONTEXT_KEYS.has(k) && !CONTEXT_WITHOUT_EFFECT.has(k)) fail(`Unsupported context parameter [${k}]`, `/context/${k}`);
  }
  const timeZone = c.sqlTimeZone === undefined ? 'UTC' : str(c.sqlTimeZone, '/context/sqlTimeZone', 'a time zone');
  if (!isTimeZone(timeZone)) fail(`Invalid sqlTimeZone [${timeZone}]`, '/context/sqlTimeZone');
  const timeout = c.timeout === undefined ? undefined : Number(c.timeout);
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT_MS)) fail('context.timeout must be a non-negative number of milliseconds', '/context/timeout');
  const approx = c.useApproximateCountDistinct;
  if (approx !== undefined && typeof approx !== 'boolean') fail('useApproximateCountDistinct must be true or false', '/context/useApproximateCountDistinct');
  const outer = c.sqlOuterLimit;
  if (outer !== undefined && (typeof outer !== 'number' || !Number.isInteger(outer) || outer < 0)) fail('sqlOuterLimit must be a non-negative integer', '/context/sqlOuterLimit');
  return {
    timeZone,
    queryId: c.sqlQueryId === undefined ? undefined : str(c.sqlQueryId, '/context/sqlQueryId', 'a query id'),
    timeoutMs: timeout === 0 ? undefined : timeout,
    approximateCountDistinct: approx !== false,
    outerLimit: outer as number | undefined,
  };
}

export function parseSqlRequest(body: Json): SqlRequest {
  // the text format: the body is the SQL itself, answered as `object`
  if (typeof body === 'string') return parseSqlRequest({ query: body.trim() });
  if (!isObj(body)) fail('the request body must be a JSON object with a "query"', '');
  for (const k of Object.keys(body)) if (!BODY_KEYS.has(k)) fail(`Unrecognized field "${k}"`, `/${k}`);
  const query = str(body.query, '/query', 'the SQL text');
  if (query.length > MAX_SQL_CHARS) fail(`query must be at most ${MAX_SQL_CHARS} characters`, '/query');
  const resultFormat = body.resultFormat ?? 'object';
  if (typeof resultFormat !== 'string' || !FORMATS.has(resultFormat)) fail('resultFormat must be one of object, array, objectLines, arrayLines, csv', '/resultFormat');
  const header = flag(body.header, '/header');
  const typesHeader = flag(body.typesHeader, '/typesHeader');
  const sqlTypesHeader = flag(body.sqlTypesHeader, '/sqlTypesHeader');
  if ((typesHeader || sqlTypesHeader) && !header) fail(`${typesHeader ? 'typesHeader' : 'sqlTypesHeader'} can only be set when header is also true`, typesHeader ? '/typesHeader' : '/sqlTypesHeader');
  const raw = body.parameters ?? [];
  if (!Array.isArray(raw)) fail('parameters must be a list', '/parameters');
  return { query, resultFormat: resultFormat as ResultFormat, header, typesHeader, sqlTypesHeader, parameters: raw.map(parameter), context: context(body.context) };
}
