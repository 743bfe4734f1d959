/**
 * The shared path of every dialect request after lowering:
 * IR → (cache) → compile → execute → read → format, or the explain document instead of running.
 */
import type { Logger } from 'pino';
import type { AggQuery } from '../ir/nodes.js';
import type { AppConfig } from '../catalog/config.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EngineClient } from '../backend/engine-client.js';
import type { DatasetSchema } from '../ir/schema.js';
import type { SchemaRegistry } from '../backend/schema.js';
import type { ResultCache } from '../cache/result-cache.js';
import type { ResultTable } from '../ir/result.js';
import type { CacheStatus, DocumentsScan, Lowered, RunOptions, RunResult as ContractRunResult, Staged } from '../dialect/contract.js';
import type { EngineState } from './engine-state.js';
import { compile } from '../compiler/compile.js';
import { execute } from '../executor/execute.js';
import { readInSlices } from '../reader/read.js';
import { yieldToLoop } from '../util/slices.js';
import { hashOf } from '../ir/hash.js';
import type { DocumentPage, DocumentsQuery } from '../ir/documents.js';
import { compileDocuments } from '../compiler/documents.js';
import { readDocuments } from '../reader/documents.js';
import { ANONYMOUS, mayRead, type Tenant } from '../auth/access.js';
import { tenantPredicate } from '../auth/tenant-filter.js';
import { ProxyError } from '../errors/proxy-error.js';
import { narrow, narrowDocuments, narrowQuery } from './tenant-scope.js';
import { groupPages, heldNullKey, streamable } from './group-scans.js';
import { DocumentScans } from './document-scans.js';
import { noteDataset } from '../observability/context.js';
import { Deadline } from '../backend/deadline.js';
import type { ScanKind } from '../compiler/plan.js';

/** Rows above which an answer's formatting waits for a turn of the event loop. */
const LARGE_ANSWER_ROWS = 10_000;

/** How explain describes each scan kind's paging. */
const PAGED_BY: Record<ScanKind, string> = {
  single: 'none',
  histogram: 'none (histogram for cumulative_sum)',
  composite: 'composite after_key',
  fixed: 'none (one filters bucket per range/filter combination)',
  fixedComposite: 'composite after_key (a filters bucket per range/filter combination under each group)',
};

export interface PipelineDeps {
  readonly config: AppConfig;
  readonly catalog: Catalog;
  readonly engine: EngineClient;
  readonly schemas: SchemaRegistry;
  readonly cache: ResultCache;
  readonly engineState: () => Promise<EngineState>;
  readonly logger: Logger;
  /** `skip` (aggproxy translate): a staged request's probe is explained, not run */
  readonly probes?: 'run' | 'skip';
}

export type { CacheStatus, RunOptions } from '../dialect/contract.js';

export interface RunResult<Out> extends ContractRunResult<Out> {
  readonly body: Out | ExplainDocument;
}

export interface ExplainedQuery {
  readonly ir: AggQuery;
  readonly irHash: string;
  readonly index: string;
  readonly requests: readonly unknown[];
  readonly plan: unknown;
  readonly notes: readonly string[];
}

export interface ExplainDocument {
  readonly explain: {
    readonly engine: { readonly flavour: string; readonly version: string; readonly scripts: boolean; readonly missing: EngineState['missing'] };
    /** queries run first, whose answers shaped `queries` (they ran even for explain) */
    readonly probe?: readonly ExplainedQuery[];
    readonly queries: readonly ExplainedQuery[];
    /** why `queries` is empty: the probe was not run (aggproxy translate), and they depend on its answer */
    readonly pending?: string;
    readonly documents?: { readonly ir: DocumentsQuery; readonly index: string; readonly request: unknown };
  };
}

export class Pipeline {
  private readonly scans: DocumentScans;

  constructor(private readonly deps: PipelineDeps) {
    this.scans = new DocumentScans(deps.engine, deps.config.limits, deps.config.engine.timeoutMs);
  }

  /** Defence in depth: routes resolve datasets for their tenant, and this holds whatever a route does. */
  private admit(dataset: string, o: RunOptions): void {
    if (this.deps.catalog.access.enabled && o.tenant === ANONYMOUS) {
      throw new ProxyError({ kind: 'unauthorized', reason: 'missing', message: 'no credentials were sent' });
    }
    if (!mayRead(o.tenant, dataset)) throw new ProxyError({ kind: 'unknown_dataset', dataset });
    noteDataset(dataset);
  }

  async *scan(asked: DocumentsScan, o: RunOptions): AsyncGenerator<DocumentPage> {
    this.admit(asked.dataset.name, o);
    const schema = await this.deps.schemas.get(asked.dataset);
    const p = tenantPredicate(o.tenant, schema);
    const documents = p ? narrowDocuments(asked.documents, p) : asked.documents;
    yield* this.scans.pages({ ...asked, documents }, schema, o);
  }

  async *scanGroups(asked: { readonly dataset: Lowered<unknown>['dataset']; readonly query: AggQuery }, o: RunOptions): AsyncGenerator<ResultTable> {
    this.admit(asked.dataset.name, o);
    const [schema, state] = await Promise.all([this.deps.schemas.get(asked.dataset), this.deps.engineState()]);
    const p = tenantPredicate(o.tenant, schema);
    const query = p ? narrowQuery(asked.query, p) : asked.query;
    const c = this.compileOne(query, asked.dataset.index, schema, state);
    if (!streamable(query, c)) {
      // run narrows to the tenant itself
      const whole = await this.run({ dataset: asked.dataset, queries: [asked.query], format: (t) => t[0] }, { ...o, explain: false, bypassCache: true });
      if (whole.body) yield whole.body as ResultTable;
      return;
    }
    yield* groupPages(c, this.deps.engine, this.deps.config.limits, this.deps.config.engine.timeoutMs, o.signal, heldNullKey(query));
  }

