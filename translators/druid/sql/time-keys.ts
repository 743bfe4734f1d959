/**
 * The time bucketing functions of a GROUP BY → a native granularity: `TIME_FLOOR(__time, period
 * [, NULL, zone])`, `FLOOR(__time TO unit)`, `DATE_TRUNC('unit', __time)`, and `__time` itself
 * (granularity `none`). The bucket's start is the row's native timestamp.
 */
import { SqlFunction, SqlLiteral, type SqlExpression } from 'druid-query-toolkit';
import { isTimeZone, parsePeriod } from '../time.js';
import { druidTimeUnits } from '../time-parts.js';
import { isTime, type Scope } from './scope.js';
import { offsetOf, sqlError, unsupported, unsupportedError } from './syntax.js';
import { record, sqlCollector } from './collect.js';

export type NativeGranularity = { readonly type: 'period'; readonly period: string; readonly timeZone: string } | 'none';

const UNITS: Readonly<Record<string, string>> = {
  SECOND: 'PT1S', MINUTE: 'PT1M', HOUR: 'PT1H', DAY: 'P1D', WEEK: 'P1W', MONTH: 'P1M', QUARTER: 'P3M', YEAR: 'P1Y',
};

const stringArg = (e: SqlExpression | undefined): string | undefined =>
  e instanceof SqlLiteral && typeof e.value === 'string' ? e.value : undefined;

/** The granularity a group key buckets time by, or undefined when it is no time bucket. */
export function timeBucketOf(scope: Scope, e: SqlExpression): NativeGranularity | undefined {
  const u = e.getUnderlyingExpression();
  if (isTime(scope, u)) return 'none';
  if (!(u instanceof SqlFunction)) return undefined;
  const fn = u.getEffectiveFunctionName();
  const args = u.getArgArray();
  const zone = scope.context.timeZone;
  const period = (p: string | undefined, tz: string, at: SqlExpression | undefined): NativeGranularity => {
    if (p === undefined || parsePeriod(p) === undefined) throw sqlError(`Invalid period [${p ?? (at?.toString().trim() ?? '')}]: an ISO-8601 period like 'P1D' or 'PT1H' is expected`, scope.text, offsetOf(scope.text, at ?? u));
    return { type: 'period', period: p, timeZone: tz };
  };
  const onTime = (arg: SqlExpression | undefined): void => {
    if (!arg || !isTime(scope, arg)) unsupported(`${fn} of anything but __time`, scope.text, arg ?? u);
  };
  // the column, the origin, the zone and the period are each checked on their own
  const c = sqlCollector();
  const all = (...checks: (() => NativeGranularity | void)[]): NativeGranularity => {
    const out = checks.map((check) => c.attempt(check));
    c.throwIfAny();
    return out[out.length - 1] as NativeGranularity;
  };
  switch (fn) {
    case 'TIME_FLOOR': {
      const origin = args[2];
      const tz = args[3] === undefined ? zone : stringArg(args[3]);
      return all(
        () => onTime(args[0]),
        () => {
          if (origin !== undefined && !(origin instanceof SqlLiteral && origin.value === null)) unsupported('TIME_FLOOR with an origin', scope.text, origin);
        },
        () => {
          if (tz === undefined || !isTimeZone(tz)) throw sqlError(`Invalid time zone [${args[3]?.toString().trim()}]`, scope.text, offsetOf(scope.text, args[3] ?? u));
        },
        () => period(stringArg(args[1]), tz ?? zone, args[1]),
      );
    }
    case 'FLOOR': {
      if (args.length !== 2) return undefined;
      const unit = args[1]?.toString().trim().toUpperCase() ?? '';
      return all(() => onTime(args[0]), () => period(UNITS[unit], zone, args[1]));
    }
    case 'DATE_TRUNC': {
      const unit = (stringArg(args[0]) ?? '').toUpperCase();
      return all(() => onTime(args[1]), () => period(UNITS[unit], zone, args[0]));
    }
    default:
      return undefined;
  }
}

/**
 * `EXTRACT(unit FROM __time)` and `TIME_EXTRACT(__time, 'unit'[, zone])` → the native
 * `timestamp_extract` expression of a virtual column (unit and zone checked against closed lists,
 * so the generated text holds nothing of the request but them), or undefined for other expressions.
 */
export function timePartOf(scope: Scope, e: SqlExpression): string | undefined {
  const u = e.getUnderlyingExpression();
  if (!(u instanceof SqlFunction)) return undefined;
  const fn = u.getEffectiveFunctionName();
  if (fn !== 'EXTRACT' && fn !== 'TIME_EXTRACT') return undefined;
  const args = u.getArgArray();
  const [unitArg, col] = fn === 'EXTRACT' ? [args[0], args[1]] : [args[1], args[0]];
  // the column, the unit and the zone are each checked on their own
  const c = sqlCollector();
  if (!col || !isTime(scope, col)) record(c, unsupportedError(`${fn} of anything but __time`, scope.text, col ?? u));
  const unit = (fn === 'EXTRACT' ? unitArg?.toString().trim() : stringArg(unitArg))?.toUpperCase() ?? '';
  if (!druidTimeUnits().includes(unit)) record(c, unsupportedError(`${fn} unit [${unit}] (supported: ${druidTimeUnits().join(', ')})`, scope.text, unitArg ?? u));
  const tz = fn === 'TIME_EXTRACT' && args[2] !== undefined ? stringArg(args[2]) : scope.context.timeZone;
  if (tz === undefined || !isTimeZone(tz)) record(c, sqlError(`Invalid time zone [${args[2]?.toString().trim()}]`, scope.text, offsetOf(scope.text, args[2] ?? u)));
  c.throwIfAny();
  return `timestamp_extract("__time", '${unit}', '${tz}')`;
}
