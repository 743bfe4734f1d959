/**
 * Joda-Time DateTimeFormat patterns (the letters Opendatasoft's date() documentation uses), parsed once and used twice: to decide
 * how the engine groups (a calendar interval when the pattern names one, else the calendar fields it
 * prints) and to print each group's key exactly as Joda would, in UTC with English names.
 *
 * Joda, not java.time: `Y` is year of era (java.time: week-based year), `x` the week-based year,
 * `e` the ISO day-of-week number, `yy` the two-digit year.
 */
import type { CalendarUnit, DatePart } from '../../src/ir/nodes.js';
import { ExpressionError } from './syntax.js';

export type JodaToken = { readonly letter: string; readonly count: number } | { readonly literal: string };

export interface JodaPattern {
  readonly text: string;
  readonly tokens: readonly JodaToken[];
  /** the calendar fields the pattern prints, most significant first */
  readonly parts: readonly DatePart[];
  /** the calendar interval whose buckets the pattern tells apart exactly, if there is one */
  readonly unit?: CalendarUnit | 'second';
}

/** Calendar field values of one instant (or of one group, for the fields it was grouped by). */
export type PartValues = Partial<Record<DatePart, number>>;

const SIGNIFICANCE: readonly DatePart[] = [
  'era', 'centuryOfEra', 'yearOfEra', 'yearOfEraOfCentury', 'year', 'yearOfCentury', 'weekyear', 'weekyearOfCentury',
  'month', 'weekOfWeekyear', 'dayOfYear', 'day', 'dayOfWeek', 'halfday', 'hourOfHalfday', 'hour', 'minute', 'second', 'millis',
];

function partOf(letter: string, count: number): DatePart | undefined {
  switch (letter) {
    case 'G': return 'era';
    case 'C': return 'centuryOfEra';
    case 'Y': return count === 2 ? 'yearOfEraOfCentury' : 'yearOfEra';
    case 'y': return count === 2 ? 'yearOfCentury' : 'year';
    case 'x': return count === 2 ? 'weekyearOfCentury' : 'weekyear';
    case 'w': return 'weekOfWeekyear';
    case 'e':
    case 'E': return 'dayOfWeek';
    case 'D': return 'dayOfYear';
    case 'M': return 'month';
    case 'd': return 'day';
    case 'a': return 'halfday';
    case 'K':
    case 'h': return 'hourOfHalfday';
    case 'H':
    case 'k': return 'hour';
    case 'm': return 'minute';
    case 's': return 'second';
    case 'S': return 'millis';
    default: return undefined; // z, Z: the zone is UTC, the same for every group
  }
}

const LETTERS = new Set('GCYyxwEeDMdaKhHkmsSzZ');

/** Parses a pattern; offsets in errors are relative to the pattern text. */
export function parseJoda(text: string): JodaPattern {
  const tokens: JodaToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") {
      // '' is a quote; 'text' is literal text
      if (text[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let lit = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ExpressionError('unterminated quoted text in the date format', i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            lit += "'";
            j += 2;
            continue;
          }
          break;
        }
        lit += text[j];
        j++;
      }
      tokens.push({ literal: lit });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c)) throw new ExpressionError(`illegal pattern component: ${c}`, i);
      let n = 1;
      while (text[i + n] === c) n++;
      tokens.push({ letter: c, count: n });
      i += n;
      continue;
    }
    tokens.push({ literal: c });
    i++;
  }
  const used = new Set<DatePart>();
  for (const t of tokens) if ('letter' in t) {
    const p = partOf(t.letter, t.count);
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

/** Every calendar field of an instant, in UTC. */
export function partsOfInstant(ms: number): PartValues {
  const d = new Date(ms);
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

/** The key of a calendar-parts group (`parts` joined by `|`, years offset by 100000) back to values. */
export function partsOfKey(key: string, parts: readonly DatePart[]): PartValues {
  const values = key === '' ? [] : key.split('|').map(Number);
  const out: PartValues = {};
  parts.forEach((p, i) => {
    const v = values[i] ?? 0;
    out[p] = p === 'year' || p === 'weekyear' ? v - 100000 : v;
  });
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

/** Prints calendar field values with a pattern, as Joda's DateTimeFormatter does in UTC. */
export function formatJoda(p: JodaPattern, v: PartValues): string {
  let out = '';
  for (const t of p.tokens) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    const get = (part: DatePart): number => v[part] ?? 0;
    switch (t.letter) {
      case 'G': out += get('era') === 1 ? 'AD' : 'BC'; break;
      case 'C': out += pad(get('centuryOfEra'), n); break;
      case 'Y': out += n === 2 ? pad(get('yearOfEraOfCentury'), 2) : pad(get('yearOfEra'), n); break;
      case 'y': out += n === 2 ? pad(get('yearOfCentury'), 2) : pad(get('year'), n); break;
      case 'x': out += n === 2 ? pad(get('weekyearOfCentury'), 2) : pad(get('weekyear'), n); break;
      case 'w': out += pad(get('weekOfWeekyear'), n); break;
      case 'e': out += pad(get('dayOfWeek'), n); break;
      case 'E': {
        const name = DAYS[get('dayOfWeek') - 1] ?? '';
        out += n >= 4 ? name : name.slice(0, 3);
        break;
      }
      case 'D': out += pad(get('dayOfYear'), n); break;
      case 'M': {
        const m = get('month');
        const name = MONTHS[m - 1] ?? '';
        out += n >= 4 ? name : n === 3 ? name.slice(0, 3) : pad(m, n);
        break;
      }
      case 'd': out += pad(get('day'), n); break;
      case 'a': out += get('halfday') === 1 ? 'PM' : 'AM'; break;
      case 'K': out += pad(get('hourOfHalfday'), n); break;
      case 'h': out += pad(get('hourOfHalfday') === 0 ? 12 : get('hourOfHalfday'), n); break;
      case 'H': out += pad(get('hour'), n); break;
      case 'k': out += pad(get('hour') === 0 ? 24 : get('hour'), n); break;
      case 'm': out += pad(get('minute'), n); break;
      case 's': out += pad(get('second'), n); break;
      case 'S': {
        // fraction of second: the first n digits of the milliseconds, zero-padded on the right
        const digits = pad(get('millis'), 3);
        out += n <= 3 ? digits.slice(0, n) : digits.padEnd(n, '0');
        break;
      }
      case 'z': out += n >= 4 ? 'Coordinated Universal Time' : 'UTC'; break;
      case 'Z': out += n === 1 ? '+0000' : n === 2 ? '+00:00' : 'UTC'; break;
    }
  }
  return out;
}
