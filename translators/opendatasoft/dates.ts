/**
 * Datetimes as Opendatasoft prints and reads them: ISO 8601 with whole seconds (milliseconds only
 * when there are some) and the offset of the request's `timezone` (`+00:00` in UTC,
 * `2016-07-15T02:00:00+02:00` in Europe/Paris); a date or datetime written without an offset in a
 * query means that wall time in the request's zone.
 */
import { fromWall, isUtcZone, offsetMinutes } from '../../src/util/zoned.js';

const pad = (n: number): string => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** An instant as Opendatasoft prints it in `timeZone` (UTC when not given). */
export function isoDate(ms: number, timeZone = 'UTC'): string {
  const off = isUtcZone(timeZone) || !Number.isFinite(ms) ? 0 : offsetMinutes(ms, timeZone);
  const d = new Date(ms + off * 60_000);
  // past the Date range (±8.64e15 ms) there is no calendar date to print
  if (Number.isNaN(d.getTime())) return String(ms);
  const local = d.toISOString().replace(/\.000Z$/, '').replace(/Z$/, '');
  return `${local}${offsetText(off)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * A query's date text as the instant the engine compares: unchanged in UTC or when it states its
 * own offset (`Z`, `+02:00`); a wall time without one is read in `timeZone`.
 */
export function inZone(text: string, timeZone: string): string {
  if (isUtcZone(timeZone)) return text;
  const m = LOCAL.exec(text.trim());
  if (!m) return text;
  const n = (i: number): number => Number(m[i] ?? 0);
  const ms = fromWall(n(1), n(2), n(3), n(4), n(5), n(6), m[7] ? Number(m[7].padEnd(3, '0')) : 0, timeZone);
  return new Date(ms).toISOString();
}

/** The instant a wall time of `timeZone` names (month 1–12; fields past their range carry over). */
export function wallInstant(timeZone: string, year: number, month = 1, day = 1, hour = 0, minute = 0, second = 0): number {
  return fromWall(year, month, day, hour, minute, second, 0, timeZone);
}