  async run<Out>(asked: Lowered<Out> | Staged<Out>, o: RunOptions): Promise<RunResult<Out>> {
    this.admit(asked.dataset.name, o);
    // one deadline for the whole request: probe, every page of every scan, the documents
    const deadline = Deadline.in(Math.min(o.timeoutMs ?? Infinity, this.deps.config.engine.timeoutMs), o.signal);
    const state = await this.deps.engineState();
    const counter = { hits: 0, asked: 0 };
    // a staged request's second stage reads the same dataset as its probe
    const schema = await this.deps.schemas.get(asked.dataset);
    const request = narrow(asked, tenantPredicate(o.tenant, schema));
    let lowered: Lowered<Out>;
    let probe: ExplainedQuery[] = [];
    if ('probe' in request && o.explain && this.deps.probes === 'skip') {
      const engineInfo = { ...state.info, scripts: state.caps.scripts, missing: state.missing };
      const probe = request.probe.map((q) => this.explainOne(q, request.dataset.index, schema, state, o.tenant));
      const pending = 'the remaining queries depend on the probe answer; `aggproxy explain` runs the probe and shows them';
      return { cache: 'explain', body: { explain: { engine: engineInfo, probe, queries: [], pending } } };
    }
    if ('probe' in request) {
      // the probe's answer shapes the real queries, so it runs even for explain
      const tables = await this.tables(request.probe, request.dataset.index, schema, state, o, deadline, counter);
      lowered = request.then(tables);
      if (o.explain) probe = request.probe.map((q) => this.explainOne(q, request.dataset.index, schema, state, o.tenant));
    } else lowered = request;
    if (o.explain) {
      return {
        cache: 'explain',
        body: {
          explain: {
            engine: { ...state.info, scripts: state.caps.scripts, missing: state.missing },
            ...(probe.length > 0 ? { probe } : {}),
            queries: lowered.queries.map((q) => this.explainOne(q, lowered.dataset.index, schema, state, o.tenant)),
            ...(lowered.documents
              ? { documents: { ir: lowered.documents, index: lowered.dataset.index, request: compileDocuments(lowered.documents, schema) } }
              : {}),
          },
        },
      };
    }
    const { engine, cache } = this.deps;
    const identity = this.identity(state, o.tenant);
    const page = async (): Promise<DocumentPage | undefined> => {
      const docs = lowered.documents;
      if (!docs) return undefined;
      counter.asked++;
      const key = hashOf(docs, lowered.dataset.index, identity);
      const hit = o.bypassCache ? undefined : cache.get(key);
      if (hit && 'documents' in hit) {
        counter.hits++;
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
      this.tables(lowered.queries, lowered.dataset.index, schema, state, o, deadline, counter),
    ]);
    // most formatters shape a large answer in one stretch: let other requests through before it
    if (tables.reduce((n, t) => n + t.rows.length, 0) > LARGE_ANSWER_ROWS) await yieldToLoop();
    const status: CacheStatus = o.bypassCache ? 'bypass' : counter.hits === counter.asked && counter.hits > 0 ? 'hit' : 'miss';
    return { body: await lowered.format(tables, documents), cache: status };
  }

  /**
   * Part of every cache key: the same request may compile differently on another engine, and a
   * tenant's entries are its own (its filter is in the IR too, so they could not match anyway).
   */
  private identity(state: EngineState, tenant: Tenant): { flavour: string; version: string; url: string; caps: EngineState['caps']; tenant: string } {
    return { flavour: state.info.flavour, version: state.info.version, url: this.deps.engine.url, caps: state.caps, tenant: tenant.name };
  }

  private compileOne(q: AggQuery, index: string, schema: DatasetSchema, state: EngineState) {
    return compile(q, { index, schema, caps: state.caps, compositePageSize: this.deps.config.limits.compositePageSize });
  }

  private explainOne(q: AggQuery, index: string, schema: DatasetSchema, state: EngineState, tenant: Tenant): ExplainedQuery {
    const c = this.compileOne(q, index, schema, state);
    return {
      ir: q,
      irHash: hashOf(q, index, this.identity(state, tenant)),
      index: c.index,
      requests: c.scans.map((s) => ({
        method: 'POST',
        path: `/${c.index}/_search`,
        body: s.body,
        pagedBy: PAGED_BY[s.kind],
      })),
      plan: c.plan,
      notes: c.notes,
    };
  }

  /** Each query's table, from the cache or the engine (compiled only on a miss). */
  private tables(
    queries: readonly AggQuery[],
    index: string,
    schema: DatasetSchema,
    state: EngineState,
    o: RunOptions,
    deadline: Deadline,
    counter: { hits: number; asked: number },
  ): Promise<ResultTable[]> {
    const { cache, engine, config } = this.deps;
    return Promise.all(queries.map(async (q): Promise<ResultTable> => {
      counter.asked++;
      const key = hashOf(q, index, this.identity(state, o.tenant));
      if (!o.bypassCache) {
        const hit = cache.get(key);
        if (hit && 'rows' in hit) {
          counter.hits++;
          return hit;
        }
      }
      const c = this.compileOne(q, index, schema, state);
      const { maxBuckets, maxEngineSearches, maxCompositePages } = config.limits;
      const scans = await execute(c, engine, { maxBuckets, maxEngineSearches, maxCompositePages, timeoutMs: deadline.budgetMs, deadline });
      const table = await readInSlices(c.plan, scans, c.notes);
      cache.set(key, table);
      return table;
    }));
  }
}
