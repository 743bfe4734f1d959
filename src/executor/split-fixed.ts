/**
 * A scan that asked many fixed-key combinations at once (ScanSpec.fixedSet, compiler/fixed-scans.ts)
 * answered as if each combination had been its own scan: one ScanResult per combination, in the
 * compiler's order, so the reader sees exactly what one search per combination gave.
 */
import { FIXED_AGG, type ScanSpec } from '../compiler/plan.js';
import type { ScanResult } from './execute.js';

type Bucket = Record<string, unknown>;

const subBuckets = (b: Bucket | undefined): Bucket[] => ((b?.[FIXED_AGG] as { buckets?: Bucket[] } | undefined)?.buckets ?? []);

/** Non-empty combination buckets of composite buckets: what a page adds to the bucket budget. */
export function nonEmptyCombinations(buckets: readonly Bucket[]): number {
  let n = 0;
  for (const b of buckets) for (const s of subBuckets(b)) if ((s.doc_count as number) > 0) n++;
  return n;
}

/** Without open keys: each combination's bucket is that combination's whole answer, empty or not. */
export function splitAggs(spec: ScanSpec, combos: NonNullable<ScanSpec['fixedSet']>, aggs: Bucket | undefined): ScanResult[] {
  const subs = subBuckets(aggs);
  return combos.map((fixed, i) => {
    const sub = subs[i] ?? { doc_count: 0 };
    return { spec: { ...spec, fixed }, total: sub.doc_count as number, buckets: [], aggs: sub };
  });
}

/**
 * With open keys: each composite bucket's combination buckets become rows of their combination's
 * scan (keys in composite order), empty ones dropped as a group-by has no empty groups.
 */
export function splitComposite(spec: ScanSpec, combos: NonNullable<ScanSpec['fixedSet']>, buckets: readonly Bucket[]): ScanResult[] {
  const rows: Bucket[][] = combos.map(() => []);
  for (const b of buckets) {
    subBuckets(b).forEach((s, i) => {
      if ((s.doc_count as number) > 0) rows[i]?.push({ ...s, key: b.key });
    });
  }
  return combos.map((fixed, i) => {
    const own = rows[i] as Bucket[];
    return { spec: { ...spec, fixed }, total: own.reduce((t, r) => t + (r.doc_count as number), 0), buckets: own, aggs: {} };
  });
}
