/**
 * Joda-Time DateTimeFormat patterns, shared by the dialects that take them (Opendatasoft's date
 * formats, Druid's timeFormat extraction): tokens, the calendar field each letter prints, and
 * printing a group's fields as Joda does with English names, in UTC for the zone letters.
 *
 * Joda, not java.time: `Y` is year of era (java.time: week-based year), `x` the week-based year,
 * `e` the ISO day-of-week number, `yy` the two-digit year.
 */
import type { DatePart } from '../ir/nodes.js';

export type JodaToken = { readonly letter: string; readonly count: number } | { readonly literal: string };

/** Calendar field values of one instant (or of one group, for the fields it was grouped by). */
export type PartValues = Partial<Record<DatePart, number>>;

export const SIGNIFICANCE: readonly DatePart[] = [
  'era', 'centuryOfEra', 'yearOfEra', 'yearOfEraOfCentury', 'year', 'yearOfCentury', 'weekyear', 'weekyearOfCentury',
  'month', 'weekOfWeekyear', 'dayOfYear', 'day', 'dayOfWeek', 'halfday', 'hourOfHalfday', 'hour', 'minute', 'second', 'millis',
];

/** The calendar field a pattern letter prints, undefined for the zone letters. */
export function jodaPart(letter: string, count: number): DatePart | undefined {
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

/** A pattern's tokens, or where it stops: a letter outside `letters`, or quoted text left open. */
export function tokenizeJoda(text: string, letters: ReadonlySet<string>): { readonly tokens: JodaToken[] } | { readonly error: 'letter' | 'unterminated'; readonly offset: number } {
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
        if (j >= text.length) return { error: 'unterminated', offset: i };
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
      if (!letters.has(c)) return { error: 'letter', offset: i };
      let n = 1;
      while (text[i + n] === c) n++;
      tokens.push({ letter: c, count: n });
      i += n;
      continue;
    }
    tokens.push({ literal: c });
    i++;
  }
  return { tokens };
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
export function formatJoda(pattern: { readonly tokens: readonly JodaToken[] }, v: PartValues): string {
  let out = '';
  for (const t of pattern.tokens) {
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
