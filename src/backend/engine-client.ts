/**
 * The one door to OpenSearch / Elasticsearch. Each flavour is spoken to with its official client
 * (`@opensearch-project/opensearch`, `@elastic/elasticsearch`; the Elastic client refuses anything
 * that is not Elasticsearch). Which one is decided on first use: a plain JSON probe (the OpenSearch
 * client sends no vendor media types, so both engines answer it) reads `GET /`, or, on nodes
 * without the rest-root module (Elasticsearch's integ-test zip answers 405 there), the
 * `x-elastic-product` header and the version from `_nodes/_local`.
 * Every failure becomes a typed ProxyError: unreachable → 502, timeout → 504, load shedding → 429/503,
 * and a response that is not whole (shard failures, timed_out, missing aggregations) is an error,
 * never a partial answer.
 *
 * Deadlines: every call draws on a Deadline (one per client request, src/backend/deadline.ts); a
 * search tells the engine what is left (`timeout` in its body), and the Deadline's abort signal
 * cancels the call when the client goes away. The clients' own retries are off: a call is sent again
 * only when it is idempotent, failed to connect before any response, and time is left.
 *
 * Concurrency: searches and requests pass the client's EngineGate (src/backend/engine-gate.ts):
 * at most `limits.maxConcurrentEngineRequests` in flight, a bounded queue, 503 when it is full. Bulk
 * loads (loaders, outside client requests) and the one-time flavour detection do not.
 */
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { Client as ElasticClient } from '@elastic/elasticsearch';
import { ProxyError } from '../errors/proxy-error.js';
import type { EngineInfo, Flavour } from './capabilities.js';
import { asDeadline, Deadline } from './deadline.js';
import { asProxyError, causes, clientFault, retriable, shardFailures } from './engine-errors.js';
import { engineCall, noteEngineError } from '../observability/context.js';
import { defaultLimits, type Limits } from '../policy/limits.js';
import { guardEngineBody } from '../policy/engine-guard.js';
import { EngineGate } from './engine-gate.js';

export type { EngineInfo } from './capabilities.js';

export interface SearchResponse {
  readonly took: number;
  readonly timed_out: boolean;
  readonly _shards: { readonly total: number; readonly failed: number; readonly failures?: unknown[] };
  readonly hits: { readonly total?: { readonly value: number; readonly relation: string } };
  readonly aggregations?: Record<string, unknown>;
}

/** One page of a scroll and the cursor to the next (engines may change it between pages). */
export interface ScrollPage {
  readonly response: SearchResponse;
  readonly scrollId: string;
}

function scrollPage(res: SearchResponse): ScrollPage {
  const id = (res as { _scroll_id?: unknown })._scroll_id;
  if (typeof id !== 'string') throw new ProxyError({ kind: 'engine_error', status: 200, reason: 'the answer has no _scroll_id' });
  return { response: res, scrollId: id };
}

interface Call {
  readonly method: string;
  readonly path: string;
  readonly querystring?: string;
  readonly body?: unknown;
  readonly bulkBody?: string;
}

/** One official client behind the same small surface; both answer the parsed body or throw. */
interface Transport {
  send(call: Call, timeoutMs: number, signal: AbortSignal | undefined, headers: Record<string, string> | undefined): Promise<unknown>;
}

function openSearchTransport(url: string): { client: OpenSearchClient; transport: Transport } {
  const client = new OpenSearchClient({ node: url, maxRetries: 0 });
  return {
    client,
    transport: {
      async send(c, timeoutMs, signal, headers) {
        const pending = client.transport.request(
          { method: c.method, path: c.path, querystring: c.querystring, body: c.body as Record<string, unknown>, bulkBody: c.bulkBody },
          { requestTimeout: timeoutMs, maxRetries: 0, ...(headers ? { headers } : {}) },
        );
        const abort = (): void => void pending.abort();
        signal?.addEventListener('abort', abort, { once: true });
        try {
          return (await pending).body;
        } finally {
          signal?.removeEventListener('abort', abort);
        }
      },
    },
  };
}

function elasticTransport(url: string): Transport {
  const client = new ElasticClient({ node: url, maxRetries: 0 });
  return {
    async send(c, timeoutMs, signal, headers) {
      return client.transport.request(
        { method: c.method, path: c.path, querystring: c.querystring, body: c.body as Record<string, unknown>, bulkBody: c.bulkBody },
        { requestTimeout: timeoutMs, retryOnTimeout: false, maxRetries: 0, ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) },
      );
    },
  };
}

/** Below this much time left, a retry could not finish anyway. */
const MIN_RETRY_MS = 100;
const RETRY_DELAY_MS = 50;
/** What a search body's `timeout` leaves for the answer to travel back within the deadline. */
const ANSWER_MARGIN_MS = 50;

