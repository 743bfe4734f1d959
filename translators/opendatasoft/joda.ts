/**
 * Joda-Time DateTimeFormat patterns (the letters Opendatasoft's date() documentation uses), parsed once and used twice: to decide
 * how the engine groups (a calendar interval when the pattern names one, else the calendar fields it
 * prints) and to print each group's key exactly as Joda would, in UTC with English names.
 *
 * Joda, not java.time: `Y` is year of era (java.time: week-based year), `x` the week-based year,
 * `e` the ISO day-of-week number, `yy` the two-digit year.
 */
import type { CalendarUnit, DatePart } from '../../src/ir/nodes.js';
import { SIGNIFICANCE, jodaPart, tokenizeJoda, type JodaToken, type PartValues } from '../../src/util/joda.js';
import { ExpressionError } from './syntax.js';
import { isUtcZone, offsetMinutes } from '../../src/util/zoned.js';

export { formatJoda, partsOfKey, type PartValues } from '../../src/util/joda.js';

export interface JodaPattern {
  readonly text: string;
  readonly tokens: readonly JodaToken[];
  /** the calendar fields the pattern prints, most significant first */
  readonly parts: readonly DatePart[];
  /** the calendar interval whose buckets the pattern tells apart exactly, if there is one */
  readonly unit?: CalendarUnit | 'second';
}

const LETTERS = new Set('GCYyxwEeDMdaKhHkmsSzZ');

/** Parses a pattern; offsets in errors are relative to the pattern text. */
export function parseJoda(text: string): JodaPattern {
  const read = tokenizeJoda(text, LETTERS);
  if ('error' in read) {
    throw new ExpressionError(read.error === 'unterminated' ? 'unterminated quoted text in the date format' : `illegal pattern component: ${text[read.offset] as string}`, read.offset);
  }
  const { tokens } = read;
  const used = new Set<DatePart>();
  for (const t of tokens) if ('letter' in t) {
    const p = jodaPart(t.letter, t.count);
    if (p) used.add(p);
  }
  const parts = SIGNIFICANCE.filter((p) => used.has(p));
  const unit = calendarUnit(used);
  return { text, tokens, parts, ...(unit ? { unit } : {}) };
}

const YEAR: readonly DatePart[] = ['era', 'centuryOfEra', 'yearOfEra', 'yearOfEraOfCentury', 'year', 'yearOfCentury'];
const WEEK: readonly DatePart[] = ['weekyear', 'weekyearOfCentury', 'weekOfWeekyear'];
const DAY: readonly DatePart[] = [...YEAR, 'month', ...WEEK, 'dayOfYear', 'day', 'dayOfWeek'];
const HOUR: readonly DatePart[] = [...DAY, 'halfday', 'hourOfHalfday', 'hour'];
/** For each interval: the fields constant within one of its buckets, and whether `p` tells its buckets apart. */
const UNITS: readonly { unit: CalendarUnit | 'second'; determined: readonly DatePart[]; identifies: (p: Set<DatePart>) => boolean }[] = [
  { unit: 'year', determined: YEAR, identifies: (p) => yearId(p) },
  { unit: 'month', determined: [...YEAR, 'month'], identifies: (p) => yearId(p) && p.has('month') },
  { unit: 'week', determined: WEEK, identifies: (p) => p.has('weekyear') && p.has('weekOfWeekyear') },
  { unit: 'day', determined: DAY, identifies: dayId },
  { unit: 'hour', determined: HOUR, identifies: hourId },
  { unit: 'minute', determined: [...HOUR, 'minute'], identifies: (p) => hourId(p) && p.has('minute') },
  { unit: 'second', determined: [...HOUR, 'minute', 'second'], identifies: (p) => hourId(p) && p.has('minute') && p.has('second') },
];

function yearId(p: Set<DatePart>): boolean {
  return p.has('year') || p.has('yearOfEra');
}
function dayId(p: Set<DatePart>): boolean {
  return (yearId(p) && ((p.has('month') && p.has('day')) || p.has('dayOfYear'))) || (p.has('weekyear') && p.has('weekOfWeekyear') && p.has('dayOfWeek'));
}
function hourId(p: Set<DatePart>): boolean {
  return dayId(p) && (p.has('hour') || (p.has('halfday') && p.has('hourOfHalfday')));
}

function calendarUnit(used: Set<DatePart>): CalendarUnit | 'second' | undefined {
  if (used.size === 0) return undefined;
  for (const u of UNITS) {
    if ([...used].every((p) => u.determined.includes(p)) && u.identifies(used)) return u.unit;
  }
  return undefined;
}

/** Every calendar field of an instant, on the wall clock of `timeZone` (UTC when not given). */
export function partsOfInstant(ms: number, timeZone = 'UTC'): PartValues {
  // the zone's wall time read with Date's UTC fields
  const d = new Date(isUtcZone(timeZone) ? ms : ms + offsetMinutes(ms, timeZone) * 60_000);
  const year = d.getUTCFullYear();
  const dow = ((d.getUTCDay() + 6) % 7) + 1;
  const startOfYear = Date.UTC(year, 0, 1);
  const dayOfYear = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - startOfYear) / 86_400_000) + 1;
  // ISO week: the week (Monday first) holding the year's first Thursday is week 1
  const thursday = new Date(Date.UTC(year, d.getUTCMonth(), d.getUTCDate() + 4 - dow));
  const weekyear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekyear, 0, 1)) / (7 * 86_400_000)) + 1;
  const yearOfEra = year > 0 ? year : 1 - year;
  return {
    era: year > 0 ? 1 : 0,
    centuryOfEra: Math.floor(yearOfEra / 100),
    yearOfEra,
    yearOfEraOfCentury: yearOfEra % 100,
    year,
    yearOfCentury: ((year % 100) + 100) % 100,
    weekyear,
    weekyearOfCentury: ((weekyear % 100) + 100) % 100,
    month: d.getUTCMonth() + 1,
    weekOfWeekyear: week,
    dayOfYear,
    day: d.getUTCDate(),
    dayOfWeek: dow,
    halfday: d.getUTCHours() >= 12 ? 1 : 0,
    hourOfHalfday: d.getUTCHours() % 12,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
  };
}

