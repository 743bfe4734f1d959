/**
 * The one door to OpenSearch / Elasticsearch. Each flavour is spoken to with its official client
 * (`@opensearch-project/opensearch`, `@elastic/elasticsearch`; the Elastic client refuses anything
 * that is not Elasticsearch). Which one is decided on first use: a plain JSON probe (the OpenSearch
 * client sends no vendor media types, so both engines answer it) reads `GET /`, or, on nodes
 * without the rest-root module (Elasticsearch's integ-test zip answers 405 there), the
 * `x-elastic-product` header and the version from `_nodes/_local`.
 * Every failure becomes a typed ProxyError: unreachable → 502, timeout → 504, and a response that
 * is not whole (shard failures, timed_out) is an error, never a partial answer.
 */
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { Client as ElasticClient } from '@elastic/elasticsearch';
import { ProxyError } from '../errors/proxy-error.js';
import type { EngineInfo, Flavour } from './capabilities.js';
import { engineCall, noteEngineError } from '../observability/context.js';

export type { EngineInfo } from './capabilities.js';

export interface SearchResponse {
  readonly took: number;
  readonly timed_out: boolean;
  readonly _shards: { readonly total: number; readonly failed: number; readonly failures?: unknown[] };
  readonly hits: { readonly total?: { readonly value: number; readonly relation: string } };
  readonly aggregations?: Record<string, unknown>;
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
  send(call: Call, timeoutMs: number, headers?: Record<string, string>): Promise<unknown>;
}

function openSearchTransport(url: string): { client: OpenSearchClient; transport: Transport } {
  const client = new OpenSearchClient({ node: url, maxRetries: 1 });
  return {
    client,
    transport: {
      async send(c, timeoutMs, headers) {
        const res = await client.transport.request(
          { method: c.method, path: c.path, querystring: c.querystring, body: c.body as Record<string, unknown>, bulkBody: c.bulkBody },
          { requestTimeout: timeoutMs, ...(headers ? { headers } : {}) },
        );
        return res.body;
      },
    },
  };
}

function elasticTransport(url: string): Transport {
  const client = new ElasticClient({ node: url, maxRetries: 1 });
  return {
    async send(c, timeoutMs, headers) {
      return client.transport.request(
        { method: c.method, path: c.path, querystring: c.querystring, body: c.body as Record<string, unknown>, bulkBody: c.bulkBody },
        { requestTimeout: timeoutMs, retryOnTimeout: false, ...(headers ? { headers } : {}) },
      );
    },
  };
}

interface Connected {
  readonly info: EngineInfo;
  readonly transport: Transport;
}

export class EngineClient {
  private connected: Promise<Connected> | undefined;

  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  /** Flavour and version, detected once (a failed detection is retried by the next call). */
  async info(): Promise<EngineInfo> {
    return (await this.connect()).info;
  }

  async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const { transport } = await this.connect();
    return (await call(transport, { method, ...splitPath(path), body }, timeoutMs)) as T;
  }

  /** NDJSON bulk lines (action + source pairs); fails on any item error. */
  async bulk(index: string, lines: readonly string[], refresh: boolean): Promise<void> {
    const { transport } = await this.connect();
    const out = (await call(
      transport,
      { method: 'POST', path: `/${encodeURIComponent(index)}/_bulk`, querystring: refresh ? 'refresh=true' : undefined, bulkBody: lines.join('\n') + '\n' },
      this.timeoutMs,
    )) as { errors?: boolean; items?: { index?: { error?: unknown } }[] };
    if (out.errors) {
      const first = out.items?.find((x) => x.index?.error)?.index?.error;
      throw new Error(`bulk load into ${index} failed: ${JSON.stringify(first ?? out)}`);
    }
  }

  async search(index: string, body: unknown, timeoutMs?: number): Promise<SearchResponse> {
    const res = await this.request<SearchResponse>('POST', `/${encodeURIComponent(index)}/_search`, body, timeoutMs);
    if (res.timed_out) {
      noteEngineError('engine_timeout');
      throw new ProxyError({ kind: 'engine_timeout', message: 'the search timed out' });
    }
    if (res._shards.failed > 0) {
      noteEngineError('engine_error');
      throw new ProxyError({
        kind: 'engine_error',
        status: 200,
        reason: `${res._shards.failed} of ${res._shards.total} shards failed: ${errorReason({ error: res._shards.failures?.[0] })}`,
      });
    }
    return res;
  }

  private connect(): Promise<Connected> {
    this.connected ??= detect(this.url, this.timeoutMs).catch((e: unknown) => {
      this.connected = undefined;
      throw e;
    });
    return this.connected;
  }
}

async function detect(url: string, timeoutMs: number): Promise<Connected> {
  const probe = openSearchTransport(url);
  let flavour: Flavour | undefined;
  let version: string | undefined;
  try {
    const root = await probe.client.transport.request({ method: 'GET', path: '/' }, { requestTimeout: timeoutMs });
    const v = (root.body as { version?: { number?: string; distribution?: string } }).version;
    flavour = v?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
    version = v?.number;
  } catch (e) {
    // no rest-root module: Elasticsearch still names itself in a header on every answer
    const meta = (e as { meta?: { headers?: Record<string, string> } }).meta;
    if ((e as Error).name !== 'ResponseError' || meta?.headers?.['x-elastic-product'] !== 'Elasticsearch') throw asProxyError(e, timeoutMs);
    flavour = 'elasticsearch';
  }
  if (!version) {
    const nodes = (await call(probe.transport, { method: 'GET', path: '/_nodes/_local', querystring: 'filter_path=nodes.*.version' }, timeoutMs)) as {
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

/** One engine call; within a request it carries the request id (X-Opaque-Id) and is timed and counted. */
async function call(transport: Transport, c: Call, timeoutMs: number): Promise<unknown> {
  const observed = engineCall();
  try {
    const res = await transport.send(c, timeoutMs, observed.headers);
    observed.end();
    return res;
  } catch (e) {
    const err = asProxyError(e, timeoutMs);
    observed.end(err.detail.kind);
    throw err;
  }
}

/** Both clients name their errors alike: ResponseError (with meta.statusCode/body), TimeoutError, ConnectionError, ... */
function asProxyError(e: unknown, timeoutMs: number): ProxyError {
  if (e instanceof ProxyError) return e;
  const err = e as Error & { meta?: { statusCode?: number; body?: unknown } };
  switch (err.name) {
    case 'ResponseError':
      return new ProxyError({ kind: 'engine_error', status: err.meta?.statusCode ?? 502, reason: errorReason(err.meta?.body) });
    case 'TimeoutError':
    case 'RequestAbortedError':
      return new ProxyError({ kind: 'engine_timeout', message: `no answer within ${timeoutMs} ms` });
    case 'DeserializationError':
      return new ProxyError({ kind: 'engine_error', status: 502, reason: 'response is not JSON' });
    default:
      return new ProxyError({ kind: 'engine_unavailable', message: err.message ?? String(e) });
  }
}

function errorReason(json: unknown): string {
  const err = (json as { error?: unknown } | undefined)?.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const e = err as { type?: string; reason?: string; root_cause?: { reason?: string }[]; caused_by?: { reason?: string } };
    return [e.type, e.caused_by?.reason ?? e.root_cause?.[0]?.reason ?? e.reason].filter(Boolean).join(': ');
  }
  return 'unknown error';
}
