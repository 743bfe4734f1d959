/**
 * Date values as the engine reads them for a `date` field of the default format
 * (`strict_date_optional_time||epoch_millis`), so a translator can refuse, in its dialect's shape
 * and at the value's path, what the engine would fail the whole search on (a 502 otherwise).
 * The forms were checked against OpenSearch 2.19 and Elasticsearch 8.19 (term and range queries):
 *
 * - ISO-8601 as `strict_date_optional_time` has it: `yyyy`, `yyyy-MM`, `yyyy-MM-dd`, then
 *   optionally `T` and `HH`, `HH:mm`, `HH:mm:ss`, a fraction of 1–9 digits after `.` or `,`, and a
 *   zone `Z` / `±HH` / `±HH:mm` / `±HHmm` / `±HH:mm:ss` of at most 18 hours; a year of four digits
 *   with an optional `-`; every part a real calendar value (no 2023-02-29, 24:00 or :60);
 * - epoch milliseconds: an integer (optionally with a fraction) within the engine's long range;
 * - date math (`now-1d/d`, `2024-01-01||+1M`) only where a dialect passes it on, see `dateMath`.
 */

/** Longest zone offset java.time accepts: ±18:00. */
const MAX_OFFSET_SECONDS = 18 * 3600;
/** epoch millis the engine holds in a long; the largest double below 2^63 (2^63 itself is refused) */
export const MAX_EPOCH_MILLIS = 2 ** 63 - 1024;
export const MIN_EPOCH_MILLIS = -MAX_EPOCH_MILLIS;

const ISO = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(?:(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(Z|[+-]\d{2}(?::\d{2}(?::\d{2})?|\d{2})?)?)?)?)?)?$/;
const ZONE = /^[+-](\d{2})(?::?(\d{2})(?::?(\d{2}))?)?$/;
const MILLIS = /^-?\d+(?:\.\d+)?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** An ISO-8601 date or date-time the engine parses (calendar values checked). */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [, y, mo, d, h, mi, sec, zone] = m;
  const year = Number(y);
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return false;
  if (d !== undefined && (Number(d) < 1 || Number(d) > daysIn(year, Number(mo)))) return false;
  if (h !== undefined && Number(h) > 23) return false;
  if (mi !== undefined && Number(mi) > 59) return false;
  if (sec !== undefined && Number(sec) > 59) return false;
  if (zone !== undefined && zone !== 'Z') {
    const z = ZONE.exec(zone);
    if (!z) return false;
    const [zh, zm, zs] = [Number(z[1]), Number(z[2] ?? 0), Number(z[3] ?? 0)];
    if (zm > 59 || zs > 59 || zh * 3600 + zm * 60 + zs > MAX_OFFSET_SECONDS) return false;
  }
  return true;
}

/** Epoch milliseconds the engine reads: a number, or a string of digits, within its long range. */
export function isEpochMillis(v: string | number): boolean {
  if (typeof v === 'number') {
    // JSON writes a number this small with an exponent, which the engine does not read as millis
    return Number.isFinite(v) && Math.abs(v) <= MAX_EPOCH_MILLIS && (v === 0 || Math.abs(v) >= 1e-6);
  }
  if (!MILLIS.test(v)) return false;
  const whole = v.split('.')[0] as string;
  // digits beyond the long range: compared exactly, the string may be longer than a double holds
  const digits = whole.replace(/^-?0*/, '');
  return digits.length < 19 || (digits.length === 19 && digits <= '9223372036854775807');
}

/** A value the engine reads for a default-format date field (ISO-8601 or epoch millis, no date math). */
export function isEngineDate(v: string | number): boolean {
  return typeof v === 'number' ? isEpochMillis(v) : isIsoDate(v) || isEpochMillis(v);
}

const MATH = /^(?:[+-]\d+[yMwdhHms]|\/[yMwdhHms])*$/;

/**
 * Date math the engine evaluates (`now`, `now-1d/d`, `2024-01-01||+1M/M`), for dialects whose
 * original ran on the same engine and passed it through; `anchor` checks the part before `||`.
 */
export function isDateMath(s: string, anchor: (a: string) => boolean = isEngineDate): boolean {
  if (s.startsWith('now')) return MATH.test(s.slice(3));
  const at = s.indexOf('||');
  return at > 0 && anchor(s.slice(0, at)) && MATH.test(s.slice(at + 2));
}

/** A short, printable form of a client's value for a message (a long string is cut). */
export function quoteValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…"` : s;
}
