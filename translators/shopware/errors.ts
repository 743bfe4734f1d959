/**
 * Shopware's error style: JSON:API `errors[]` with string status, Shopware's error code, title,
 * detail and a JSON Pointer into the criteria. Every client mistake is a 400 (an unknown entity a
 * 404), including the ones Shopware itself lets escape as a 500.
 */
import { defaultStatus, describe, type Diagnostic, type ErrorDetail, type ProxyError } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';
import { CODES } from './parse.js';
import { LEAGUE_TITLES, unauthorizedError } from './oauth-errors.js';
import { HTTP_RULES, HTTP_STATUS } from './http-errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
  500: 'Internal Server Error',
};

interface JsonApiError {
  readonly status: string;
  readonly code: string;
  readonly title: string;
  /** null where Shopware's is (an OAuth error without a hint) */
  readonly detail: string | null;
  readonly source?: { readonly pointer: string };
  readonly meta: { readonly parameters: Record<string, unknown> };
}

function error(status: number, code: string, detail: string | null, pointer?: string, parameters: Record<string, unknown> = {}): JsonApiError {
  return {
    status: String(status),
    code,
    // an OAuth error's title is league's message for its code (oauth-errors.ts)
    title: LEAGUE_TITLES[code] ?? TITLES[status] ?? 'Error',
    detail,
    ...(pointer !== undefined ? { source: { pointer } } : {}),
    meta: { parameters },
  };
}

/**
 * Symfony's routing and negotiation errors as ErrorResponseFactory renders a plain HTTP exception
 * (code "0", no meta); the DAL's missing record with its parameters.
 */
function httpError(status: number, title: string, rule: string, detail: string): RenderedError {
  if (rule !== HTTP_RULES.resourceNotFound) return { status, body: { errors: [{ code: '0', status: String(status), title, detail }] } };
  const [, type = '', id = ''] = /^The (\S+) resource with the following primary key was not found: id\((.*)\)$/.exec(detail) ?? [];
  return { status, body: { errors: [error(status, rule, detail, undefined, { type, primaryKey: { id }, primaryKeyString: `id(${id})` })] } };
}

export function renderShopwareError(d: ErrorDetail): RenderedError {
  const one = (status: number, code: string, detail: string | null, pointer?: string, parameters?: Record<string, unknown>): RenderedError => ({
    status,
    body: { errors: [error(status, code, detail, pointer, parameters)] },
  });
  switch (d.kind) {
    case 'invalid_request': {
      const http = d.rule ? HTTP_STATUS[d.rule] : undefined;
      if (http) return httpError(http.status, http.title, d.rule as string, d.message);
      const diags = d.diagnostics ?? [{ message: d.message, at: d.at, rule: d.rule }];
      return {
        status: 400,
        body: { errors: diags.map((x) => error(400, x.rule?.startsWith('FRAMEWORK__') || x.rule?.startsWith('AGGPROXY__') || /^\d+$/.test(x.rule ?? '') ? (x.rule as string) : CODES.criteria, x.message, x.at.pointer ?? '')) },
      };
    }
    case 'unknown_field':
      return one(400, 'FRAMEWORK__UNMAPPED_FIELD', `Field "${d.field}" in entity "${d.dataset}" was not found.`, d.at.pointer, { field: d.field, entity: d.dataset });
    case 'field_type':
      return one(400, CODES.aggregation, `Field "${d.field}" is ${d.actual}; a ${d.expected} field is required here.`, d.at.pointer);
    case 'invalid_query':
    case 'bucket_budget':
      return one(400, CODES.criteria, describe(d), d.at.pointer);
    case 'limit':
      return one(400, 'AGGPROXY__LIMIT_EXCEEDED', describe(d), d.at.pointer ?? '', { limit: d.limit, max: d.max });
    case 'rate_limited':
      return one(429, 'AGGPROXY__RATE_LIMITED', describe(d));
    case 'overloaded':
      return one(503, 'AGGPROXY__OVERLOADED', describe(d));
    case 'unsupported':
      return one(400, CODES.unsupported, describe(d), d.at.pointer);
    case 'unauthorized': {
      const e = unauthorizedError(d);
      return one(e.status, e.code, e.detail);
    }
    case 'unknown_dataset':
      return one(404, 'FRAMEWORK__DEFINITION_NOT_FOUND', `Definition for entity "${d.dataset}" does not exist.`, undefined, { entity: d.dataset });
    case 'engine_unavailable':
      return one(502, 'AGGPROXY__ENGINE_UNAVAILABLE', describe(d));
    case 'engine_timeout':
      return one(504, 'AGGPROXY__ENGINE_TIMEOUT', describe(d));
    case 'engine_busy':
      return one(d.status, 'AGGPROXY__ENGINE_BUSY', describe(d));
    case 'engine_error':
      return one(502, 'AGGPROXY__ENGINE_ERROR', describe(d));
    case 'internal':
      return one(defaultStatus(d), 'FRAMEWORK__INTERNAL_ERROR', describe(d));
  }
}

/** Client errors of a lowering step as Shopware's diagnostics (its codes), so every problem of a request is answered. */
const COLLECTED = new Set<ErrorDetail['kind']>(['unknown_field', 'field_type', 'invalid_query', 'unsupported']);

export function shopwareDiagnostics(e: ProxyError): Diagnostic[] | undefined {
  if (!COLLECTED.has(e.detail.kind)) return undefined;
  const errors = (renderShopwareError(e.detail).body as { errors: { code: string; detail: string | null; source?: { pointer?: string } }[] }).errors;
  return errors.map((x) => ({ message: x.detail ?? '', at: { pointer: x.source?.pointer ?? '' }, rule: x.code }));
}
