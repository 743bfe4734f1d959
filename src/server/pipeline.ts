/**
 * The shared path of every dialect request after lowering:
 * IR → (cache) → compile → execute → read → format, or the explain document instead of running.
 */
import type { Logger } from 'pino';
import type { AggQuery } from '../ir/nodes.js';
import type { AppConfig } from '../catalog/config.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EngineClient } from '../backend/engine-client.js';
import type { SchemaRegistry } from '../backend/schema.js';
import type { ResultCache } from '../cache/result-cache.js';
import type { ResultTable } from '../reader/table.js';
import type { Lowered } from '../../translators/translator.js';
import type { EngineState } from './engine-state.js';
import { compile } from '../compiler/compile.js';
import { execute } from '../executor/execute.js';
import { read } from '../reader/read.js';
import { hashOf } from '../ir/hash.js';
import type { DocumentPage, DocumentsQuery } from '../ir/documents.js';
import { compileDocuments } from '../compiler/documents.js';
import { readDocuments } from '../reader/documents.js';

export interface PipelineDeps {
  readonly config: AppConfig;
  readonly catalog: Catalog;
  readonly engine: EngineClient;
  readonly schemas: SchemaRegistry;
  readonly cache: ResultCache;
  readonly engineState: () => Promise<EngineState>;
  readonly logger: Logger;
}

export interface RunOptions {
  readonly explain: boolean;
  readonly bypassCache: boolean;
  /** the client's own deadline (Druid `context.timeout`), below the configured one */
  readonly timeoutMs?: number;
}

export type CacheStatus = 'hit' | 'miss' | 'bypass' | 'explain';

export interface RunResult<Out> {
  readonly body: Out | ExplainDocument;
  readonly cache: CacheStatus;
}

export interface ExplainDocument {
  readonly explain: {
    readonly engine: { readonly flavour: string; readonly version: string; readonly scripts: boolean };
    readonly queries: readonly {
      readonly ir: AggQuery;
      readonly irHash: string;
      readonly index: string;
      readonly requests: readonly unknown[];
      readonly plan: unknown;
      readonly notes: readonly string[];
    }[];
    readonly documents?: { readonly ir: DocumentsQuery; readonly index: string; readonly request: unknown };
  };
}

export class Pipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run<Out>(lowered: Lowered<Out>, o: RunOptions): Promise<RunResult<Out>> {
    const { config, schemas, engine, cache } = this.deps;
    const state = await this.deps.engineState();
    const schema = await schemas.get(lowered.dataset);
    const identity = { flavour: state.info.flavour, version: state.info.version, url: engine.url };
    const compileOne = (q: AggQuery) =>
      compile(q, { index: lowered.dataset.index, schema, caps: state.caps, compositePageSize: config.limits.compositePageSize });
    // the key needs only the IR: a cache hit skips compilation entirely
    const keyed = lowered.queries.map((q) => ({ q, key: hashOf(q, lowered.dataset.index, identity) }));
    if (o.explain) {
      return {
        cache: 'explain',
        body: {
          explain: {
            engine: { ...state.info, scripts: state.caps.scripts },
            queries: keyed.map(({ q, key }) => {
              const c = compileOne(q);
              return {
                ir: q,
                irHash: key,
                index: c.index,
                requests: c.scans.map((s) => ({ method: 'POST', path: `/${c.index}/_search`, body: s.body, pagedBy: s.composite ? 'composite after_key' : 'none' })),
                plan: c.plan,
                notes: c.notes,
              };
            }),
            ...(lowered.documents
              ? { documents: { ir: lowered.documents, index: lowered.dataset.index, request: compileDocuments(lowered.documents, schema) } }
              : {}),
          },
        },
      };
    }
    let hits = 0;
    const deadline = Math.min(o.timeoutMs ?? Infinity, config.engine.timeoutMs);
    const page = async (): Promise<DocumentPage | undefined> => {
      const docs = lowered.documents;
      if (!docs) return undefined;
      const key = hashOf(docs, lowered.dataset.index, identity);
      const hit = o.bypassCache ? undefined : cache.get(key);
      if (hit && 'documents' in hit) {
        hits++;
        return hit;
      }
      const res = await engine.search(lowered.dataset.index, compileDocuments(docs, schema), deadline);
      const fresh = readDocuments(res, docs);
      cache.set(key, fresh);
      return fresh;
    };
    // the documents page and the aggregation scans are independent: ask for them together
    const [documents, tables] = await Promise.all([
      page(),
      Promise.all(keyed.map(async ({ q, key }): Promise<ResultTable> => {
        if (!o.bypassCache) {
          const hit = cache.get(key);
          if (hit && 'rows' in hit) {
            hits++;
            return hit;
          }
        }
        const c = compileOne(q);
        const scans = await execute(c, engine, { maxBuckets: config.limits.maxBuckets, timeoutMs: deadline });
        const table = read(c.plan, scans, c.notes);
        cache.set(key, table);
        return table;
      })),
    ]);
    const asked = keyed.length + (lowered.documents ? 1 : 0);
    const status: CacheStatus = o.bypassCache ? 'bypass' : hits === asked && hits > 0 ? 'hit' : 'miss';
    return { body: lowered.format(tables, documents), cache: status };
  }
}
