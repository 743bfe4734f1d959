/**
 * The contract every dialect fulfils, and the only thing src/ knows of one. A dialect names its
 * routes; a query route parses the request into its own typed form (naming the dataset), then
 * lowers it, with the dataset resolved for the tenant and its schema read once, into IR queries and
 * a format function. The generic mount (src/server/mount.ts) does everything around that:
 * credentials, rate limit, body, dataset, schema, pipeline (cache, explain, tenant filter, limits),
 * sending, and rendering errors in the dialect's style. The registry (translators/registry.ts)
 * lists the dialects; a new one is one folder and one line there.
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AggQuery } from '../ir/nodes.js';
import type { DocumentPage, DocumentsQuery } from '../ir/documents.js';
import type { ResultTable } from '../ir/result.js';
import type { ErrorDetail, ProxyError } from '../errors/proxy-error.js';
import type { Catalog, Dataset } from '../catalog/catalog.js';
import type { AppConfig } from '../catalog/config.js';
import type { AccessControl, Credential, Tenant } from '../auth/access.js';
import type { DatasetSchema } from '../ir/schema.js';
import type { SchemaRegistry } from '../backend/schema.js';
import type { Paths } from '../openapi/build.js';
import type { ResultCache } from '../cache/result-cache.js';

export interface LowerContext {
  readonly catalog: Catalog;
  readonly config: AppConfig;
}

/** One dialect request, lowered: the IR queries to run and how to shape their answers. */
export interface Lowered<Out> {
  readonly dataset: Dataset;
  readonly queries: readonly AggQuery[];
  /** the matching documents themselves, for dialects that return them next to aggregations */
  readonly documents?: DocumentsQuery;
  /** may return a promise: a very large answer is built in slices, with the event loop let through */
  readonly format: (tables: readonly ResultTable[], documents?: DocumentPage) => Out | Promise<Out>;
}

/**
 * A request whose queries depend on a first answer (Opendatasoft's range() groups need the data's
 * minimum, maximum or percentiles): the pipeline runs `probe`, then the queries `then` returns.
 */
export interface Staged<Out> {
  readonly dataset: Dataset;
  readonly probe: readonly AggQuery[];
  /** the real queries, over the same dataset */
  readonly then: (tables: readonly ResultTable[]) => Lowered<Out>;
}

export type CacheStatus = 'hit' | 'miss' | 'bypass' | 'explain';

export interface RunOptions {
  readonly explain: boolean;
  readonly bypassCache: boolean;
  /** the client's own deadline (Druid `context.timeout`), below the configured one */
  readonly timeoutMs?: number;
  /** aborted when the client goes away: in-flight engine requests are cancelled */
  readonly signal?: AbortSignal;
  /** whose request this is: the datasets it may read, its mandatory filter, its cache scope */
  readonly tenant: Tenant;
}

export interface RunResult<Out> {
  /** the formatted answer, or with explain the plan (`{ explain: ... }`) */
  readonly body: Out | { readonly explain: unknown };
  readonly cache: CacheStatus;
}

/**
 * Every document of a documents query, past the result window (exports): its `offset` documents
 * are skipped, then at most its `limit` are read, `pageSize` at a time, in its order. Never cached.
 */
export interface DocumentsScan {
  readonly dataset: Dataset;
  readonly documents: DocumentsQuery;
  readonly pageSize: number;
}

/** The shared pipeline as a dialect sees it: one call that runs a lowered request (src/server/pipeline.ts). */
export interface Runner {
  run<Out>(request: Lowered<Out> | Staged<Out>, o: RunOptions): Promise<RunResult<Out>>;
  /** each page's `total` is the exact number of matches; a scan over limits.maxScanDocuments is refused before its first page */
  scan(request: DocumentsScan, o: RunOptions): AsyncGenerator<DocumentPage>;
  /**
   * Every group of a one-level query (exports): a table per engine page when the pages are the
   * answer in order (keys ascending, no cut, no running total), else one whole table. Never cached.
   */
  scanGroups(request: { readonly dataset: Dataset; readonly query: AggQuery }, o: RunOptions): AsyncGenerator<ResultTable>;
}

export interface RenderedError {
  readonly status: number;
  readonly body: unknown;
}

