/**
 * The one typed error model. Every stage throws a ProxyError carrying a discriminated detail;
 * each dialect renders it in its own error style (translators/<dialect>/errors.ts), and the HTTP
 * layer never lets anything else reach a client as a stack trace.
 */
import { currentRequest } from '../observability/context.js';

/** Where in the dialect request a problem lies: a JSON Pointer, and for expression strings a position. */
export interface Location {
  readonly pointer?: string;
  /** 0-based offset, 1-based line and column within the string at `pointer` */
  readonly position?: { readonly offset: number; readonly line: number; readonly column: number };
}

export interface Diagnostic {
  readonly message: string;
  readonly at: Location;
  readonly rule?: string;
}

export type ErrorDetail =
  /** the request does not follow the dialect's grammar */
  | {
      readonly kind: 'invalid_request';
      readonly message: string;
      readonly at: Location;
      /** a machine-readable name of the broken rule (e.g. `type_error.enum`) */
      readonly rule?: string;
      /** every problem found, when validation collected several; the first is repeated above */
      readonly diagnostics?: readonly Diagnostic[];
    }
  /** well-formed, but meaningless: duplicate names, unknown references, contradictory options */
  | { readonly kind: 'invalid_query'; readonly message: string; readonly at: Location }
  | { readonly kind: 'unknown_dataset'; readonly dataset: string }
  /** no, a wrong or an expired credential (auth on); never says which keys or tenants exist */
  | {
      readonly kind: 'unauthorized';
      /** `revoked`: a refresh token used twice, or an access token of the session that happened in */
      readonly reason: 'missing' | 'invalid' | 'expired' | 'revoked';
      /**
       * At a token endpoint: `client` an OAuth client's own credentials, `user` a user's name and
       * password (password grant), `refresh` a refresh token; absent: a key or token for data.
       */
      readonly credential?: 'client' | 'user' | 'refresh';
      readonly message: string;
    }
  | { readonly kind: 'unknown_field'; readonly field: string; readonly dataset: string; readonly at: Location }
  | {
      readonly kind: 'field_type';
      readonly field: string;
      readonly expected: 'numeric' | 'aggregatable' | 'date';
      readonly actual: string;
      readonly at: Location;
    }
  /** not built, or (with `capability`) needing something this engine does not offer */
  | { readonly kind: 'unsupported'; readonly feature: string; readonly at: Location; readonly capability?: string }
  | { readonly kind: 'bucket_budget'; readonly limit: number; readonly at: Location }
  /** over one of the policy's bounds (src/policy/limits.ts): `limit` names it, `limits.maxTerms` */
  | { readonly kind: 'limit'; readonly limit: string; readonly max: number; readonly message: string; readonly at: Location }
  /** the tenant sent more requests than its rate allows */
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number; readonly message: string }
  /** the proxy's own engine-request queue is full */
  | { readonly kind: 'overloaded'; readonly retryAfterSeconds: number; readonly message: string; readonly requestId?: string }
  /**
   * Engine problems. `message`/`reason` hold engine internals (addresses, exception text, scripts):
   * they are logged, never sent; clients get a stable message naming `requestId`.
   */
  | { readonly kind: 'engine_unavailable'; readonly message: string; readonly requestId?: string }
  /** `message` is the proxy's own (the deadline), safe to send */
  | { readonly kind: 'engine_timeout'; readonly message: string; readonly requestId?: string }
  | { readonly kind: 'engine_error'; readonly status: number; readonly reason: string; readonly requestId?: string }
  /** the engine sheds load (429, a circuit breaker, 503): the client should come back after `retryAfterSeconds` */
  | { readonly kind: 'engine_busy'; readonly status: 429 | 503; readonly retryAfterSeconds: number; readonly reason: string; readonly requestId?: string }
  | { readonly kind: 'internal'; readonly message: string; readonly requestId?: string };

export type ErrorKind = ErrorDetail['kind'];

/** Kinds whose client message names the request id (the log has the details under it). */
const TRACED: ReadonlySet<ErrorKind> = new Set(['overloaded', 'engine_unavailable', 'engine_timeout', 'engine_error', 'engine_busy', 'internal']);

export class ProxyError extends Error {
  readonly detail: ErrorDetail;

  constructor(detail: ErrorDetail) {
    const id = TRACED.has(detail.kind) && !('requestId' in detail && detail.requestId) ? currentRequest()?.id : undefined;
    const d = id ? ({ ...detail, requestId: id } as ErrorDetail) : detail;
    super(describe(d));
    this.detail = d;
    this.name = 'ProxyError';
  }
}

/** HTTP status a detail maps to, before any dialect-specific adjustment. */
export function defaultStatus(d: ErrorDetail): number {
  switch (d.kind) {
    case 'invalid_request':
    case 'invalid_query':
    case 'unknown_field':
    case 'field_type':
    case 'unsupported':
    case 'bucket_budget':
    case 'limit':
      return 400;
    case 'rate_limited':
      return 429;
    case 'overloaded':
      return 503;
    case 'unknown_dataset':
      return 404;
    case 'unauthorized':
      return 401;
    case 'engine_unavailable':
    case 'engine_error':
      return 502;
    case 'engine_busy':
      return d.status;
    case 'engine_timeout':
      return 504;
    case 'internal':
      return 500;
  }
}

/** A plain-English message for a detail; dialects may word it their own way. */
export function describe(d: ErrorDetail): string {
  switch (d.kind) {
    case 'invalid_request':
    case 'invalid_query':
      return d.message;
    case 'unknown_dataset':
      return `Dataset '${d.dataset}' not found`;
    case 'unauthorized':
      return `Unauthorized: ${d.message}`;
    case 'unknown_field':
      return `Field '${d.field}' does not exist in dataset '${d.dataset}'`;
    case 'field_type':
      return `Field '${d.field}' is ${d.actual}; a ${d.expected} field is required`;
    case 'unsupported':
      return `Unsupported: ${d.feature}`;
    case 'bucket_budget':
      return `The grouping produces more than ${d.limit} buckets; narrow the filters or the grouping`;
    case 'limit':
    case 'rate_limited':
      return d.message;
    case 'overloaded':
      return `${d.message}${traced(d)}`;
    case 'engine_unavailable':
      return `Search engine unavailable${traced(d)}`;
    case 'engine_timeout':
      return `Search engine timed out: ${d.message}${traced(d)}`;
    case 'engine_error':
      return `Search engine error${d.status === 200 ? ': incomplete answer' : ` (status ${d.status})`}${traced(d)}`;
    case 'engine_busy':
      return `Search engine overloaded; retry after ${d.retryAfterSeconds} s${traced(d)}`;
    case 'internal':
      return `Internal error${traced(d)}`;
  }
}

function traced(d: { readonly requestId?: string }): string {
  return d.requestId ? ` (request id ${d.requestId})` : '';
}

/** Seconds a client should wait before retrying, for the kinds that shed load. */
export function retryAfterOf(d: ErrorDetail): number | undefined {
  return d.kind === 'engine_busy' || d.kind === 'rate_limited' || d.kind === 'overloaded' ? d.retryAfterSeconds : undefined;
}

export function toProxyError(e: unknown): ProxyError {
  if (e instanceof ProxyError) return e;
  return new ProxyError({ kind: 'internal', message: e instanceof Error ? e.message : String(e) });
}

/** JSON Pointer from path segments (RFC 6901 escaping). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Path segments from a JSON Pointer; numeric segments become numbers. */
export function pointerSegments(p: string | undefined): (string | number)[] {
  if (!p) return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