interface Connected {
  readonly info: EngineInfo;
  readonly transport: Transport;
}

export class EngineClient {
  private connected: Promise<Connected> | undefined;
  /** the engine calls this client has in flight and waiting */
  readonly gate: EngineGate;

  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
    /** the bounds every search body is held to before it is sent (src/policy/engine-guard.ts), and the gate's */
    readonly limits: Limits = defaultLimits,
  ) {
    this.gate = new EngineGate(limits);
  }

  /** Flavour and version, detected once (a failed detection is retried by the next call). */
  async info(): Promise<EngineInfo> {
    return (await this.connect()).info;
  }

  /** GET and HEAD are sent again after a failed connection; anything else once. */
  async request<T>(method: string, path: string, body?: unknown, deadline: Deadline | number = this.timeoutMs): Promise<T> {
    const { transport } = await this.connect();
    const d = asDeadline(deadline);
    return (await this.gate.run(d, () => call(transport, { method, ...splitPath(path), body }, d, method === 'GET' || method === 'HEAD'))) as T;
  }

  /** NDJSON bulk lines (action + source pairs); fails on any item error. */
  async bulk(index: string, lines: readonly string[], refresh: boolean): Promise<void> {
    const { transport } = await this.connect();
    const out = (await call(
      transport,
      { method: 'POST', path: `/${encodeURIComponent(index)}/_bulk`, querystring: refresh ? 'refresh=true' : undefined, bulkBody: lines.join('\n') + '\n' },
      asDeadline(this.timeoutMs),
      false,
    )) as { errors?: boolean; items?: { index?: { error?: unknown } }[] };
    if (out.errors) {
      const first = out.items?.find((x) => x.index?.error)?.index?.error;
      throw new Error(`bulk load into ${index} failed: ${JSON.stringify(first ?? out)}`);
    }
  }

  /**
   * A search (read-only, so safe to send again after a failed connection). The engine is told the
   * time left; an answer without every top-level aggregation the body asked for is an engine error.
   */
  async search(index: string, asked: Record<string, unknown>, deadline: Deadline | number = this.timeoutMs): Promise<SearchResponse> {
    // every dialect's body passes the guard: refused (a 400 naming the limit) or made safe, before any I/O
    const body = guardEngineBody(asked, this.limits);
    const d = asDeadline(deadline);
    const { transport } = await this.connect();
    const path = `/${encodeURIComponent(index)}/_search`;
    const timed = (): Call => ({ method: 'POST', path, body: { ...body, timeout: `${Math.max(1, d.remaining() - ANSWER_MARGIN_MS)}ms` } });
    // the body's timeout is computed when it is sent: what is left after any wait in the gate's queue
    const res = (await this.gate.run(d, () => call(transport, timed, d, true, this.limits))) as SearchResponse;
    try {
      return whole(res, body, d, this.limits);
    } catch (e) {
      // an error the engine answered inside a 200 (failed shards, timed_out, missing aggregations)
      noteEngineError((e as ProxyError).detail.kind);
      throw e;
    }
  }

  /**
   * The first page of a scroll: one consistent view of every match, read page by page with
   * `scrollNext` (exports). The body passes the same guard as a search; the engine keeps the view
   * for `keepAlive` between pages, and `scrollClear` frees it at once.
   */
  async scrollStart(index: string, asked: Record<string, unknown>, keepAlive: string, deadline: Deadline): Promise<ScrollPage> {
    const body = guardEngineBody(asked, this.limits);
    const { transport } = await this.connect();
    const path = `/${encodeURIComponent(index)}/_search`;
    const timed = (): Call => ({ method: 'POST', path, querystring: `scroll=${keepAlive}`, body: { ...body, timeout: `${Math.max(1, deadline.remaining() - ANSWER_MARGIN_MS)}ms` } });
    return scrollPage(whole((await this.gate.run(deadline, () => call(transport, timed, deadline, true, this.limits))) as SearchResponse, body, deadline, this.limits));
  }

  async scrollNext(scrollId: string, keepAlive: string, deadline: Deadline): Promise<ScrollPage> {
    const { transport } = await this.connect();
    const c: Call = { method: 'POST', path: '/_search/scroll', body: { scroll: keepAlive, scroll_id: scrollId } };
    // not sent again: a repeated scroll call would skip a page
    return scrollPage(whole((await this.gate.run(deadline, () => call(transport, c, deadline, false, this.limits))) as SearchResponse, {}, deadline, this.limits));
  }

  /** Frees a scroll's view (best effort: an expired one is gone already). */
  async scrollClear(scrollId: string): Promise<void> {
    const { transport } = await this.connect();
    await call(transport, { method: 'DELETE', path: '/_search/scroll', body: { scroll_id: scrollId } }, Deadline.in(this.timeoutMs), false).catch(() => undefined);
  }

  private connect(): Promise<Connected> {
    this.connected ??= detect(this.url, Deadline.in(this.timeoutMs)).catch((e: unknown) => {
      this.connected = undefined;
      throw e;
    });
    return this.connected;
  }
}

