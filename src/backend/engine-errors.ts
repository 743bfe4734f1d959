/**
 * Reading what went wrong at the engine: the official clients' errors and the engine's own error
 * bodies as typed ProxyErrors. The texts here (addresses, exception reasons, scripts) are for the
 * log; the client-facing message is stable (src/errors/proxy-error.ts).
 */
import { ProxyError } from '../errors/proxy-error.js';
import type { Deadline } from './deadline.js';

type ClientError = Error & { meta?: { statusCode?: number | null; body?: unknown; headers?: Record<string, string | undefined> | null } };

/**
 * Whether a failed call may be sent again: only a connection error that came before any response
 * (refused, reset while connecting). A timeout means the engine may still be working on it; a
 * status means it answered; a cut mid-body means it did the work once already.
 */
export function retriable(e: unknown): boolean {
  const err = e as ClientError;
  // no status yet (null in the OpenSearch client, 0 in Elastic's). Elastic's client reads the body
  // before it records the status, so there a cut mid-body is sent again too: safe for a read.
  return (err.name === 'ConnectionError' || err.name === 'NoLivingConnectionsError') && !err.meta?.statusCode;
}

/** Both clients name their errors alike: ResponseError (with meta.statusCode/body), TimeoutError, ConnectionError, ... */
export function asProxyError(e: unknown, deadline: Deadline): ProxyError {
  if (e instanceof ProxyError) return e;
  const err = e as ClientError;
  switch (err.name) {
    case 'ResponseError':
      return fromStatus(err.meta?.statusCode ?? 502, err.meta?.body, err.meta?.headers?.['retry-after']);
    case 'RequestAbortedError':
      if (deadline.cancelled) return new ProxyError({ kind: 'engine_timeout', message: 'the client went away; the engine request was cancelled' });
      return new ProxyError({ kind: 'engine_timeout', message: `no answer within ${deadline.budgetMs} ms` });
    case 'TimeoutError':
      return new ProxyError({ kind: 'engine_timeout', message: `no answer within ${deadline.budgetMs} ms` });
    case 'DeserializationError':
      return new ProxyError({ kind: 'engine_error', status: 502, reason: 'response is not JSON' });
    default:
      // a cut mid-body arrives as a ConnectionError with the status already read
      if (err.meta?.statusCode) return new ProxyError({ kind: 'engine_error', status: 502, reason: `connection lost mid-answer: ${err.message}` });
      return new ProxyError({ kind: 'engine_unavailable', message: err.message ?? String(e) });
  }
}

/** Engine refusals; load shedding (429, circuit breakers, 503) asks the client to come back later. */
function fromStatus(status: number, body: unknown, retryAfter: string | undefined): ProxyError {
  const reason = errorReason(body);
  const after = Number(retryAfter);
  const retryAfterSeconds = Number.isFinite(after) && after > 0 ? Math.ceil(after) : 1;
  if (/circuit_breaking_exception/.test(reason) || status === 503) {
    return new ProxyError({ kind: 'engine_busy', status: 503, retryAfterSeconds, reason });
  }
  if (status === 429) return new ProxyError({ kind: 'engine_busy', status: 429, retryAfterSeconds, reason });
  return new ProxyError({ kind: 'engine_error', status, reason });
}

interface EngineErrorBody {
  readonly type?: string;
  readonly reason?: string;
  readonly root_cause?: readonly { readonly type?: string; readonly reason?: string }[];
  readonly caused_by?: { readonly type?: string; readonly reason?: string };
}

export function errorReason(json: unknown): string {
  const err = (json as { error?: unknown } | undefined)?.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') return describeCause(err as EngineErrorBody);
  return typeof json === 'string' ? json.slice(0, 300) : 'unknown error';
}

function describeCause(e: EngineErrorBody): string {
  const cause = e.caused_by ?? e.root_cause?.[0];
  return [e.type, e.reason, cause && cause.reason !== e.reason ? `${cause.type ?? ''}: ${cause.reason ?? ''}` : undefined].filter(Boolean).join(': ');
}

interface ShardFailure {
  readonly index?: string;
  readonly shard?: number;
  readonly node?: string;
  readonly reason?: EngineErrorBody | string;
}

/** `2 of 4 shards failed: [sales][1] illegal_argument_exception: …; [sales][3] …` */
export function shardFailures(shards: { readonly total: number; readonly failed: number; readonly failures?: readonly unknown[] }): string {
  const each = (shards.failures ?? []).map((raw) => {
    const f = raw as ShardFailure;
    const reason = typeof f.reason === 'string' ? f.reason : f.reason ? describeCause(f.reason) : 'no reason given';
    return `[${f.index ?? '?'}][${f.shard ?? '?'}] ${reason}`;
  });
  return `${shards.failed} of ${shards.total} shards failed${each.length > 0 ? `: ${each.join('; ')}` : ''}`;
}
