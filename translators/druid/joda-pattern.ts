/**
 * The Joda-Time DateTimeFormat patterns Druid's `timeFormat` extraction takes (plywood's timePart
 * sends one letter: `H`, `e`, `d`, `D`, `w`, `M`, `Y`), read into the calendar fields they print
 * (grouped by as the IR's date-parts key) and printed back from each group's fields as Joda prints
 * them with English names. Joda, not java.time: `Y` is the year of era, `x` the week-based year.
 * Zone letters are refused: the zone is the function's, not a field of the group.
 */
import type { DatePart } from '../../src/ir/nodes.js';

export type JodaToken = { readonly letter: string; readonly count: number; readonly part: DatePart } | { readonly literal: string };

export interface JodaPattern {
  readonly tokens: readonly JodaToken[];
  /** the fields printed, most significant first (the order of the date-parts key) */
  readonly parts: readonly DatePart[];
  /** whether the printed text sorts as the fields do (fixed-width numbers in significance order) */
  readonly ordered: boolean;
}

const SIGNIFICANCE: readonly DatePart[] = [
  'era', 'centuryOfEra', 'yearOfEra', 'yearOfEraOfCentury', 'year', 'yearOfCentury', 'weekyear', 'weekyearOfCentury',
  'month', 'weekOfWeekyear', 'dayOfYear', 'day', 'dayOfWeek', 'halfday', 'hourOfHalfday', 'hour', 'minute', 'second', 'millis',
];

/** the widest number each field prints, for deciding whether zero padding keeps text order */
const WIDTH: Partial<Record<DatePart, number>> = {
  centuryOfEra: 2, yearOfEra: 4, yearOfEraOfCentury: 2, year: 4, yearOfCentury: 2, weekyear: 4, weekyearOfCentury: 2, month: 2,
  weekOfWeekyear: 2, dayOfYear: 3, day: 2, dayOfWeek: 1, hourOfHalfday: 2, hour: 2, minute: 2, second: 2, millis: 3,
};

function partOf(letter: string, count: number): DatePart | undefined {
  switch (letter) {
    case 'G': return 'era';
    case 'C': return 'centuryOfEra';
    case 'Y': return count === 2 ? 'yearOfEraOfCentury' : 'yearOfEra';
    case 'y': return count === 2 ? 'yearOfCentury' : 'year';
    case 'x': return count === 2 ? 'weekyearOfCentury' : 'weekyear';
    case 'w': return 'weekOfWeekyear';
    case 'e': case 'E': return 'dayOfWeek';
    case 'D': return 'dayOfYear';
    case 'M': return 'month';
    case 'd': return 'day';
    case 'a': return 'halfday';
    case 'K': case 'h': return 'hourOfHalfday';
    case 'H': case 'k': return 'hour';
    case 'm': return 'minute';
    case 's': return 'second';
    case 'S': return 'millis';
    default: return undefined;
  }
}

/** A pattern's tokens, or a message saying what in it is not supported (with its offset). */
export function parseJodaPattern(text: string): JodaPattern | { readonly error: string } {
  const tokens: JodaToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") {
      if (text[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let lit = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return { error: `unterminated quoted text at offset ${i}` };
        if (text[j] === "'" && text[j + 1] === "'") {
          lit += "'";
          j += 2;
        } else if (text[j] === "'") break;
        else lit += text[j++];
      }
      tokens.push({ literal: lit });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (text[i + n] === c) n++;
      const part = partOf(c, n);
      if (!part) return { error: `the pattern letter '${c}' at offset ${i} (supported: G C Y y x w e E D M d a K h H k m s S)` };
      tokens.push({ letter: c, count: n, part });
      i += n;
      continue;
    }
    tokens.push({ literal: c });
    i++;
  }
  const fields = tokens.filter((t): t is Extract<JodaToken, { letter: string }> => 'letter' in t);
  const parts = SIGNIFICANCE.filter((p) => fields.some((t) => t.part === p));
  const textual = (t: { letter: string; count: number }) => t.letter === 'G' || t.letter === 'E' || t.letter === 'a' || (t.letter === 'M' && t.count >= 3) || t.letter === 'h' || t.letter === 'k';
  const ordered = fields.every((t, k) => !textual(t) && t.count >= (WIDTH[t.part] ?? 1) && (k === 0 || SIGNIFICANCE.indexOf((fields[k - 1] as { part: DatePart }).part) < SIGNIFICANCE.indexOf(t.part)));
  return { tokens, parts, ordered };
}

/** The fields of a date-parts key (`|`-joined, years offset by 100000) by name. */
export function partsOfKey(key: string, parts: readonly DatePart[]): Partial<Record<DatePart, number>> {
  const values = key === '' ? [] : key.split('|').map(Number);
  const out: Partial<Record<DatePart, number>> = {};
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

/** Prints a group's fields with the pattern, as Joda does with an English locale. */
export function printJoda(p: JodaPattern, v: Partial<Record<DatePart, number>>): string {
  let out = '';
  for (const t of p.tokens) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const n = v[t.part] ?? 0;
    switch (t.letter) {
      case 'G': out += n === 1 ? 'AD' : 'BC'; break;
      case 'E': out += t.count >= 4 ? (DAYS[n - 1] ?? '') : (DAYS[n - 1] ?? '').slice(0, 3); break;
      case 'M': out += t.count >= 4 ? (MONTHS[n - 1] ?? '') : t.count === 3 ? (MONTHS[n - 1] ?? '').slice(0, 3) : pad(n, t.count); break;
      case 'a': out += n === 1 ? 'PM' : 'AM'; break;
      case 'h': out += pad(n === 0 ? 12 : n, t.count); break;
      case 'k': out += pad(n === 0 ? 24 : n, t.count); break;
      case 'S': {
        const digits = pad(n, 3);
        out += t.count <= 3 ? digits.slice(0, t.count) : digits.padEnd(t.count, '0');
        break;
      }
      // Joda prints a two-letter year field as its last two digits, others padded to the count
      default: out += pad(n, t.count);
    }
  }
  return out;
}
