/**
 * range() groups: the discretizations of Opendatasoft's aggregate API documentation (range() with equi, static and bands), computed from the data's minimum and maximum
 * (equi, static) or its percentiles (percentile, median, decile, quartile), which a first query
 * fetches. Checked against that documentation's worked example with values [-5, -2, -1, 0, 3, 4, 5, 120].
 */
import type { RangeBucket } from '../../src/ir/nodes.js';
import type { Discretizer } from './types.js';

/** What the first query learned about a field. */
export interface FieldStats {
  /** null when no document has a value */
  readonly min: number | null;
  readonly max: number | null;
  /** percentile → value, for band discretizers */
  readonly percentiles: Readonly<Record<string, number | null>>;
}

export interface PlannedRanges {
  /** the buckets to group by; a bucket's key is its rank (equi, static) or band number */
  readonly buckets: readonly RangeBucket[];
  /** how a key prints: the documented `[lo; hi[` label, or the band number itself */
  readonly labels: ReadonlyMap<number, string | number>;
}

/** A number as the documentation prints bounds: shortest round-trip form (20, -2, 36.666666666666664). */
function show(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Consecutive intervals `[b0; b1[ ... [bk-1; bk]`, the last one closed. */
function intervals(bounds: readonly number[]): PlannedRanges {
  const buckets: RangeBucket[] = [];
  const labels = new Map<number, string>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    const last = i + 2 === bounds.length;
    buckets.push({ key: i, from, to, ...(last ? { toInclusive: true } : {}) });
    labels.set(i, `[${show(from)}; ${show(to)}${last ? ']' : '['}`);
  }
  return { buckets, labels };
}

export function planRanges(d: Discretizer, s: FieldStats): PlannedRanges {
  switch (d.kind) {
    case 'equi': {
      const lo = d.lowest ?? s.min;
      const hi = d.highest ?? s.max;
      if (lo === null || hi === null) return { buckets: [], labels: new Map() };
      const bounds: number[] = [];
      // values below the lowest (above the highest) boundary get a range of their own
      if (s.min !== null && s.min < lo) bounds.push(s.min);
      if (hi <= lo) bounds.push(lo);
      else for (let k = 0; k < d.count; k++) bounds.push(lo + ((hi - lo) * k) / d.count);
      bounds.push(hi);
      if (s.max !== null && s.max > hi) bounds.push(s.max);
      return intervals(bounds);
    }
    case 'static': {
      const first = d.divisions[0] as number;
      const last = d.divisions[d.divisions.length - 1] as number;
      const bounds: number[] = [];
      if (s.min !== null && s.min < first) bounds.push(s.min);
      bounds.push(...d.divisions);
      if (s.max !== null && s.max > last) bounds.push(s.max);
      if (bounds.length === 1) bounds.push(first);
      return intervals(bounds);
    }
    case 'bands': {
      // band k holds the values above cut k-1 and up to cut k; the last band everything above
      const cuts = d.cuts.map((p) => s.percentiles[String(p)] ?? null);
      if (cuts.some((c) => c === null)) return { buckets: [], labels: new Map() };
      const keyOf = (i: number): number => (d.form === 'percentile' ? (d.cuts[i] ?? 100) : i + 1);
      const buckets: RangeBucket[] = [];
      const labels = new Map<number, number>();
      for (let i = 0; i <= cuts.length; i++) {
        const from = i > 0 ? (cuts[i - 1] as number) : undefined;
        const to = i < cuts.length ? (cuts[i] as number) : undefined;
        const key = keyOf(i);
        buckets.push({ key, ...(from !== undefined ? { from, fromExclusive: true } : {}), ...(to !== undefined ? { to, toInclusive: true } : {}) });
        labels.set(key, key);
      }
      return { buckets, labels };
    }
  }
}
