/**
 * Druid's time model: ISO-8601 instants, periods and intervals (Joda's parsing: no zone means UTC),
 * granularities, bucket starts in UTC or a zone, and timestamps printed as Druid prints them
 * (milliseconds, `Z` or the zone's offset).
 */
import type { DateHistogramKey, TermsKey } from '../../src/ir/nodes.js';
import { fromWall, isTimeZone, offsetMinutes, wallClock } from '../../src/util/zoned.js';
import type { Granularity, Interval, Period } from './types.js';

const INSTANT = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** The instants a JavaScript Date (and so this proxy) can hold: ±8.64e15 ms around 1970, about ±273,790 years. */
export const MAX_INSTANT_MS = 8.64e15;

/** A valid ISO-8601 instant, or undefined (month 13, 31 February, hour 24 and offsets past ±18:00 are not). */
export function parseInstant(s: string): number | undefined {
  const m = INSTANT.exec(s.trim());
  if (!m) return undefined;
  const n = (i: number, d = 0) => (m[i] === undefined ? d : Number(m[i]));
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999
  const d = new Date(Date.UTC(2000, n(2, 1) - 1, n(3, 1), n(4), n(5), n(6), ms));
  d.setUTCFullYear(n(1));
  const valid = d.getUTCFullYear() === n(1) && d.getUTCMonth() === n(2, 1) - 1 && d.getUTCDate() === n(3, 1) && d.getUTCHours() === n(4) && d.getUTCMinutes() === n(5) && d.getUTCSeconds() === n(6);
  const base = d.getTime();
  if (!valid || Number.isNaN(base)) return undefined;
  const z = m[8];
  if (!z || z === 'Z') return base;
  const sign = z.startsWith('-') ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || 0)];
  if (hours > 18 || minutes > 59) return undefined;
  return base - sign * (hours * 60 + minutes) * 60_000;
}

export function parsePeriod(s: string): Period | undefined {
  const m = PERIOD.exec(s.trim());
  if (!m || s.trim() === 'P' || s.trim().endsWith('T')) return undefined;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const secs = n(7);
  // a period longer than any instant span is no period: its arithmetic would leave the safe range
  const roughMs = ((((n(1) * 366 + n(2) * 31 + n(3) * 7 + n(4)) * 24 + n(5)) * 60 + n(6)) * 60 + secs) * 1000;
  if (!(roughMs <= 2 * MAX_INSTANT_MS)) return undefined;
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: Math.trunc(secs), millis: Math.round((secs % 1) * 1000) };
}

/** Adds a period in UTC (Joda's ISO chronology in UTC, as interval arithmetic does). */
export function addPeriod(t: number, p: Period, sign: 1 | -1 = 1): number {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() + sign * p.years, d.getUTCMonth() + sign * p.months);
  return d.getTime() + sign * (((p.weeks * 7 + p.days) * 24 + p.hours) * 3_600_000 + p.minutes * 60_000 + p.seconds * 1000 + p.millis);
}

/** An interval whose ends are valid instants in the representable range, or undefined. */
export function parseInterval(s: string): Interval | undefined {
  const iv = parseIntervalText(s);
  const ok = (t: number) => Number.isFinite(t) && Math.abs(t) <= MAX_INSTANT_MS;
  return iv && ok(iv.start) && ok(iv.end) ? iv : undefined;
}

function parseIntervalText(s: string): Interval | undefined {
  const [a, b, extra] = s.split('/');
  if (a === undefined || b === undefined || extra !== undefined) return undefined;
  if (a.startsWith('P')) {
    const p = parsePeriod(a);
    const end = parseInstant(b);
    return p && end !== undefined ? { start: addPeriod(end, p, -1), end } : undefined;
  }
  const start = parseInstant(a);
  if (start === undefined) return undefined;
  if (b.startsWith('P')) {
    const p = parsePeriod(b);
    return p ? { start, end: addPeriod(start, p) } : undefined;
  }
  const end = parseInstant(b);
  return end !== undefined && end >= start ? { start, end } : undefined;
}

const SIMPLE: Record<string, string> = {
  second: 'PT1S', minute: 'PT1M', five_minute: 'PT5M', ten_minute: 'PT10M', fifteen_minute: 'PT15M',
  thirty_minute: 'PT30M', hour: 'PT1H', six_hour: 'PT6H', eight_hour: 'PT8H', day: 'P1D', week: 'P1W',
  month: 'P1M', quarter: 'P3M', year: 'P1Y',
};

