/**
 * One strategy per scan kind (ScanSpec in compiler/plan.ts), each answering rows for the reader:
 * a single search's aggregations; a histogram's non-empty buckets; a composite paged with
 * `after_key` to the end; and the two fixed-key kinds, whose `filters` aggregation is split back
 * into one result per combination, so the reader sees what one search per combination gave.
 */
import type { Deadline } from '../backend/deadline.js';
import type { EngineClient, SearchResponse } from '../backend/engine-client.js';
import { COMPOSITE_AGG, FIXED_AGG, type FixedValues, type ScanSpec } from '../compiler/plan.js';
import { ProxyError } from '../errors/proxy-error.js';
import { noteBuckets, noteCompositePage } from '../observability/context.js';
import { limitError } from '../policy/refuse.js';

type Bucket = Record<string, unknown>;

/**
 * What one scan answered, as rows of one level: composite-shaped buckets (`rows`), or one row
 * from top-level aggregations (`row`), each standing for `fixed`'s values of the fixed keys.
 */
export type ScanResult =
  | { readonly kind: 'rows'; readonly level: number; readonly fixed: FixedValues; readonly total: number; readonly buckets: readonly Record<string, unknown>[] }
  | { readonly kind: 'row'; readonly level: number; readonly fixed: FixedValues; readonly total: number; readonly aggs: Readonly<Record<string, unknown>> };


/** What the scans of one request share: buckets left, and composite pages fetched. */
export interface Budget {
  left: number;
  readonly max: number;
  /** composite pages fetched by this call (the bound outside a client request) */
  pages: number;
  readonly maxPages: number | undefined;
}

export interface ScanContext {
  readonly index: string;
  readonly engine: EngineClient;
  readonly deadline: Deadline;
  readonly budget: Budget;
}

const NONE: FixedValues = {};

export async function runScan(spec: ScanSpec, c: ScanContext): Promise<ScanResult[]> {
  const { level } = spec;
  switch (spec.kind) {
    case 'single': {
      const res = await c.engine.search(c.index, spec.body, c.deadline);
      return [{ kind: 'row', level, fixed: NONE, total: totalOf(res), aggs: res.aggregations ?? {} }];
    }
    case 'histogram': {
      const res = await c.engine.search(c.index, spec.body, c.deadline);
      const buckets = ((res.aggregations?.[COMPOSITE_AGG] as { buckets?: Bucket[] } | undefined)?.buckets ?? []).filter((b) => (b.doc_count as number) > 0);
      spend(c.budget, buckets.length);
      return [{ kind: 'rows', level, fixed: NONE, total: totalOf(res), buckets: buckets.map((b) => ({ ...b, key: { [spec.source]: b.key } })) }];
    }
    case 'composite': {
      const { total, buckets } = await pages(spec, c, (got) => got.length);
      return [{ kind: 'rows', level, fixed: NONE, total, buckets }];
    }
    case 'fixed': {
      const res = await c.engine.search(c.index, spec.body, c.deadline);
      const subs = subBuckets(res.aggregations);
      // every combination is a row, empty or not, as when each was its own search
      return spec.combinations.map((fixed, i) => {
        const sub = subs[i] ?? { doc_count: 0 };
        return { kind: 'row', level, fixed, total: sub.doc_count as number, aggs: sub };
      });
    }
    case 'fixedComposite': {
      const { buckets } = await pages(spec, c, nonEmptyCombinations);
      const rows: Bucket[][] = spec.combinations.map(() => []);
      for (const b of buckets) {
        subBuckets(b).forEach((s, i) => {
          // a group-by has no empty groups
          if ((s.doc_count as number) > 0) rows[i]?.push({ ...s, key: b.key });
        });
      }
      return spec.combinations.map((fixed, i) => {
        const own = rows[i] ?? [];
        return { kind: 'rows', level, fixed, total: own.reduce((t, r) => t + (r.doc_count as number), 0), buckets: own };
      });
    }
  }
}

