/**
 * LRU of result tables, bounded in bytes, with a TTL. Keys hash the normalized IR with the index
 * and the engine identity, so identical questions from different dialects share an entry.
 */
import { LRUCache } from 'lru-cache';
import type { ResultTable } from '../reader/table.js';

export class ResultCache {
  private readonly lru: LRUCache<string, ResultTable> | undefined;

  constructor(maxBytes: number, ttlMs: number) {
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, ResultTable>({
            maxSize: maxBytes,
            // size estimate: serialized length; computed once per insertion
            sizeCalculation: (t) => Math.max(1, JSON.stringify(t).length),
            ...(ttlMs > 0 ? { ttl: ttlMs } : {}),
          })
        : undefined;
  }

  get(key: string): ResultTable | undefined {
    return this.lru?.get(key);
  }

  set(key: string, table: ResultTable): void {
    this.lru?.set(key, table);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  clear(): void {
    this.lru?.clear();
  }
}