/** A granularity from a simple name, or undefined. */
export function simpleGranularity(name: string): Granularity | undefined {
  const n = name.toLowerCase();
  if (n === 'all') return { kind: 'all' };
  if (n === 'none') return { kind: 'none' };
  const text = SIMPLE[n];
  return text ? { kind: 'period', period: parsePeriod(text) as Period, timeZone: 'UTC', text } : undefined;
}

export { isTimeZone };

type Calendar = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A period that is one calendar unit, or its fixed length, or neither (months that are not 1, 3 or 12). */
function shape(p: Period): { calendar: Calendar } | { fixedMs: number } | undefined {
  const units = Object.entries(p).filter(([, v]) => v !== 0);
  if (units.length === 0) return undefined;
  if (units.length === 1) {
    const [[unit, v]] = units as [[keyof Period, number]];
    if (unit === 'years' && v === 1) return { calendar: 'year' };
    if (unit === 'months' && v === 1) return { calendar: 'month' };
    if (unit === 'months' && v === 3) return { calendar: 'quarter' };
    if (unit === 'months' && v === 12) return { calendar: 'year' };
    if (unit === 'weeks' && v === 1) return { calendar: 'week' };
    if (unit === 'days' && v === 1) return { calendar: 'day' };
    if (unit === 'hours' && v === 1) return { calendar: 'hour' };
    if (unit === 'minutes' && v === 1) return { calendar: 'minute' };
  }
  if (p.years !== 0 || p.months !== 0) return undefined;
  return { fixedMs: (((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60_000 + p.seconds * 1000 + p.millis };
}

export function supportedPeriod(p: Period): boolean {
  return shape(p) !== undefined;
}

/** Start of the calendar unit containing t, in the zone. */
function floorCalendar(t: number, unit: Calendar, tz: string): number {
  const w = wallClock(t, tz);
  switch (unit) {
    case 'minute': return fromWall(w.year, w.month, w.day, w.hour, w.minute, 0, 0, tz);
    case 'hour': return fromWall(w.year, w.month, w.day, w.hour, 0, 0, 0, tz);
    case 'day': return fromWall(w.year, w.month, w.day, 0, 0, 0, 0, tz);
    case 'week': {
      const dow = (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7;
      const monday = new Date(Date.UTC(w.year, w.month - 1, w.day - dow));
      return fromWall(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), 0, 0, 0, 0, tz);
    }
    case 'month': return fromWall(w.year, w.month, 1, 0, 0, 0, 0, tz);
    case 'quarter': return fromWall(w.year, Math.floor((w.month - 1) / 3) * 3 + 1, 1, 0, 0, 0, 0, tz);
    case 'year': return fromWall(w.year, 1, 1, 0, 0, 0, 0, tz);
  }
}

function nextCalendar(start: number, unit: Calendar, tz: string): number {
  const w = wallClock(start, tz);
  switch (unit) {
    case 'minute': return start + 60_000;
    case 'hour': return start + 3_600_000;
    case 'day': return fromWall(w.year, w.month, w.day + 1, w.hour, w.minute, 0, 0, tz);
    case 'week': return fromWall(w.year, w.month, w.day + 7, w.hour, w.minute, 0, 0, tz);
    case 'month': return fromWall(w.year, w.month + 1, w.day, w.hour, w.minute, 0, 0, tz);
    case 'quarter': return fromWall(w.year, w.month + 3, w.day, w.hour, w.minute, 0, 0, tz);
    case 'year': return fromWall(w.year + 1, w.month, w.day, w.hour, w.minute, 0, 0, tz);
  }
}

/** The bucket offset an origin gives: how far the origin lies past its own bucket start. */
function offsetOf(g: Extract<Granularity, { kind: 'period' | 'duration' }>): number {
  if (g.kind === 'duration') return ((g.originMs % g.ms) + g.ms) % g.ms;
  if (g.originMs === undefined) return 0;
  const s = shape(g.period);
  if (!s) return 0;
  if ('calendar' in s) return g.originMs - floorCalendar(g.originMs, s.calendar, g.timeZone);
  return ((g.originMs % s.fixedMs) + s.fixedMs) % s.fixedMs;
}

/** The IR group key for a granularity (none for `all`). */
export function timeKey(g: Granularity, name: string, field: string): DateHistogramKey | TermsKey | undefined {
  switch (g.kind) {
    case 'all':
      return undefined;
    case 'none':
      return { kind: 'terms', name, field, missing: 'exclude' };
    case 'duration':
      return { kind: 'dateHistogram', name, field, interval: { fixedMs: g.ms }, timeZone: 'UTC', missing: 'exclude', ...(offsetOf(g) ? { offsetMs: offsetOf(g) } : {}) };
    case 'period': {
      const s = shape(g.period) as { calendar: Calendar } | { fixedMs: number };
      const offset = offsetOf(g);
      return { kind: 'dateHistogram', name, field, interval: s, timeZone: g.timeZone, missing: 'exclude', ...(offset ? { offsetMs: offset } : {}) };
    }
  }
}

/** Shortest length of each calendar unit in any zone (a DST day is 23 hours, February 28 days). */
const MIN_CALENDAR_MS: Record<Calendar, number> = {
  minute: 60_000, hour: 3_600_000, day: 23 * 3_600_000, week: (7 * 24 - 1) * 3_600_000,
  month: (28 * 24 - 1) * 3_600_000, quarter: (89 * 24 - 1) * 3_600_000, year: (365 * 24 - 1) * 3_600_000,
};

/** At least as many buckets as bucketStarts(g, iv) gives, computed without generating them. */
export function seriesLengthBound(g: Granularity, iv: Interval): number {
  if (g.kind === 'all' || g.kind === 'none') return 0;
  const s = g.kind === 'duration' ? { fixedMs: g.ms } : (shape(g.period) as { calendar: Calendar } | { fixedMs: number });
  const unit = 'fixedMs' in s ? s.fixedMs : MIN_CALENDAR_MS[s.calendar];
  // +2: the bucket holding the start, and one more a zone's offset change may add
  return Math.floor((iv.end - iv.start) / unit) + 2;
}

/**
 * Every bucket start from the bucket holding `start` up to `end` (timeseries zero-filling). No cap:
 * the length was bounded before the query ran (seriesLengthBound against limits.maxBuckets), and a
 * cut series would be a partial answer presented as whole.
 */
export function bucketStarts(g: Granularity, iv: Interval): number[] {
  return [...eachBucketStart(g, iv)];
}

/** bucketStarts one at a time, in ascending order, so a long series can be walked in slices. */
export function* eachBucketStart(g: Granularity, iv: Interval): Generator<number> {
  if (g.kind === 'all' || g.kind === 'none') return;
  if (g.kind === 'duration') {
    const off = offsetOf(g);
    for (let t = Math.floor((iv.start - off) / g.ms) * g.ms + off; t < iv.end; t += g.ms) yield t;
    return;
  }
  const s = shape(g.period) as { calendar: Calendar } | { fixedMs: number };
  const off = offsetOf(g);
  if ('fixedMs' in s) {
    const local = iv.start + offsetMinutes(iv.start, g.timeZone) * 60_000;
    let b = Math.floor((local - off) / s.fixedMs) * s.fixedMs + off;
    for (; ; b += s.fixedMs) {
      const t = b - offsetMinutes(b, g.timeZone) * 60_000;
      if (t >= iv.end) break;
      yield t;
    }
    return;
  }
  for (let t = floorCalendar(iv.start - off, s.calendar, g.timeZone) + off; t < iv.end; t = nextCalendar(t - off, s.calendar, g.timeZone) + off) yield t;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Druid's timestamp text: `2011-04-01T00:00:00.000Z`, or local time with the zone's offset.
 * Padded by hand: a 479,000-day series spent seconds in padStart and toISOString.
 */
export function printTimestamp(t: number, g: Granularity): string {
  return printInstant(t, g.kind === 'period' ? g.timeZone : 'UTC');
}

/** An instant as Druid prints it in a zone (Druid SQL's TIMESTAMP values in `sqlTimeZone`). */
export function printInstant(t: number, tz: string): string {
  const w = wallClock(t, tz);
  const off = w.offset === 0 ? 'Z' : `${w.offset < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(w.offset) / 60))}:${pad2(Math.abs(w.offset) % 60)}`;
  const year = w.year >= 1000 ? `${w.year}` : String(w.year).padStart(4, '0');
  return `${year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}.${pad3(w.millisecond)}${off}`;
}