/** A composite paged to the end: the hit count of the first page, every page's buckets in key order. */
async function pages(spec: ScanSpec, c: ScanContext, rowsOf: (got: readonly Bucket[]) => number): Promise<{ total: number; buckets: Bucket[] }> {
  const buckets: Bucket[] = [];
  let total = 0;
  for await (const page of compositePages(spec, c, rowsOf)) {
    if (page.first) total = page.total;
    buckets.push(...page.buckets);
  }
  return { total, buckets };
}

/**
 * A composite's pages one at a time, as the consumer pulls (`pages` gathers them; exports stream
 * them). `deadlineFor` gives each page its own deadline in place of the request's.
 */
export async function* compositePages(
  spec: ScanSpec,
  c: ScanContext,
  rowsOf: (got: readonly Bucket[]) => number = (got) => got.length,
  deadlineFor?: () => Deadline,
): AsyncGenerator<{ readonly first: boolean; readonly total: number; readonly buckets: Bucket[] }> {
  let after: unknown;
  for (let page = 0; ; page++) {
    const res = await c.engine.search(c.index, withAfter(spec, after, page > 0), deadlineFor?.() ?? c.deadline);
    const fetched = noteCompositePage() ?? ++c.budget.pages;
    const top = spec.under === undefined ? res.aggregations : (res.aggregations?.[spec.under] as Bucket | undefined);
    const agg = top?.[COMPOSITE_AGG] as { buckets: Bucket[]; after_key?: unknown } | undefined;
    const got = agg?.buckets ?? [];
    spend(c.budget, rowsOf(got));
    yield { first: page === 0, total: page === 0 ? totalOf(res) : 0, buckets: got };
    // Why: the last page may still carry an after_key; an empty page is the only reliable end.
    if (got.length === 0 || agg?.after_key === undefined) return;
    if (c.budget.maxPages !== undefined && fetched >= c.budget.maxPages) {
      throw limitError('maxCompositePages', c.budget.maxPages, 'Composite pages fetched for this request (more groups remain)');
    }
    after = agg.after_key;
  }
}

/**
 * The bucket budget holds per compiled query and, across all of a client request's queries (a
 * Shopware request may carry hundreds of aggregations), for the request as a whole.
 */
function spend(budget: Budget, rows: number): void {
  budget.left -= rows;
  const requestTotal = noteBuckets(rows) ?? 0;
  if (budget.left < 0 || requestTotal > budget.max) throw new ProxyError({ kind: 'bucket_budget', limit: budget.max, at: {} });
}

const totalOf = (res: SearchResponse): number => res.hits.total?.value ?? 0;

const subBuckets = (b: Bucket | undefined): Bucket[] => ((b?.[FIXED_AGG] as { buckets?: Bucket[] } | undefined)?.buckets ?? []);

/** Non-empty combination buckets of composite buckets: what a page adds to the bucket budget. */
function nonEmptyCombinations(buckets: readonly Bucket[]): number {
  let n = 0;
  for (const b of buckets) for (const s of subBuckets(b)) if ((s.doc_count as number) > 0) n++;
  return n;
}

function withAfter(spec: ScanSpec, after: unknown, later: boolean): Record<string, unknown> {
  const { body, under } = spec;
  if (!later) return body;
  type Aggs = Record<string, { composite?: Record<string, unknown>; aggs?: Aggs }>;
  const paged = (aggs: Aggs): Aggs => {
    const groups = aggs[COMPOSITE_AGG] as { composite: Record<string, unknown>; aggs?: Aggs };
    return { ...aggs, [COMPOSITE_AGG]: { ...groups, composite: { ...groups.composite, after } } };
  };
  const aggs = body.aggs as Aggs;
  // the composite sits at the top, or inside the single-bucket aggregation `under` names
  const next = under === undefined ? paged(aggs) : { ...aggs, [under]: { ...aggs[under], aggs: paged((aggs[under] as { aggs: Aggs }).aggs) } };
  // later pages need no hit count
  return { ...body, track_total_hits: false, aggs: next };
}
