/**
 * Series length of a histogram the engine would build in full: with `min_doc_count: 0` it makes
 * every bucket between the bounds, empty or not, so `extended_bounds` (a floor on the series) or
 * `hard_bounds` (a ceiling) decide its length before any document is read. Over `maxBuckets` it is
 * refused here: the engine would allocate it all (a day histogram over 0001–9999 is 3.6 M buckets).
 */
import type { Limits } from './limits.js';
import { limitError } from './refuse.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIXED_UNITS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/**
 * The SHORTEST a calendar unit can be, so that span / length is an upper bound on the bucket count:
 * a day of a DST change has 23 hours, February 28 days, a quarter 89, a year 365.
 */
const CALENDAR_UNITS: Readonly<Record<string, number>> = {
  '1m': MINUTE, minute: MINUTE,
  '1h': HOUR, hour: HOUR,
  '1d': 23 * HOUR, day: 23 * HOUR,
  '1w': 7 * DAY - HOUR, week: 7 * DAY - HOUR,
  '1M': 28 * DAY - HOUR, month: 28 * DAY - HOUR,
  '1q': 89 * DAY - HOUR, quarter: 89 * DAY - HOUR,
  '1y': 365 * DAY - HOUR, year: 365 * DAY - HOUR,
};

type Spec = Record<string, unknown>;

/** `type` is `histogram` or `date_histogram`; `h` the aggregation's body. */
export function guardHistogram(type: string, h: Spec, limits: Limits): void {
  if (Number(h.min_doc_count ?? 1) !== 0) return;
  const width = type === 'date_histogram' ? dateInterval(h) : positive(h.interval);
  if (width === undefined) return;
  const date = type === 'date_histogram';
  const span = boundsSpan(h.hard_bounds, date) ?? boundsSpan(h.extended_bounds, date);
  if (span === undefined) return;
  const buckets = Math.floor(span / width) + 1;
  if (buckets > limits.maxBuckets) {
    throw limitError('maxBuckets', limits.maxBuckets, `the series has about ${buckets > 1e15 ? 'more than 10^15' : buckets} buckets, more than allowed`);
  }
}

function dateInterval(h: Spec): number | undefined {
  const fixed = typeof h.fixed_interval === 'string' ? fixedWidth(h.fixed_interval) : undefined;
  if (fixed !== undefined) return fixed;
  if (typeof h.calendar_interval === 'string') return CALENDAR_UNITS[h.calendar_interval];
  // the legacy `interval` (OpenSearch) is a calendar unit or a fixed width
  if (typeof h.interval === 'string') return CALENDAR_UNITS[h.interval] ?? fixedWidth(h.interval);
  return positive(h.interval);
}

function fixedWidth(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s.trim());
  if (!m) return undefined;
  return positive(Number(m[1]) * (FIXED_UNITS[m[2] as string] as number));
}

/** The bounds' width, or nothing when either end is missing or not a plain number / ISO date. */
function boundsSpan(b: unknown, date: boolean): number | undefined {
  if (typeof b !== 'object' || b === null) return undefined;
  const { min, max } = b as { min?: unknown; max?: unknown };
  const lo = edge(min, date);
  const hi = edge(max, date);
  if (lo === undefined || hi === undefined || hi < lo) return undefined;
  return hi - lo;
}

function edge(v: unknown, date: boolean): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  if (!date) return undefined;
  // date math (`now-1d`) and custom formats are not read here: the engine's own max_buckets holds them
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

function positive(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