/** The parts of an HTTP request a dialect's credential convention may read. */
export interface CredentialSource {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

/** The parts of an HTTP request a route reads (no Express): path parameters, query, headers, body. */
export interface DialectRequest {
  /** the HTTP method, upper case (`GET`) */
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  header(name: string): string | undefined;
  /** `scheme://host/path` the client called, for answers that link to themselves */
  readonly url: string;
}

/** What a route may ask of the proxy about datasets: only those the request's tenant may read. */
export interface DatasetAccess {
  readonly config: AppConfig;
  /** the named dataset, or the dialect's 404 (`unknown_dataset`) when not exposed to this tenant */
  resolve(name: string): Dataset;
  /** every dataset this tenant may read */
  list(): readonly Dataset[];
  /** the dataset's fields (read from the mapping and kept by the schema registry) */
  schema(dataset: Dataset): Promise<DatasetSchema>;
  readonly tenant: Tenant;
  /** keys, tokens and tenants (for a dialect's own token endpoint) */
  readonly accessControl: AccessControl;
}

/** What lowering gets beside the typed request. */
export interface LowerInput {
  readonly dataset: Dataset;
  readonly schema: DatasetSchema;
  readonly config: AppConfig;
  readonly http: DialectRequest;
}

/** Parsed: the dataset the request names, and the request in the dialect's own typed form. */
export interface Parsed<R> {
  readonly dataset: string;
  readonly request: R;
}

/** parse → dataset → schema → lower → pipeline → send. */
export interface QueryRoute<R> {
  readonly kind: 'query';
  readonly method: 'get' | 'post';
  readonly paths: readonly string[];
  /** the body (and request parts) → the typed request; throws a ProxyError naming the offending part */
  parse(req: DialectRequest, config: AppConfig): Parsed<R>;
  /** a dataset the dialect cannot serve although the tenant may read it (Druid: no time field) is a 404 */
  serves?(dataset: Dataset): boolean;
  lower(request: R, input: LowerInput): Lowered<unknown> | Staged<unknown>;
  /** a per-request timeout the dialect's request asked for (Druid's context.timeout) */
  timeoutMs?(request: R): number | undefined;
  /** indentation of the JSON answer (Druid's `?pretty`) */
  indent?(req: DialectRequest): number | undefined;
  /** the JSON answer's media type when not `application/json` (Shopware's `application/vnd.api+json`); memoized with it */
  mediaType?(request: R): string | undefined;
  /**
   * A request answered from the tenant's catalog alone, without dataset or engine (Druid SQL's
   * INFORMATION_SCHEMA): its answer, or undefined to run it as a query.
   */
  answerLocally?(request: R, datasets: DatasetAccess): Promise<unknown> | undefined;
  /** The answer as sent when it is not plain JSON (Druid SQL's result formats and headers); never memoized. */
  encode?(body: unknown, request: R): EncodedAnswer;
}

/** An answer's bytes as a route encodes them, with its content type and response headers. */
export interface EncodedAnswer {
  readonly contentType: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A route answered without the pipeline (listings, versions, tokens): its JSON body, never cached. */
export interface InfoRoute {
  readonly kind: 'info';
  /** `all`: every HTTP method (a dialect's catch-all error for unknown routes) */
  readonly method: 'get' | 'post' | 'all';
  readonly paths: readonly string[];
  /** false: reachable without credentials (where clients obtain them) */
  readonly authenticated?: boolean;
  /** `form`: also accepts form-encoded bodies (OAuth token requests, RFC 6749); `none`: the body is not read */
  readonly body?: 'json' | 'form' | 'none';
  /** response headers (e.g. `cache-control: no-store` on tokens) */
  readonly headers?: Readonly<Record<string, string>>;
  answer(req: DialectRequest, datasets: DatasetAccess): unknown;
}

/**
 * The services a dialect with its own executor gets (graphql-js for Nue). No engine client: every
 * engine call goes through the pipeline, so cache, explain, tenant filter and limits hold everywhere.
 */
export interface OwnRouteDeps extends LowerContext {
  readonly pipeline: Runner;
  readonly cache: ResultCache;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
}

/** The HTTP side of the core an own route uses, the same the generic mount uses for every other route. */
export interface OwnRouteHttp {
  /** explain, cache bypass, tenant and the client-gone signal, as the request asks */
  runOptions(req: Request): RunOptions;
  /** the tenant the credentials guard authenticated */
  tenantOf(req: Request): Tenant;
  /** a JSON answer (serialized in slices; `memoizable`: the answer cache may keep it) */
  sendJson(res: Response, status: number, body: unknown, memoizable?: boolean): Promise<void>;
  /** an error as the pipeline reports it: engine problems and internal errors logged under the request id */
  logProblem(e: unknown): ProxyError;
}

/**
 * An explicit hook for a dialect whose requests are executed by its own library (graphql-js) or
 * answered as a stream (Opendatasoft's exports): it gets Express's request and response after
 * credentials, rate limit and body, its engine work goes through the pipeline it is given, and its
 * HTTP helpers come with it (a translator never imports src/server).
 */
export interface OwnRoute {
  readonly kind: 'own';
  readonly methods: readonly ('get' | 'post')[];
  readonly paths: readonly string[];
  handler(deps: OwnRouteDeps & { readonly http: OwnRouteHttp }): (req: Request, res: Response) => Promise<void>;
}

export type DialectRoute = QueryRoute<never> | InfoRoute | OwnRoute;

export interface Dialect {
  readonly id: string;
  /** renders any pipeline error in the dialect's error style */
  renderError(detail: ErrorDetail): RenderedError;
  /** where this product's clients put their credential (a header, a query parameter, a bearer token) */
  credentials(req: CredentialSource): Credential;
  readonly routes: readonly DialectRoute[];
  /** request headers that change the answer (part of the answer cache's key) */
  readonly vary?: readonly string[];
  /**
   * `text/plain` and form-encoded bodies reach the routes as a string (the SQL text itself: Druid
   * SQL's "text format" request, what `curl --data` sends); other dialects always parse JSON.
   */
  readonly textBodies?: boolean;
  /** the routes' OpenAPI description */
  openapi(): Paths;
  /**
   * Path prefixes only this dialect answers where several dialects share a root (`/api/` is both
   * Shopware's and Opendatasoft's): every other dialect's router passes such a path on untouched,
   * so no other dialect's route or catch-all swallows it. A prefix covers itself and what is below it.
   */
  readonly claims?: readonly string[];
}

/** A query route, typed by its request; stored in `routes` without its request type. */
export function queryRoute<R>(r: Omit<QueryRoute<R>, 'kind'>): DialectRoute {
  return { kind: 'query', ...r } as unknown as QueryRoute<never>;
}
