/**
 * The Joda-Time DateTimeFormat patterns Druid's `timeFormat` extraction takes (plywood's timePart
 * sends one letter: `H`, `e`, `d`, `D`, `w`, `M`, `Y`), read into the calendar fields they print
 * (grouped by as the IR's date-parts key) and printed back from each group's fields as Joda prints
 * them with English names. Joda, not java.time: `Y` is the year of era, `x` the week-based year.
 * Zone letters are refused: the zone is the function's, not a field of the group.
 */
import type { DatePart } from '../../src/ir/nodes.js';
import { SIGNIFICANCE, formatJoda, jodaPart, tokenizeJoda, type PartValues } from '../../src/util/joda.js';

export { partsOfKey } from '../../src/util/joda.js';

export type JodaToken = { readonly letter: string; readonly count: number; readonly part: DatePart } | { readonly literal: string };

export interface JodaPattern {
  readonly tokens: readonly JodaToken[];
  /** the fields printed, most significant first (the order of the date-parts key) */
  readonly parts: readonly DatePart[];
  /** whether the printed text sorts as the fields do (fixed-width numbers in significance order) */
  readonly ordered: boolean;
}

/** the widest number each field prints, for deciding whether zero padding keeps text order */
const WIDTH: Partial<Record<DatePart, number>> = {
  centuryOfEra: 2, yearOfEra: 4, yearOfEraOfCentury: 2, year: 4, yearOfCentury: 2, weekyear: 4, weekyearOfCentury: 2, month: 2,
  weekOfWeekyear: 2, dayOfYear: 3, day: 2, dayOfWeek: 1, hourOfHalfday: 2, hour: 2, minute: 2, second: 2, millis: 3,
};

/** the letters a group's fields print; the zone letters are refused (the zone is the function's) */
const LETTERS = new Set('GCYyxwEeDMdaKhHkmsS');

/** A pattern's tokens, or a message saying what in it is not supported (with its offset). */
export function parseJodaPattern(text: string): JodaPattern | { readonly error: string } {
  const read = tokenizeJoda(text, LETTERS);
  if ('error' in read) {
    return {
      error: read.error === 'unterminated' ? `unterminated quoted text at offset ${read.offset}` : `the pattern letter '${text[read.offset] as string}' at offset ${read.offset} (supported: G C Y y x w e E D M d a K h H k m s S)`,
    };
  }
  const tokens: JodaToken[] = read.tokens.map((t) => ('letter' in t ? { ...t, part: jodaPart(t.letter, t.count) as DatePart } : t));
  const fields = tokens.filter((t): t is Extract<JodaToken, { letter: string }> => 'letter' in t);
  const parts = SIGNIFICANCE.filter((p) => fields.some((t) => t.part === p));
  const textual = (t: { letter: string; count: number }) => t.letter === 'G' || t.letter === 'E' || t.letter === 'a' || (t.letter === 'M' && t.count >= 3) || t.letter === 'h' || t.letter === 'k';
  const ordered = fields.every((t, k) => !textual(t) && t.count >= (WIDTH[t.part] ?? 1) && (k === 0 || SIGNIFICANCE.indexOf((fields[k - 1] as { part: DatePart }).part) < SIGNIFICANCE.indexOf(t.part)));
  return { tokens, parts, ordered };
}

/** Prints a group's fields with the pattern, as Joda does with an English locale. */
export const printJoda = (p: JodaPattern, v: PartValues): string => formatJoda(p, v);
