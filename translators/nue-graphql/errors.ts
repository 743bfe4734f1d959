/** Pipeline errors as GraphQL errors (`extensions.code`), and the HTTP status an answer carries. */
import { GraphQLError, type ASTNode } from 'graphql';
import { describe, retryAfterOf, type ErrorDetail } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';

const CODES: Record<ErrorDetail['kind'], string> = {
  invalid_request: 'BAD_USER_INPUT',
  invalid_query: 'BAD_USER_INPUT',
  unknown_dataset: 'NOT_FOUND',
  unauthorized: 'UNAUTHENTICATED',
  unknown_field: 'BAD_USER_INPUT',
  field_type: 'AGGREGATE_VALIDATION_FAILED',
  unsupported: 'BAD_USER_INPUT',
  bucket_budget: 'AGGREGATE_TOO_LARGE',
  limit: 'LIMIT_EXCEEDED',
  rate_limited: 'RATE_LIMITED',
  overloaded: 'SERVICE_OVERLOADED',
  engine_unavailable: 'ENGINE_UNAVAILABLE',
  engine_timeout: 'ENGINE_TIMEOUT',
  engine_error: 'ENGINE_ERROR',
  engine_busy: 'ENGINE_BUSY',
  internal: 'INTERNAL_SERVER_ERROR',
};

export function toGraphQLError(d: ErrorDetail, nodes?: readonly ASTNode[]): GraphQLError {
  const after = retryAfterOf(d);
  const retry = after !== undefined ? { retryAfterSeconds: after } : {};
  const limit = d.kind === 'limit' ? { limit: d.limit, max: d.max } : {};
  return new GraphQLError(describe(d), { ...(nodes ? { nodes } : {}), extensions: { code: CODES[d.kind], ...retry, ...limit } });
}

/** HTTP status for an executed answer: 200 as GraphQL does, but 400 for a limit refused and 502/504 when the engine failed. */
export function statusFor(codes: readonly unknown[]): number {
  if (codes.includes('LIMIT_EXCEEDED')) return 400;
  if (codes.includes('ENGINE_TIMEOUT')) return 504;
  if (codes.includes('RATE_LIMITED')) return 429;
  if (codes.includes('ENGINE_BUSY') || codes.includes('SERVICE_OVERLOADED')) return 503;
  if (codes.includes('ENGINE_UNAVAILABLE') || codes.includes('ENGINE_ERROR')) return 502;
  if (codes.includes('INTERNAL_SERVER_ERROR')) return 500;
  return 200;
}

/** Errors raised before execution (body problems) in the GraphQL response shape. */
export function renderNueError(d: ErrorDetail): RenderedError {
  const status = d.kind === 'invalid_request' || d.kind === 'invalid_query' || d.kind === 'limit' ? 400 : d.kind === 'unauthorized' ? 401 : statusFor([CODES[d.kind]]);
  const limit = d.kind === 'limit' ? { limit: d.limit, max: d.max } : {};
  return { status, body: { errors: [{ message: describe(d), extensions: { code: CODES[d.kind], ...limit } }] } };
}
