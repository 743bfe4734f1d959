/**
 * The `__time` conditions of a WHERE (its top-level conjuncts) → one [start, end) range in epoch
 * ms, which becomes the native query's intervals, as Druid's planner does. Timestamps are
 * `TIMESTAMP '…'` literals, strings (cast to TIMESTAMP), epoch-ms numbers and
 * `CURRENT_TIMESTAMP ± INTERVAL 'n' UNIT`; wall-clock text reads in the request's `sqlTimeZone`.
 */
import { SqlComparison, SqlFunction, SqlInterval, SqlLiteral, SqlMulti, type SqlBase, type SqlExpression } from 'druid-query-toolkit';
import { fromWall } from '../../../src/util/zoned.js';
import { offsetOf, sqlError, unsupported } from './syntax.js';
import { isTime, type Scope } from './scope.js';

export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The instants a native interval can print: years 0000 to 9999. */
const FIRST_MS = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const LAST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

function wallToMs(textValue: string, timeZone: string): number | undefined {
  const m = WALL.exec(textValue.trim());
  if (!m) {
    const iso = Date.parse(textValue);
    return Number.isFinite(iso) && /[zZ]|[+-]\d\d:?\d\d$/.test(textValue.trim()) ? iso : undefined;
  }
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return fromWall(n(1), n(2), n(3), n(4), n(5), n(6), m[7] ? Number(m[7].padEnd(3, '0')) : 0, timeZone);
}

const UNIT_MS: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000 };

function shift(t: number, interval: SqlInterval, sign: 1 | -1, scope: Scope): number {
  const unit = (interval.unit ?? '').toUpperCase();
  const amount = Number(interval.intervalValue?.value);
  if (!Number.isFinite(amount)) throw sqlError('INTERVAL needs a number', scope.text, offsetOf(scope.text, interval));
  const ms = UNIT_MS[unit];
  if (ms !== undefined) return t + sign * amount * ms;
  if (unit === 'MONTH' || unit === 'YEAR') {
    const d = new Date(t);
    d.setUTCMonth(d.getUTCMonth() + sign * amount * (unit === 'YEAR' ? 12 : 1));
    return d.getTime();
  }
  return unsupported(`INTERVAL unit ${unit}`, scope.text, interval);
}

/** A timestamp value of a `__time` comparison, in epoch ms. */
export function instantOf(scope: Scope, node: SqlBase): number {
  if (node instanceof SqlLiteral) {
    const v = node.value;
    if (v instanceof Date) {
      const raw = (node.stringValue ?? '').replace(/^'|'$/g, '');
      return wallToMs(raw, scope.context.timeZone) ?? v.getTime();
    }
    if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
    if (typeof v === 'string') {
      const ms = wallToMs(v, scope.context.timeZone);
      if (ms === undefined) throw sqlError(`Cannot cast [${v}] to TIMESTAMP`, scope.text, offsetOf(scope.text, node));
      return ms;
    }
  }
  if (node instanceof SqlFunction && node.getEffectiveFunctionName() === 'CURRENT_TIMESTAMP') return Date.now();
  if (node instanceof SqlMulti && (node.op === '+' || node.op === '-')) {
    const [base, ...rest] = node.getArgArray();
    let t = instantOf(scope, base as SqlExpression);
    for (const r of rest) {
      if (!(r instanceof SqlInterval)) unsupported(`[${r.toString().trim()}] in a __time condition (an INTERVAL is expected)`, scope.text, r);
      t = shift(t, r, node.op === '+' ? 1 : -1, scope);
    }
    return t;
  }
  return unsupported(`The value [${node.toString().trim()}] in a __time condition`, scope.text, node);
}

const FLIP: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };

function intersect(a: TimeRange, start: number, end: number): TimeRange {
  return { start: Math.max(a.start, start), end: Math.min(a.end, end) };
}

function narrow(scope: Scope, r: TimeRange, c: SqlExpression): TimeRange {
  if (c instanceof SqlFunction && c.getEffectiveFunctionName() === 'TIME_IN_INTERVAL') {
    const [col, iv] = c.getArgArray();
    if (!col || !isTime(scope, col)) unsupported('TIME_IN_INTERVAL on a column other than __time', scope.text, c);
    const text = iv instanceof SqlLiteral && typeof iv.value === 'string' ? iv.value : undefined;
    const [a, b] = (text ?? '').split('/');
    const start = a === undefined ? undefined : wallToMs(a.replace('T', ' ').replace(/Z$/, ''), 'UTC');
    const end = b === undefined ? undefined : wallToMs(b.replace('T', ' ').replace(/Z$/, ''), 'UTC');
    if (start === undefined || end === undefined) throw sqlError(`TIME_IN_INTERVAL needs an ISO interval literal 'start/end'`, scope.text, offsetOf(scope.text, iv ?? c));
    return intersect(r, start, end);
  }
  if (c instanceof SqlComparison && c.op === 'BETWEEN' && isTime(scope, c.lhs)) {
    const part = c.rhs as unknown as { start: SqlExpression; end: SqlExpression };
    return intersect(r, instantOf(scope, part.start), instantOf(scope, part.end) + 1);
  }
  if (c instanceof SqlComparison && FLIP[c.op] !== undefined) {
    // `__time op value`, or `value op __time` read the other way round
    const left = isTime(scope, c.lhs);
    const right = !left && isTime(scope, c.rhs);
    if (left || right) {
      const op = left ? c.op : (FLIP[c.op] as string);
      const t = instantOf(scope, left ? c.rhs : c.lhs);
      if (op === '>=') return intersect(r, t, Infinity);
      if (op === '>') return intersect(r, t + 1, Infinity);
      if (op === '<') return intersect(r, -Infinity, t);
      if (op === '<=') return intersect(r, -Infinity, t + 1);
      return intersect(r, t, t + 1);
    }
  }
  return unsupported(`The __time condition [${c.toString().trim()}] (a comparison of __time with a timestamp, BETWEEN or TIME_IN_INTERVAL, joined by AND at the top of WHERE, is supported)`, scope.text, c);
}

export function timeRangeOf(scope: Scope, conjuncts: readonly SqlExpression[]): TimeRange {
  let r: TimeRange = { start: FIRST_MS, end: LAST_MS };
  for (const c of conjuncts) r = narrow(scope, r, c);
  return { start: Math.max(FIRST_MS, r.start), end: Math.min(LAST_MS, r.end) };
}

/** The range as native intervals: one ISO interval, or none matching when it is empty. */
export function intervalsOf(r: TimeRange): string[] {
  const iso = (t: number) => new Date(t).toISOString().replace(/^\+0*(\d{4})/, '$1');
  return [`${iso(r.start)}/${iso(Math.max(r.start, r.end))}`];
}
