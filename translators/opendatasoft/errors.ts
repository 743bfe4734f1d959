/**
 * Opendatasoft's error body: `{"message", "error_code"}` (the v2 `bad_request` schema). The message
 * names the request part in dotted form and, inside an expression, the 1-based character. A request
 * with several problems gets the first in that body and all of them, each in that shape, under `errors`.
 */
import { describe, pointerSegments, ProxyError, type Diagnostic, type ErrorDetail, type Location } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';
import { limitError } from '../../src/policy/refuse.js';
import { ExpressionError, ExpressionLimit } from './syntax.js';

/** `NotFound` and `NoSuchDataset`/`NoSuchRecord` answer 404; every other code 400. */
export type OdsErrorCode = 'InvalidRequestBody' | 'InvalidGroupBy' | 'ODSQLError' | 'InvalidRESTParameterError' | 'NotFound' | 'NoSuchDataset' | 'NoSuchRecord';
const NOT_FOUND = new Set(['NotFound', 'NoSuchDataset', 'NoSuchRecord']);

/** Throws a 400 with an ODS error code; `offset` is a 0-based position inside the string at `pointer`. */
export function fail(code: OdsErrorCode, message: string, pointer: string, offset?: number): never {
  const at: Location = offset === undefined ? { pointer } : { pointer, position: { offset, line: 1, column: offset + 1 } };
  throw new ProxyError({ kind: 'invalid_request', message, at, rule: code });
}

/**
 * An error thrown while reading the expression at `pointer` as the client sees it: an ExpressionLimit
 * becomes a limit error (QueryTooComplex / TooManyGroups), any other ExpressionError an ODSQLError,
 * both at the character; anything else is rethrown.
 */
export function expressionFailure(e: unknown, pointer: string): never {
  if (e instanceof ExpressionLimit) {
    throw limitError(e.limit, e.max, e.message, { pointer, position: { offset: e.at, line: 1, column: e.at + 1 } });
  }
  if (e instanceof ExpressionError) fail('ODSQLError', e.message, pointer, e.at);
  throw e;
}

function located(message: string, at: Location | undefined): string {
  const path = pointerSegments(at?.pointer).join('.');
  if (!path) return message;
  return `${message} (at ${path}${at?.position ? `, character ${at.position.column}` : ''})`;
}

const body = (error_code: string, message: string) => ({ message, error_code });

export function renderOdsError(d: ErrorDetail): RenderedError {
  switch (d.kind) {
    case 'invalid_request': {
      // one problem: ODS's own body; several: the first on top, and every one under `errors`
      const one = (x: Diagnostic) => body(x.rule && /^[A-Z]/.test(x.rule) ? x.rule : 'InvalidRequestBody', located(x.message, x.at));
      const top = one({ message: d.message, at: d.at, ...(d.rule ? { rule: d.rule } : {}) });
      const all = d.diagnostics ?? [];
      return { status: d.rule && NOT_FOUND.has(d.rule) ? 404 : 400, body: all.length > 1 ? { ...top, errors: all.map(one) } : top };
    }
    case 'invalid_query':
      return { status: 400, body: body('InvalidRequestBody', located(d.message, d.at)) };
    case 'unknown_field':
      return { status: 400, body: body('ODSQLError', located(`Unknown field: ${d.field}`, d.at)) };
    case 'field_type':
      return { status: 400, body: body('ODSQLError', located(describe(d), d.at)) };
    case 'unsupported':
      return { status: 400, body: body('UnsupportedFeature', located(describe(d), d.at)) };
    case 'bucket_budget':
      return { status: 400, body: body('TooManyGroups', describe(d)) };
    case 'limit':
      return { status: 400, body: body(d.limit === 'limits.maxBuckets' ? 'TooManyGroups' : 'QueryTooComplex', located(d.message, d.at)) };
    case 'rate_limited':
      // Opendatasoft's quota answer: 429 with error_code TooManyRequests
      return { status: 429, body: body('TooManyRequests', describe(d)) };
    case 'overloaded':
      return { status: 503, body: body('ServiceUnavailable', describe(d)) };
    case 'unauthorized':
      return { status: 401, body: body(d.reason === 'missing' ? 'Unauthorized' : 'InvalidAPIKey', describe(d)) };
    case 'unknown_dataset':
      return { status: 404, body: body('NoSuchDataset', `Unknown dataset: ${d.dataset}`) };
    case 'engine_timeout':
      return { status: 504, body: body('QueryTimeout', describe(d)) };
    case 'engine_busy':
      return { status: d.status, body: body(d.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', describe(d)) };
    case 'engine_unavailable':
    case 'engine_error':
      return { status: 502, body: body('BackendError', describe(d)) };
    case 'internal':
      return { status: 500, body: body('InternalError', describe(d)) };
  }
}
