/**
 * Druid's answers computed by plain code over the raw rows (SQL-compatible null rules, Druid's
 * orderings), independently of the proxy.
 */
import type { Row } from './fixtures.js';

export const DAY = 86_400_000;
export const at = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
export const iso = (t: number): string => new Date(t).toISOString();

export function within(rows: readonly Row[], start: string, end: string): Row[] {
  return rows.filter((r) => r.t >= at(start) && r.t < at(end));
}

/** Groups rows by a key function (a multi-value key explodes the row into one group per value). */
export function group<K extends string | number | null>(rows: readonly Row[], key: (r: Row) => K | K[]): Map<K, Row[]> {
  const m = new Map<K, Row[]>();
  for (const r of rows) {
    const ks = key(r);
    for (const k of Array.isArray(ks) ? [...new Set(ks)] : [ks]) m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

export const sum = (rows: readonly Row[], f: (r: Row) => number | undefined): number | null => {
  const vs = rows.map(f).filter((v): v is number => typeof v === 'number');
  return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0);
};
export const longSum = (rows: readonly Row[]): number => rows.reduce((a, r) => a + Math.trunc(r.index), 0);

/**
 * The `index` sum that ordering cases rank by: Druid's longSum (each row truncated, which takes a
 * per-document script) where the engine runs scripts, doubleSum where it does not. The ordering
 * under test is the same; truncation itself has its own case, declared as needing scripts.
 */
export function indexSum(scripts: boolean): { readonly type: 'longSum' | 'doubleSum'; readonly of: (rows: readonly Row[]) => number } {
  return scripts ? { type: 'longSum', of: longSum } : { type: 'doubleSum', of: (rs) => sum(rs, (r) => r.index) ?? 0 };
}
export const min = (rows: readonly Row[], f: (r: Row) => number | undefined): number | null => {
  const vs = rows.map(f).filter((v): v is number => typeof v === 'number');
  return vs.length === 0 ? null : Math.min(...vs);
};
export const max = (rows: readonly Row[], f: (r: Row) => number | undefined): number | null => {
  const vs = rows.map(f).filter((v): v is number => typeof v === 'number');
  return vs.length === 0 ? null : Math.max(...vs);
};

/** Code-point order, which is Druid's lexicographic (UTF-8 byte) order for these values; nulls first. */
export function lex(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export const closeTo = (a: number | null, b: number | null, rel = 1e-9): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
