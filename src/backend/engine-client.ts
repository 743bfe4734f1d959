/**
 * A thin HTTP client for OpenSearch / Elasticsearch. Plain fetch with JSON bodies works with both
 * flavours (the vendor clients refuse each other); Node's fetch keeps connections alive.
 * Every failure becomes a typed ProxyError: unreachable → 502, timeout → 504, and a response that
 * is not whole (shard failures, timed_out) is an error, never a partial answer.
 */
import { ProxyError } from '../errors/proxy-error.js';

export interface EngineInfo {
  readonly flavour: 'opensearch' | 'elasticsearch';
  readonly version: string;
}

export interface SearchResponse {
  readonly took: number;
  readonly timed_out: boolean;
  readonly _shards: { readonly total: number; readonly failed: number; readonly failures?: unknown[] };
  readonly hits: { readonly total?: { readonly value: number; readonly relation: string } };
  readonly aggregations?: Record<string, unknown>;
}

export class EngineClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProxyError({ kind: 'engine_timeout', message: `no answer within ${timeoutMs} ms` });
      }
      throw new ProxyError({ kind: 'engine_unavailable', message: (e as Error).message });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new ProxyError({ kind: 'engine_error', status: res.status, reason: 'response is not JSON' });
    }
    if (!res.ok) throw new ProxyError({ kind: 'engine_error', status: res.status, reason: errorReason(json) });
    return json as T;
  }

  async search(index: string, body: unknown, timeoutMs?: number): Promise<SearchResponse> {
    const res = await this.request<SearchResponse>('POST', `/${encodeURIComponent(index)}/_search`, body, timeoutMs);
    if (res.timed_out) throw new ProxyError({ kind: 'engine_timeout', message: 'the search timed out' });
    if (res._shards.failed > 0) {
      throw new ProxyError({
        kind: 'engine_error',
        status: 200,
        reason: `${res._shards.failed} of ${res._shards.total} shards failed: ${errorReason({ error: res._shards.failures?.[0] })}`,
      });
    }
    return res;
  }

  async info(): Promise<EngineInfo> {
    const root = await this.request<{ version?: { number?: string; distribution?: string } }>('GET', '/');
    return {
      flavour: root.version?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch',
      version: root.version?.number ?? 'unknown',
    };
  }
}

function errorReason(json: unknown): string {
  const err = (json as { error?: unknown }).error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const e = err as { type?: string; reason?: string; root_cause?: { reason?: string }[]; caused_by?: { reason?: string } };
    return [e.type, e.caused_by?.reason ?? e.root_cause?.[0]?.reason ?? e.reason].filter(Boolean).join(': ');
  }
  return 'unknown error';
}
