/**
 * The Admin API's answers computed with plain code over the fixture, the way its SQL does it
 * (GROUP BY with a NULL group, COUNT(DISTINCT), MIN/MAX as strings), independently of the proxy.
 */
import type { Product } from './fixtures.js';

export type Value = string | number | boolean | null;

/** A field's values for one product: one for a scalar, one per element for a to-many path. */
export function valuesOf(p: Product, path: string): Value[] {
  const walk = (v: unknown, parts: string[]): Value[] => {
    if (parts.length === 0) return Array.isArray(v) ? (v as Value[]) : [v === undefined ? null : (v as Value)];
    if (Array.isArray(v)) return v.flatMap((x) => walk(x, parts));
    if (v === null || v === undefined || typeof v !== 'object') return [null];
    return walk((v as Record<string, unknown>)[parts[0] as string], parts.slice(1));
  };
  const out = walk(p, path.split('.'));
  return out.length === 0 ? [null] : out;
}

export const price = (p: Product): number => p.price[0].gross as number;

/** Terms buckets as SQL groups them: key string ("" for NULL), products per value, keys ascending. */
export function termsBuckets(ps: Product[], path: string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of ps) {
    for (const v of new Set(valuesOf(p, path))) {
      const k = v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export const distinctCount = (ps: Product[], path: string): number =>
  new Set(ps.flatMap((p) => valuesOf(p, path)).filter((v) => v !== null)).size;

export const sqlString = (n: number | null): string | null => (n === null ? null : String(n));

/** `Y-m-d H:i:s` style parts of an instant shifted by a fixed offset (no DST in the zones used). */
export function wall(iso: string, offsetHours = 0): { Y: number; m: string; d: string; H: string; i: string; date: Date } {
  const date = new Date(Date.parse(iso) + offsetHours * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return { Y: date.getUTCFullYear(), m: two(date.getUTCMonth() + 1), d: two(date.getUTCDate()), H: two(date.getUTCHours()), i: two(date.getUTCMinutes()), date };
}
