/**
 * Reading what went wrong at the engine: the official clients' errors and the engine's own error
 * bodies as typed ProxyErrors. The texts here (addresses, exception reasons, scripts) are for the
 * log; the client-facing message is stable (src/errors/proxy-error.ts).
 */
import { ProxyError } from '../errors/proxy-error.js';
import type { Deadline } from './deadline.js';
import { defaultLimits, type Limits } from '../policy/limits.js';
import { limitError } from '../policy/refuse.js';

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
export function asProxyError(e: unknown, deadline: Deadline, limits: Limits = defaultLimits): ProxyError {
  if (e instanceof ProxyError) return e;
  const err = e as ClientError;
  switch (err.name) {
    case 'ResponseError':
      return clientFault(causes(err.meta?.body), limits) ?? fromStatus(err.meta?.statusCode ?? 502, err.meta?.body, err.meta?.headers?.['retry-after']);
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

interface Cause {
  readonly type: string;
  readonly reason: string;
  readonly node: Record<string, unknown>;
}

/** Most error objects read from one engine answer (its cause trees are small; a hostile one is cut). */
const MAX_CAUSES = 256;

/**
 * Every `{type, reason}` in an engine error body or a shard failure list: the error, its
 * `caused_by` chain, `root_cause` and each failed shard's reason (read iteratively).
 */
export function causes(json: unknown): Cause[] {
  const out: Cause[] = [];
  const err = (json as { error?: unknown } | undefined)?.error;
  const todo: unknown[] = Array.isArray(json) ? [...(json as unknown[])] : [err];
  while (todo.length > 0 && out.length < MAX_CAUSES) {
    const n = todo.pop();
    if (typeof n !== 'object' || n === null) continue;
    const node = n as Record<string, unknown>;
    if (typeof node.type === 'string' || typeof node.reason === 'string') {
      out.push({ type: String(node.type ?? ''), reason: String(node.reason ?? ''), node });
    }
    todo.push(node.caused_by, node.reason);
    for (const list of [node.root_cause, node.failed_shards]) if (Array.isArray(list)) todo.push(...(list as unknown[]));
  }
  return out;
}

/** Lucene's RegExp parser complaints: the client's regular expression is not one. */
const REGEX_SYNTAX =
  /^(unexpected end-of-string|end-of-string expected at position \d+|expected '.' at position \d+|expected integer at position \d+|invalid repetition range\(out of order\): \d+\.\.\d+|invalid range: from \(\d+\) cannot be > to \(\d+\)|interval syntax error at position \d+|illegal identifier at position \d+|invalid character class.*|unknown character class .*|illegal escape.*)$/;

/** The engine's own number in "… maximum of [5]" / "… equal to: [65535]" / `max_buckets`. */
function engineMax(c: Cause, pattern: RegExp): number | undefined {
  const n = typeof c.node.max_buckets === 'number' ? c.node.max_buckets : Number(pattern.exec(c.reason)?.[1]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const lower = (ours: number, engine: number | undefined): number => (engine !== undefined && engine < ours ? engine : ours);

/**
 * Engine refusals that are the request's fault, as the client errors they are: a 400 naming the
 * limit (or an invalid query), never a 502 with the engine's text. Nothing of the engine's answer
 * reaches the client but a number or, for a regular expression, the parser's short complaint.
 */
export function clientFault(found: readonly Cause[], limits: Limits = defaultLimits): ProxyError | undefined {
  for (const c of found) {
    if (c.type === 'too_complex_to_determinize_exception' || /^Determinizing .* would require more than|Determinizing automaton with|input automaton is too large/.test(c.reason)) {
      return limitError('maxDeterminizedStates', limits.maxDeterminizedStates, 'a pattern is too complex for the engine (its automaton is too large)');
    }
    if (c.type === 'too_many_clauses' || /maxClauseCount is set to/.test(c.reason)) {
      return limitError('maxClauses', lower(limits.maxClauses, engineMax(c, /maxClauseCount is set to (\d+)/)), 'the query has more clauses than the engine allows');
    }
    if (/The number of terms \[\d+\] used in the Terms Query request has exceeded/.test(c.reason)) {
      return limitError('maxTerms', lower(limits.maxTerms, engineMax(c, /allowed maximum of \[(\d+)\]/)), 'a list has more terms than the engine allows');
    }
    if (c.type === 'too_many_buckets_exception') {
      return limitError('maxBuckets', lower(limits.maxBuckets, engineMax(c, /equal to: \[(\d+)\]/)), 'the aggregation makes more buckets than the engine allows');
    }
    if (/The length of regex \[\d+\] used in the Regexp Query request has exceeded/.test(c.reason)) {
      return limitError('maxPatternLength', lower(limits.maxPatternLength, engineMax(c, /allowed maximum of \[(\d+)\]/)), 'a regular expression is longer than the engine allows');
    }
    if (/indices\.query\.bool\.max_nested_depth/.test(c.reason)) {
      return limitError('maxDepth', limits.maxDepth, 'the filters nest more deeply than the engine allows');
    }
    // field collapsing (one document per value) on a field some document holds several values of
    if (/the (collapse|grouping) field must be single valued/.test(c.reason)) {
      return new ProxyError({ kind: 'invalid_query', message: 'one record per value of a field needs a field with at most one value per record; this one holds several in some records', at: {} });
    }
    if (c.type === 'illegal_argument_exception' && REGEX_SYNTAX.test(c.reason)) {
      return new ProxyError({ kind: 'invalid_query', message: `invalid regular expression: ${c.reason}`, at: {} });
    }
  }
  return undefined;
}
