/**
 * GraphQL over HTTP around the executor (handler.ts): reading one request or a batch (a JSON array
 * body), the `application/graphql-response+json` media type and its statuses, persisted-query
 * hashes (refused: the proxy keeps no query store) and whether an operation is introspection.
 */
import type { Request } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import { ProxyError } from '../../src/errors/proxy-error.js';

export const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';
/** Why bounded: every element runs a full request; a larger batch is refused as a whole. */
export const MAX_BATCH = 10;

export interface GraphQLRequest {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
  readonly extensions?: unknown;
}

/** What one request answers: `validation` marks a document that failed validation (400 under the new media type). */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly ok?: boolean;
  readonly validation?: boolean;
}

type GraphQLErrorJson = { message: string; extensions: { code: string; limit?: string; max?: number } };

function parsedJson(value: unknown, name: string): unknown {
  if (typeof value !== 'string' || value === '') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ProxyError({ kind: 'invalid_request', message: `${name[0]!.toUpperCase()}${name.slice(1)} are invalid JSON.`, at: { pointer: `/${name}` } });
  }
}

function one(source: Record<string, unknown>, fallback: Record<string, unknown>): GraphQLRequest {
  const pick = (k: string): unknown => source[k] ?? fallback[k];
  return {
    query: pick('query'),
    variables: parsedJson(pick('variables'), 'variables'),
    operationName: pick('operationName'),
    extensions: parsedJson(pick('extensions'), 'extensions'),
  };
}

/** The request(s) a body or query string carries; a batch over MAX_BATCH (or empty) is a request error. */
export function requestsOf(req: Request): { batch: boolean; items: GraphQLRequest[] } | { error: GraphQLErrorJson } {
  const q = req.query as Record<string, unknown>;
  if (Array.isArray(req.body)) {
    const body = req.body as unknown[];
    if (body.length === 0) return { error: { message: 'A batch must hold at least one request.', extensions: { code: 'BAD_REQUEST' } } };
    if (body.length > MAX_BATCH) {
      return { error: { message: `A batch may hold at most ${MAX_BATCH} requests (got ${body.length}).`, extensions: { code: 'LIMIT_EXCEEDED', limit: 'batch', max: MAX_BATCH } } };
    }
    return { batch: true, items: body.map((b) => one(b && typeof b === 'object' ? (b as Record<string, unknown>) : {}, {})) };
  }
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  return { batch: false, items: [one(body, q)] };
}

/** The PERSISTED_QUERY_NOT_SUPPORTED answer Apollo's persisted-query link understands (it then sends the full query). */
export function persistedQueryError(extensions: unknown): unknown {
  if (!extensions || typeof extensions !== 'object' || !('persistedQuery' in extensions)) return undefined;
  return { errors: [{ message: 'PersistedQueryNotSupported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }] };
}

/** Whether the client accepts the GraphQL over HTTP media type (preferred over application/json when listed first or alone). */
export function acceptsGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const g = types.indexOf(GRAPHQL_RESPONSE_TYPE);
  const j = types.indexOf('application/json');
  return g >= 0 && (j < 0 || g < j);
}

/** Under application/graphql-response+json a document that fails validation is a 4xx (the spec); application/json keeps 200. */
export function graphqlResponseStatus(a: Answer, graphqlResponse: boolean): number {
  return graphqlResponse && a.validation ? 400 : a.status;
}

/** An operation whose top-level fields are all meta fields (`__schema`, `__type`, `__typename`). */
export function isIntrospection(op: OperationDefinitionNode): boolean {
  return op.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__'));
}
