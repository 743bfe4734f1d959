/**
 * Runs a compiled query: each scan by its kind's strategy (strategies.ts), within a bucket budget
 * shared by the whole request; exceeding it is a clear error, never a truncated answer. Every page
 * and scan draws on one deadline. Two more bounds keep one request from occupying the engine: the
 * number of scans is checked before the first search (limits.maxEngineSearches), and composite
 * pages are counted across the whole client request (limits.maxCompositePages); over either is a
 * `limit` error, never a cut. A cancelled or expired deadline stops the paging at once (the engine
 * client refuses to send).
 */
import type { EngineClient } from '../backend/engine-client.js';
import type { CompiledQuery, FixedValues } from '../compiler/plan.js';
import { Deadline } from '../backend/deadline.js';
import { within } from '../policy/refuse.js';
import { runScan, type Budget } from './strategies.js';

/**
 * What one scan answered, as rows of one level: composite-shaped buckets (`rows`), or one row
 * from top-level aggregations (`row`), each standing for `fixed`'s values of the fixed keys.
 */
export type ScanResult =
  | { readonly kind: 'rows'; readonly level: number; readonly fixed: FixedValues; readonly total: number; readonly buckets: readonly Record<string, unknown>[] }
  | { readonly kind: 'row'; readonly level: number; readonly fixed: FixedValues; readonly total: number; readonly aggs: Readonly<Record<string, unknown>> };

export interface ExecuteOptions {
  readonly maxBuckets: number;
  /** the whole request's time, when no deadline is given */
  readonly timeoutMs: number;
  /** the client request's deadline, shared with its other engine calls */
  readonly deadline?: Deadline;
  /** scans in flight at once */
  readonly concurrency?: number;
  /** scans one compiled query may run (each one search, or one paged composite) */
  readonly maxEngineSearches?: number;
  /** composite pages per client request (all its queries), or per call outside a request */
  readonly maxCompositePages?: number;
}

export async function execute(q: CompiledQuery, engine: EngineClient, o: ExecuteOptions): Promise<ScanResult[]> {
  if (o.maxEngineSearches !== undefined) {
    within('maxEngineSearches', o.maxEngineSearches, q.scans.length, 'Engine searches this query needs (one per scan)');
  }
  const budget: Budget = { left: o.maxBuckets, max: o.maxBuckets, pages: 0, maxPages: o.maxCompositePages };
  const deadline = o.deadline ?? Deadline.in(o.timeoutMs);
  const results: ScanResult[][] = new Array(q.scans.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < q.scans.length) {
      const i = next++;
      results[i] = await runScan(q.scans[i]!, { index: q.index, engine, deadline, budget });
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 2, q.scans.length) }, worker));
  return results.flat();
}
