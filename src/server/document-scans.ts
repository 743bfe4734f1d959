/**
 * Scans: every document of a documents query, past the engine's result window, for exports. One
 * engine scroll per scan (src/executor/scroll.ts), read as the consumer pulls, so memory holds one
 * page whatever the size. Bounded like everything else: at most limits.maxConcurrentScans open at
 * once (503 when full: each holds an engine view), at most limits.maxScanDocuments read by one scan
 * (refused from the exact total before the first page reaches the consumer, never cut midway).
 */
import type { EngineClient } from '../backend/engine-client.js';
import type { DocumentsScan, RunOptions } from '../dialect/contract.js';
import type { DocumentPage } from '../ir/documents.js';
import type { DatasetSchema } from '../ir/schema.js';
import type { Limits } from '../policy/limits.js';
import { compileDocuments } from '../compiler/documents.js';
import { readDocuments } from '../reader/documents.js';
import { scroll } from '../executor/scroll.js';
import { ProxyError } from '../errors/proxy-error.js';
import { within } from '../policy/refuse.js';

/** How long the engine keeps a scan's view between two pages: a consumer slower than this loses it. */
const KEEP_ALIVE_MS = 120_000;

export class DocumentScans {
  private open = 0;

  constructor(
    private readonly engine: EngineClient,
    private readonly limits: Limits,
    private readonly pageTimeoutMs: number,
  ) {}

  async *pages(request: DocumentsScan, schema: DatasetSchema, o: RunOptions): AsyncGenerator<DocumentPage> {
    const docs = request.documents;
    if (docs.collapse !== undefined) {
      throw new ProxyError({ kind: 'unsupported', feature: 'a scan of one document per group (collapse)', at: {} });
    }
    if (this.open >= this.limits.maxConcurrentScans) {
      throw new ProxyError({ kind: 'overloaded', retryAfterSeconds: 1, message: `${this.open} scans are open already (limits.maxConcurrentScans)` });
    }
    this.open++;
    try {
      // a scroll counts every match exactly (the engines refuse it otherwise) and starts at the first
      const { from: _from, ...body } = compileDocuments({ ...docs, offset: 0, limit: request.pageSize, exactTotal: true }, schema);
      let skip = docs.offset;
      let left = docs.limit;
      let first = true;
      let seen = 0;
      for await (const res of scroll(this.engine, request.dataset.index, body, { keepAliveMs: KEEP_ALIVE_MS, pageTimeoutMs: this.pageTimeoutMs, signal: o.signal })) {
        const page = readDocuments(res, { ...docs, exactTotal: true });
        const total = page.total ?? 0;
        if (first) {
          within('maxScanDocuments', this.limits.maxScanDocuments, Math.min(total, docs.offset + docs.limit), 'Documents this scan reads (skipped ones included)', { pointer: '/limit' });
        }
        const from = Math.min(skip, page.documents.length);
        skip -= from;
        const take = Math.min(left, page.documents.length - from);
        left -= take;
        // the first page always reaches the consumer, with the total, even when it holds nothing to keep
        if (take > 0 || first) yield { documents: page.documents.slice(from, from + take), ids: page.ids?.slice(from, from + take), total };
        first = false;
        seen += page.documents.length;
        // every match read: no need to ask for the empty page that would say so
        if (left <= 0 || seen >= total) return;
      }
    } finally {
      this.open--;
    }
  }
}
