/**
 * Runs a compiled query: each scan once, composite scans paged with `after_key` until the engine
 * says there is no more, within a bucket budget shared by the whole request. Exceeding the
 * budget is a clear error, never a truncated answer. Every page and scan draws on one deadline.
 * Two more bounds keep one request from occupying the engine: the number of scans is checked
 * before the first search (limits.maxEngineSearches), and composite pages are counted across the
 * whole client request (limits.maxCompositePages); over either is a `limit` error, never a cut.
 * A cancelled or expired deadline stops the paging at once (the engine client refuses to send).
 */
import type { EngineClient } from '../backend/engine-client.js';
import { COMPOSITE_AGG, type CompiledQuery, type ScanSpec } from '../compiler/plan.js';
import { ProxyError } from '../errors/proxy-error.js';
import { noteCompositePage } from '../observability/context.js';
import { Deadline } from '../backend/deadline.js';
import { limitError, within } from '../policy/refuse.js';
import { nonEmptyCombinations, splitAggs, splitComposite } from './split-fixed.js';

export interface ScanResult {
  readonly spec: ScanSpec;
  /** documents matching the scan's query */
  readonly total: number;
  /** composite buckets, all pages in key order (composite scans) */
  readonly buckets: readonly Record<string, unknown>[];
  /** top-level aggregations (scans without open keys) */
  readonly aggs: Readonly<Record<string, unknown>>;
}

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

interface Budget {
  /** buckets still allowed */
  left: number;
  /** composite pages fetched by this call (the bound outside a client request) */
  pages: number;
}

export interface ExecutionStats {
  requests: number;
  engineMs: number;
}

export async function execute(
  q: CompiledQuery,
  engine: EngineClient,
  o: ExecuteOptions,
  stats: ExecutionStats = { requests: 0, engineMs: 0 },
): Promise<ScanResult[]> {
  if (o.maxEngineSearches !== undefined) {
    within('maxEngineSearches', o.maxEngineSearches, q.scans.length, 'Engine searches this query needs (one per scan)');
  }
  const budget: Budget = { left: o.maxBuckets, pages: 0 };
  const deadline = o.deadline ?? Deadline.in(o.timeoutMs);
  const results: ScanResult[][] = new Array(q.scans.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < q.scans.length) {
      const i = next++;
      results[i] = await runScan(q.index, q.scans[i] as ScanSpec, engine, { ...o, deadline }, budget, stats);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 2, q.scans.length) }, worker));
  return results.flat();
}

async function runScan(
  index: string,
  spec: ScanSpec,
  engine: EngineClient,
  o: ExecuteOptions & { readonly deadline: Deadline },
  budget: Budget,
  stats: ExecutionStats,
): Promise<ScanResult[]> {
  const started = Date.now();
  if (!spec.composite) {
    const res = await engine.search(index, spec.body, o.deadline);
    stats.requests++;
    stats.engineMs += Date.now() - started;
    const total = res.hits.total?.value ?? 0;
    if (spec.histogram) return [{ spec, total, buckets: histogramRows(res.aggregations, spec.histogram, budget, o.maxBuckets), aggs: {} }];
    if (spec.fixedSet) return splitAggs(spec, spec.fixedSet, res.aggregations);
    return [{ spec, total, buckets: [], aggs: res.aggregations ?? {} }];
  }
  const buckets: Record<string, unknown>[] = [];
  let after: unknown;
  let total = 0;
  for (let page = 0; ; page++) {
    const body = withAfter(spec.body, after, page > 0);
    const res = await engine.search(index, body, o.deadline);
    stats.requests++;
    const pages = noteCompositePage() ?? ++budget.pages;
    if (page === 0) total = res.hits.total?.value ?? 0;
    const agg = res.aggregations?.[COMPOSITE_AGG] as { buckets: Record<string, unknown>[]; after_key?: unknown } | undefined;
    const got = agg?.buckets ?? [];
    budget.left -= spec.fixedSet ? nonEmptyCombinations(got) : got.length;
    if (budget.left < 0) {
      throw new ProxyError({ kind: 'bucket_budget', limit: o.maxBuckets, at: {} });
    }
    buckets.push(...got);
    // Why: the last page may still carry an after_key; an empty page is the only reliable end.
    if (got.length === 0 || agg?.after_key === undefined) break;
    if (o.maxCompositePages !== undefined && pages >= o.maxCompositePages) {
      throw limitError('maxCompositePages', o.maxCompositePages, 'Composite pages fetched for this request (more groups remain)');
    }
    after = agg.after_key;
  }
  stats.engineMs += Date.now() - started;
  if (spec.fixedSet) return splitComposite(spec, spec.fixedSet, buckets);
  return [{ spec, total, buckets, aggs: {} }];
}

/**
 * A histogram's buckets as composite-shaped rows (the key under its source name); empty buckets
 * are dropped, since a group-by has no empty groups.
 */
function histogramRows(aggs: Record<string, unknown> | undefined, source: string, budget: Budget, limit: number): Record<string, unknown>[] {
  const buckets = ((aggs?.[COMPOSITE_AGG] as { buckets?: Record<string, unknown>[] } | undefined)?.buckets ?? []).filter(
    (b) => (b.doc_count as number) > 0,
  );
  budget.left -= buckets.length;
  if (budget.left < 0) throw new ProxyError({ kind: 'bucket_budget', limit, at: {} });
  return buckets.map((b) => ({ ...b, key: { [source]: b.key } }));
}

function withAfter(body: Record<string, unknown>, after: unknown, later: boolean): Record<string, unknown> {
  if (!later) return body;
  const aggs = body.aggs as Record<string, { composite: Record<string, unknown>; aggs?: unknown }>;
  const groups = aggs[COMPOSITE_AGG] as { composite: Record<string, unknown>; aggs?: unknown };
  // later pages need no hit count
  return {
    ...body,
    track_total_hits: false,
    aggs: { ...aggs, [COMPOSITE_AGG]: { ...groups, composite: { ...groups.composite, after } } },
  };
}
