/**
 * LRU of result tables, bounded in bytes, with a TTL. Keys hash the normalized IR with the index
 * and the engine identity, so identical questions from different dialects share an entry.
 */
import { LRUCache } from 'lru-cache';
import type { ResultTable } from '../reader/table.js';
import type { DocumentPage } from '../ir/documents.js';

/** What one IR query yields: a result table (aggregations) or a page of documents. */
export type CachedResult = ResultTable | DocumentPage;

/** A dialect answer already serialized, for the exact request bytes that produced it. */
export interface MemoizedResponse {
  readonly status: number;
  readonly body: string;
}

export class ResultCache {
  private readonly lru: LRUCache<string, CachedResult> | undefined;
  /**
   * Why: a cache hit through the table still re-validates, re-lowers, re-hashes and re-serializes;
   * the benchmark showed that at half of bare-Express throughput. Identical request bytes skip all of it.
   */
  private readonly responses: LRUCache<string, MemoizedResponse> | undefined;

  constructor(maxBytes: number, ttlMs: number) {
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, CachedResult>({
            maxSize: maxBytes,
            // size estimate: serialized length; computed once per insertion
            sizeCalculation: (t) => Math.max(1, JSON.stringify(t).length),
            ...(ttlMs > 0 ? { ttl: ttlMs } : {}),
          })
        : undefined;
    this.responses =
      maxBytes > 0
        ? new LRUCache<string, MemoizedResponse>({
            maxSize: Math.max(1, Math.floor(maxBytes / 4)),
            sizeCalculation: (r) => Math.max(1, r.body.length),
            ...(ttlMs > 0 ? { ttl: ttlMs } : {}),
          })
        : undefined;
  }

  getResponse(key: string): MemoizedResponse | undefined {
    return this.responses?.get(key);
  }

  setResponse(key: string, r: MemoizedResponse): void {
    this.responses?.set(key, r);
  }

  get(key: string): CachedResult | undefined {
    return this.lru?.get(key);
  }

  set(key: string, table: CachedResult): void {
    this.lru?.set(key, table);
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

  clear(): void {
    this.lru?.clear();
    this.responses?.clear();
  }
}
