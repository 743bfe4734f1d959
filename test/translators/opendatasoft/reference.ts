/**
 * Expected answers computed from the fixture rows with plain code (an exact SQL GROUP BY), with no
 * proxy code involved: grouping, ordering, sums, averages, population deviations, running totals.
 */
import { sales, type Sale } from './fixtures.js';

export type Row = Record<string, unknown>;

/** GROUP BY the key tuple (records with a null key form no group), ordered by the tuple. */
export function groupBy<T>(rows: readonly T[], keys: ((r: T) => string | number | undefined)[], compare?: (a: (string | number)[], b: (string | number)[]) => number): { key: (string | number)[]; rows: T[] }[] {
  const groups = new Map<string, { key: (string | number)[]; rows: T[] }>();
  for (const r of rows) {
    const key = keys.map((k) => k(r));
    if (key.some((k) => k === undefined)) continue;
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key: key as (string | number)[], rows: [] };
    g.rows.push(r);
    groups.set(id, g);
  }
  const byTuple = (a: (string | number)[], b: (string | number)[]): number => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as string | number;
      const y = b[i] as string | number;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1; // UTF-16 order; the fixture is ASCII
    }
    return 0;
  };
  return [...groups.values()].sort((a, b) => (compare ?? byTuple)(a.key, b.key));
}

const nums = (xs: readonly (number | undefined | null)[]): number[] => xs.filter((x): x is number => typeof x === 'number');
export const sum = (xs: readonly (number | undefined | null)[]): number => nums(xs).reduce((a, b) => a + b, 0);
export const avg = (xs: readonly (number | undefined | null)[]): number | null => {
  const v = nums(xs);
  return v.length === 0 ? null : sum(v) / v.length;
};
export const min = (xs: readonly (number | undefined | null)[]): number | null => (nums(xs).length ? Math.min(...nums(xs)) : null);
export const max = (xs: readonly (number | undefined | null)[]): number | null => (nums(xs).length ? Math.max(...nums(xs)) : null);
/** population standard deviation */
export const stddev = (xs: readonly (number | undefined | null)[]): number | null => {
  const v = nums(xs);
  const m = avg(v);
  return m === null ? null : Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
};
export const sumSquares = (xs: readonly (number | undefined | null)[]): number => nums(xs).reduce((a, x) => a + x * x, 0);

/** The seed's virtual field `sales_amount / sales_count`: null without an amount or with no sales. */
export const dailyAvg = (s: Sale): number | undefined =>
  s.sales_amount === undefined || s.sales_count === 0 ? undefined : s.sales_amount / s.sales_count;

export { sales };

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const dayName = (iso: string): string => WEEKDAYS[new Date(iso).getUTCDay()] as string;
/** Monday = 1 ... Sunday = 7 */
export const isoDayNumber = (iso: string): number => ((new Date(iso).getUTCDay() + 6) % 7) + 1;

/** ISO 8601 week-numbering year and week, counted from the Monday of the week holding 4 January. */
export function isoWeek(iso: string): [number, number] {
  const t = Date.parse(iso.slice(0, 10));
  for (const y of [new Date(t).getUTCFullYear() + 1, new Date(t).getUTCFullYear(), new Date(t).getUTCFullYear() - 1]) {
    const jan4 = Date.UTC(y, 0, 4);
    const monday = jan4 - (((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000);
    if (t >= monday) return [y, Math.floor((t - monday) / (7 * 86_400_000)) + 1];
  }
  throw new Error('unreachable');
}

/** Checks numbers to 1e-9 relative (engine sums run in shard order), everything else exactly. */
export function approxEqual(actual: unknown, expected: unknown, path = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? [] : [`${path}: ${actual} != ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: length ${Array.isArray(actual) ? actual.length : 'n/a'} != ${expected.length}`];
    return expected.flatMap((e, i) => approxEqual(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: not an object`];
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    if (ek.join() !== ak.join()) return [`${path}: keys ${ak.join()} != ${ek.join()}`];
    return ek.flatMap((k) => approxEqual((actual as Row)[k], (expected as Row)[k], `${path}.${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
}