async function detect(url: string, deadline: Deadline): Promise<Connected> {
  const probe = openSearchTransport(url);
  let flavour: Flavour | undefined;
  let version: string | undefined;
  try {
    const root = await probe.client.transport.request({ method: 'GET', path: '/' }, { requestTimeout: Math.max(1, deadline.remaining()), maxRetries: 0 });
    const v = (root.body as { version?: { number?: string; distribution?: string } }).version;
    flavour = v?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
    version = v?.number;
  } catch (e) {
    // no rest-root module: Elasticsearch still names itself in a header on every answer
    const meta = (e as { meta?: { headers?: Record<string, string> } }).meta;
    if ((e as Error).name !== 'ResponseError' || meta?.headers?.['x-elastic-product'] !== 'Elasticsearch') throw asProxyError(e, deadline);
    flavour = 'elasticsearch';
  }
  if (!version) {
    const nodes = (await call(probe.transport, { method: 'GET', path: '/_nodes/_local', querystring: 'filter_path=nodes.*.version' }, deadline, true)) as {
      nodes?: Record<string, { version?: string }>;
    };
    version = Object.values(nodes.nodes ?? {})[0]?.version ?? 'unknown';
  }
  if (flavour === 'opensearch') return { info: { flavour, version }, transport: probe.transport };
  await probe.client.close();
  return { info: { flavour, version }, transport: elasticTransport(url) };
}

function splitPath(path: string): { path: string; querystring?: string } {
  const q = path.indexOf('?');
  return q < 0 ? { path } : { path: path.slice(0, q), querystring: path.slice(q + 1) };
}

/**
 * Sends a call within the deadline, once more after a connection failure when that is safe. Within a
 * request it carries the request id (X-Opaque-Id) and is timed and counted.
 */
async function call(transport: Transport, c: Call | (() => Call), deadline: Deadline, idempotent: boolean, limits?: Limits): Promise<unknown> {
  const observed = engineCall();
  try {
    const res = await attempts(transport, c, deadline, idempotent, observed.headers, limits);
    observed.end();
    return res;
  } catch (e) {
    observed.end(e instanceof ProxyError ? e.detail.kind : 'engine_unavailable');
    throw e;
  }
}

async function attempts(
  transport: Transport,
  c: Call | (() => Call),
  deadline: Deadline,
  idempotent: boolean,
  headers: Record<string, string> | undefined,
  limits: Limits | undefined,
): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const left = deadline.remaining();
    if (deadline.cancelled) throw asProxyError(Object.assign(new Error('aborted'), { name: 'RequestAbortedError' }), deadline);
    if (left <= 0) throw new ProxyError({ kind: 'engine_timeout', message: `no answer within ${deadline.budgetMs} ms` });
    try {
      return await transport.send(typeof c === 'function' ? c() : c, left, deadline.signal, headers);
    } catch (e) {
      const again = attempt === 0 && idempotent && retriable(e) && !deadline.cancelled && deadline.remaining() > MIN_RETRY_MS + RETRY_DELAY_MS;
      if (!again) throw asProxyError(e, deadline, limits);
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
  }
}

/** A search answer is whole, or an error: timed out, failed shards, or lacking what was asked. */
function whole(res: SearchResponse, body: Record<string, unknown>, d: Deadline, limits: Limits): SearchResponse {
  if (typeof res !== 'object' || res === null || typeof res._shards !== 'object' || typeof res.hits !== 'object') {
    throw new ProxyError({ kind: 'engine_error', status: 200, reason: 'the answer is not a search response' });
  }
  if (res.timed_out) throw new ProxyError({ kind: 'engine_timeout', message: `no answer within ${d.budgetMs} ms (the engine timed out)` });
  if (res._shards.failed > 0) {
    // a shard refusing the request's own excess (too many clauses, an invalid regex) is the client's error
    throw clientFault(causes(res._shards.failures ?? []), limits) ?? new ProxyError({ kind: 'engine_error', status: 200, reason: shardFailures(res._shards) });
  }
  const asked = Object.keys((body.aggs ?? body.aggregations ?? {}) as object);
  const missing = asked.filter((name) => res.aggregations?.[name] === undefined);
  if (missing.length > 0) {
    throw new ProxyError({ kind: 'engine_error', status: 200, reason: `the answer lacks the aggregations asked for: ${missing.join(', ')}` });
  }
  return res;
}
