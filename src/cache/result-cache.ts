/**
 * LRU of result tables, bounded in bytes, with a TTL. Keys hash the normalized IR with the index
 * and the engine identity, so identical questions from different dialects share an entry.
 *
 * Bounded by what it really holds: entries are kept serialized, as strings on the V8 heap (tables
 * as JSON, answers as the text sent), and each counts its bytes plus a per-entry overhead measured
 * on the heap (test/src/cache/result-cache.test.ts checks the bound). Counting JSON lengths of live
 * objects undercounted small results six times over; Buffers (v8.serialize) cost several times
 * their length in RSS through malloc, where heap strings cost what they hold. Expired entries are
 * purged on a timer, so an idle proxy gives its memory back.
 */
import { LRUCache } from 'lru-cache';
import type { ResultRow, ResultTable } from '../ir/result.js';
import type { DocumentPage } from '../ir/documents.js';

/** What one IR query yields: a result table (aggregations) or a page of documents. */
export type CachedResult = ResultTable | DocumentPage;

/** A dialect answer already serialized, for the exact request bytes that produced it. */
export interface MemoizedResponse {
  readonly status: number;
  readonly body: string;
  /** the answer's media type, when not `application/json` */
  readonly type?: string;
}

/**
 * Heap bytes an entry costs beyond its payload and key characters: the key and value string
 * headers, the LRU's map slot and index arrays with TTL bookkeeping, the answer record. Measured
 * at ~150 B a table and ~190 B an answer (node 20, 100k entries, heap after GC); rounded up.
 */
export const ENTRY_OVERHEAD_BYTES = 256;

/** V8 keeps a string in one byte per character when every character fits in Latin-1, else two. */
export function stringBytes(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(s) ? 2 * s.length : s.length;
}

/** JSON has no NaN or Infinity; a computed metric may be one, and must come back as it went in. */
const NON_FINITE = '"$nonFinite"';
const keepNonFinite = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? { $nonFinite: String(v) } : v);
const revive = (_k: string, v: unknown): unknown =>
  v !== null && typeof v === 'object' && '$nonFinite' in v ? Number((v as { $nonFinite: string }).$nonFinite) : v;

/** Share of the byte budget for memoized answers; the rest holds result tables. */
const RESPONSE_SHARE = 0.25;

/**
 * Largest share of a store one entry may take. Why: one 40 MB answer would evict every other entry,
 * and serializing it only to have the LRU refuse it blocked the event loop for a second.
 */
const MAX_ENTRY_SHARE = 1 / 8;

/** Fewest serialized bytes a result row takes (`{"keys":{},"count":0,"values":{}}`). */
const MIN_ROW_BYTES = 34;

/** Rows of a table at every level, counted up to `stopAt`. */
function rowsUpTo(table: CachedResult, stopAt: number): number {
  if (!('rows' in table) || !('groupCount' in table)) return 0;
  let n = 0;
  const pending: (readonly ResultRow[])[] = [table.rows];
  for (let rows = pending.pop(); rows && n < stopAt; rows = pending.pop()) {
    n += rows.length;
    for (const r of rows) if (r.children) pending.push(r.children);
  }
  return n;
}

/** Whether a NaN or an Infinity sits anywhere in the value (an iterative walk: no replacer call per key). */
function hasNonFinite(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) pending.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) pending.push((v as Record<string, unknown>)[k]);
    }
  }
  return false;
}

export class ResultCache {
  private readonly lru: LRUCache<string, string> | undefined;
  /**
   * Why: a cache hit through the table still re-validates, re-lowers, re-hashes and re-serializes;
   * the benchmark showed that at half of bare-Express throughput. Identical request bytes skip all of it.
   */
  private readonly responses: LRUCache<string, MemoizedResponse> | undefined;
  private readonly purger: NodeJS.Timeout | undefined;
  private readonly maxTableEntryBytes: number;

  constructor(maxBytes: number, ttlMs: number) {
    const ttl = ttlMs > 0 ? { ttl: ttlMs } : {};
    const responseBytes = Math.floor(maxBytes * RESPONSE_SHARE);
    this.maxTableEntryBytes = Math.max(1, Math.floor((maxBytes - responseBytes) * MAX_ENTRY_SHARE));
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, string>({ maxSize: Math.max(1, maxBytes - responseBytes), maxEntrySize: this.maxTableEntryBytes, sizeCalculation: (t, k) => stringBytes(t) + k.length + ENTRY_OVERHEAD_BYTES, ...ttl })
        : undefined;
    this.responses =
      maxBytes > 0
        ? new LRUCache<string, MemoizedResponse>({
            maxSize: Math.max(1, responseBytes),
            maxEntrySize: Math.max(1, Math.floor(responseBytes * MAX_ENTRY_SHARE)),
            sizeCalculation: (r, k) => stringBytes(r.body) + k.length + ENTRY_OVERHEAD_BYTES,
            ...ttl,
          })
        : undefined;
    // Why a timer and not ttlAutopurge: that keeps one timer per entry, itself ~100 B of heap
    if (maxBytes > 0 && ttlMs > 0) {
      this.purger = setInterval(() => this.purgeStale(), Math.max(1000, Math.floor(ttlMs / 2)));
      this.purger.unref();
    }
  }

  getResponse(key: string): MemoizedResponse | undefined {
    return this.responses?.get(key);
  }

  setResponse(key: string, r: MemoizedResponse): void {
    // lru-cache refuses an entry over maxEntrySize (and drops an older one under the same key)
    this.responses?.set(key, r);
  }

  /** A fresh copy each time: callers may not share (or mutate) what the cache holds. */
  get(key: string): CachedResult | undefined {
    const text = this.lru?.get(key);
    if (text === undefined) return undefined;
    return JSON.parse(text, text.includes(NON_FINITE) ? revive : undefined) as CachedResult;
  }

  set(key: string, table: CachedResult): void {
    if (!this.lru) return;
    // a table that cannot fit is not serialized at all (its row count alone tells)
    if (rowsUpTo(table, this.maxTableEntryBytes / MIN_ROW_BYTES + 1) * MIN_ROW_BYTES > this.maxTableEntryBytes) {
      this.lru.delete(key);
      return;
    }
    this.lru.set(key, hasNonFinite(table) ? JSON.stringify(table, keepNonFinite) : JSON.stringify(table));
  }

  /** Entries and estimated bytes per store, for /metrics. */
  stats(): { tables: { entries: number; bytes: number }; responses: { entries: number; bytes: number } } {
    return {
      tables: { entries: this.lru?.size ?? 0, bytes: this.lru?.calculatedSize ?? 0 },
      responses: { entries: this.responses?.size ?? 0, bytes: this.responses?.calculatedSize ?? 0 },
    };
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Bytes counted against the budget (tables and answers). */
  get bytes(): number {
    return (this.lru?.calculatedSize ?? 0) + (this.responses?.calculatedSize ?? 0);
  }

  /** Drops every expired entry now (the timer does this every half TTL). */
  purgeStale(): void {
    this.lru?.purgeStale();
    this.responses?.purgeStale();
  }

  clear(): void {
    this.lru?.clear();
    this.responses?.clear();
  }

  /** Stops the purge timer (it never keeps the process alive anyway). */
  close(): void {
    if (this.purger) clearInterval(this.purger);
  }
}
