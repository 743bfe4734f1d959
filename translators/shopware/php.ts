/**
 * The two PHP behaviours Shopware's answers show: how PHP turns a float into a string (range keys,
 * `"100"` not `"100.0"`) and PHP `date()` formatting (histogram keys and `format`), English names,
 * in a given time zone. Written from the PHP manual's format table.
 */
import { wallClock } from '../../src/util/zoned.js';

export { isTimeZone } from '../../src/util/zoned.js';

/** `(string) $float` in PHP 8: 14 significant digits, no trailing zeros, `1.0E-7` exponents. */
export function phpFloatString(x: number): string {
  if (Number.isNaN(x)) return 'NAN';
  if (!Number.isFinite(x)) return x > 0 ? 'INF' : '-INF';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = String(Number(x.toPrecision(14)));
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-])(\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac, esign, exp] = m;
  return `${sign}${int}.${frac ?? '0'}E${esign}${exp}`;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

function isoWeek(y: number, m: number, d: number): { week: number; year: number } {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7), year: date.getUTCFullYear() };
}

function offsetString(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60)}`;
}

function ordinal(d: number): string {
  if (d % 100 >= 11 && d % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][d % 10] ?? 'th';
}

/** PHP `date($format)` of an instant, in the given zone. Unknown letters print as themselves. */
export function phpDate(format: string, epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  const leap = (w.year % 4 === 0 && w.year % 100 !== 0) || w.year % 400 === 0;
  const dayOfYear = Math.round((Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86_400_000);
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  const iso = isoWeek(w.year, w.month, w.day);
  const jan = wallClock(Date.UTC(w.year, 0, 1), timeZone).offset;
  const jul = wallClock(Date.UTC(w.year, 6, 1), timeZone).offset;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    switch (c) {
      case '\\':
        i++;
        out += format[i] ?? '';
        break;
      case 'd': out += pad(w.day); break;
      case 'D': out += (DAYS[dow] as string).slice(0, 3); break;
      case 'j': out += w.day; break;
      case 'l': out += DAYS[dow]; break;
      case 'N': out += dow === 0 ? 7 : dow; break;
      case 'S': out += ordinal(w.day); break;
      case 'w': out += dow; break;
      case 'z': out += dayOfYear; break;
      case 'W': out += pad(iso.week); break;
      case 'F': out += MONTHS[w.month - 1]; break;
      case 'm': out += pad(w.month); break;
      case 'M': out += (MONTHS[w.month - 1] as string).slice(0, 3); break;
      case 'n': out += w.month; break;
      case 't': out += daysInMonth; break;
      case 'L': out += leap ? 1 : 0; break;
      case 'o': out += iso.year; break;
      case 'Y': out += w.year; break;
      case 'y': out += pad(w.year % 100); break;
      case 'a': out += w.hour < 12 ? 'am' : 'pm'; break;
      case 'A': out += w.hour < 12 ? 'AM' : 'PM'; break;
      case 'g': out += h12; break;
      case 'G': out += w.hour; break;
      case 'h': out += pad(h12); break;
      case 'H': out += pad(w.hour); break;
      case 'i': out += pad(w.minute); break;
      case 's': out += pad(w.second); break;
      case 'u': out += pad(w.millisecond * 1000, 6); break;
      case 'v': out += pad(w.millisecond, 3); break;
      case 'e': out += timeZone; break;
      case 'I': out += w.offset !== Math.min(jan, jul) ? 1 : 0; break;
      case 'O': out += offsetString(w.offset, false); break;
      case 'P': out += offsetString(w.offset, true); break;
      case 'p': out += w.offset === 0 ? 'Z' : offsetString(w.offset, true); break;
      case 'T': out += w.offset === 0 && /^(UTC|Etc\/UTC|GMT|Z)$/i.test(timeZone) ? 'UTC' : offsetString(w.offset, true); break;
      case 'Z': out += w.offset * 60; break;
      case 'c': out += phpDate('Y-m-d\\TH:i:sP', epochMs, timeZone); break;
      case 'r': out += phpDate('D, d M Y H:i:s O', epochMs, timeZone); break;
      case 'U': out += Math.floor(epochMs / 1000); break;
      default: out += c;
    }
  }
  return out;
}
