/**
 * The `__time` conditions of a WHERE (its top-level conjuncts) → one [start, end) range in epoch
 * ms, which becomes the native query's intervals, as Druid's planner does. Timestamps are
 * `TIMESTAMP '…'` literals, strings (cast to TIMESTAMP), epoch-ms numbers and
 * `CURRENT_TIMESTAMP ± INTERVAL 'n' UNIT`; wall-clock text reads in the request's `sqlTimeZone`.
 */
import { SqlComparison, SqlFunction, SqlInterval, SqlLiteral, SqlMulti, type SqlBase, type SqlExpression } from 'druid-query-toolkit';
import { fromWall, wallClock } from '../../../src/util/zoned.js';
import { addPeriod, parseInstant, parsePeriod } from '../time.js';
import { offsetOf, sqlError, unsupported } from './syntax.js';
import { FLIPPED, isTime, type Scope } from './scope.js';
import type { Collector } from '../../../src/errors/collector.js';
import { record } from './collect.js';

export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The instants a native interval can print: years 0000 to 9999. */
const FIRST_MS = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const LAST_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** A side of an offset: only after a time of day (a date's `-12` is its day). */
const HAS_ZONE = /T\d.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * Timestamp text → epoch ms: validated as an ISO instant (`parseInstant`: no 31 February), a
 * space allowed for `T`; without an offset it is wall-clock time in `timeZone`.
 */
export function wallToMs(textValue: string, timeZone: string): number | undefined {
  const text = textValue.trim().replace(' ', 'T');
  const utc = parseInstant(text);
  if (utc === undefined || HAS_ZONE.test(text)) return utc;
  const d = new Date(utc);
  return fromWall(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds(), timeZone);
}

const UNIT_MS: Record<string, number> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000 };
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** t ± an INTERVAL; months and years on the wall clock of the zone, the day clamped to the month (Joda). */
function shift(t: number, interval: SqlInterval, sign: 1 | -1, scope: Scope): number {
  const unit = (interval.unit ?? '').toUpperCase();
  const amount = Number(interval.intervalValue?.value);
  if (!Number.isFinite(amount) || !Number.isInteger(amount)) throw sqlError('INTERVAL needs a whole number', scope.text, offsetOf(scope.text, interval));
  const ms = UNIT_MS[unit];
  if (ms !== undefined) return t + sign * amount * ms;
  if (unit === 'MONTH' || unit === 'YEAR') {
    const w = wallClock(t, scope.context.timeZone);
    const months = w.year * 12 + (w.month - 1) + sign * amount * (unit === 'YEAR' ? 12 : 1);
    const [year, month] = [Math.floor(months / 12), (((months % 12) + 12) % 12) + 1];
    if (Math.abs(year) > 200_000) return sign > 0 ? Infinity : -Infinity;
    return fromWall(year, month, Math.min(w.day, daysIn(year, month)), w.hour, w.minute, w.second, w.millisecond, scope.context.timeZone);
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

function intersect(a: TimeRange, start: number, end: number): TimeRange {
  return { start: Math.max(a.start, start), end: Math.min(a.end, end) };
}

function narrow(scope: Scope, r: TimeRange, c: SqlExpression): TimeRange {
  if (c instanceof SqlFunction && c.getEffectiveFunctionName() === 'TIME_IN_INTERVAL') {
    const [col, iv] = c.getArgArray();
    if (!col || !isTime(scope, col)) unsupported('TIME_IN_INTERVAL on a column other than __time', scope.text, c);
    const text = iv instanceof SqlLiteral && typeof iv.value === 'string' ? iv.value : '';
    const range = intervalIn(text, scope.context.timeZone);
    if (!range) throw sqlError(`TIME_IN_INTERVAL needs an ISO interval literal ('start/end', 'start/period' or 'period/end')`, scope.text, offsetOf(scope.text, iv ?? c));
    const { start, end } = range;
    return intersect(r, start, end);
  }
  if (c instanceof SqlComparison && c.op === 'BETWEEN' && isTime(scope, c.lhs)) {
    const part = c.rhs as unknown as { start: SqlExpression; end: SqlExpression; symmetric?: boolean };
    const [a, b] = [instantOf(scope, part.start), instantOf(scope, part.end)];
    // SYMMETRIC: whichever bound is lower
    const [lo, hi] = part.symmetric ? [Math.min(a, b), Math.max(a, b)] : [a, b];
    return intersect(r, lo, hi + 1);
  }
  if (c instanceof SqlComparison && c.op in FLIPPED && c.op !== '<>') {
    // `__time op value`, or `value op __time` read the other way round
    const left = isTime(scope, c.lhs);
    const right = !left && isTime(scope, c.rhs);
    if (left || right) {
      const op = left ? c.op : FLIPPED[c.op as keyof typeof FLIPPED];
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

/** An ISO interval whose offset-less instants are wall-clock time in the zone (as Druid reads it in the session zone). */
function intervalIn(text: string, timeZone: string): TimeRange | undefined {
  const [a, b, extra] = text.split('/');
  if (a === undefined || b === undefined || extra !== undefined) return undefined;
  const pa = a.startsWith('P') ? parsePeriod(a) : undefined;
  const pb = b.startsWith('P') ? parsePeriod(b) : undefined;
  const start = pa ? undefined : wallToMs(a, timeZone);
  const end = pb ? undefined : wallToMs(b, timeZone);
  if (pa && end !== undefined) return { start: addPeriod(end, pa, -1), end };
  if (pb && start !== undefined) return { start, end: addPeriod(start, pb) };
  return start !== undefined && end !== undefined && end >= start ? { start, end } : undefined;
}

const clamp = (t: number): number => Math.min(LAST_MS, Math.max(FIRST_MS, t));

/** The conjuncts' range; each conjunct on its own (a failed one is recorded in `c` and narrows nothing). */
export function timeRangeOf(scope: Scope, conjuncts: readonly SqlExpression[], c: Collector): TimeRange {
  let r: TimeRange = { start: FIRST_MS, end: LAST_MS };
  for (const x of conjuncts) r = c.attempt(() => narrow(scope, r, x)) ?? r;
  if (Number.isNaN(r.start) || Number.isNaN(r.end)) record(c, sqlError('A __time bound is not a valid timestamp', scope.text, 0));
  // bounds past what a timestamp can hold match nothing beyond them: clamped into range, never an error
  const [start, end] = [clamp(r.start), clamp(r.end)];
  return { start, end: Math.max(start, end) };
}

/** The range as the native intervals: one ISO interval (timeRangeOf keeps it within years 0000-9999, start ≤ end). */
export function intervalsOf(r: TimeRange): string[] {
  return [`${new Date(r.start).toISOString()}/${new Date(r.end).toISOString()}`];
}
