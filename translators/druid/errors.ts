/**
 * Druid's error JSON: `{"error", "errorMessage", "errorClass", "host"}`. A bad query is a 400 (Druid
 * says "Unknown exception" for Jackson's mapping errors), an unknown data source 404, a timeout 504
 * ("Query timeout"), an engine failure 502; never a 500 for a client mistake.
 */
import { describe, type ErrorDetail } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';

const CLASSES: Record<string, string> = {
  JsonMappingException: 'com.fasterxml.jackson.databind.JsonMappingException',
  InvalidTypeIdException: 'com.fasterxml.jackson.databind.exc.InvalidTypeIdException',
  UnsupportedOperationException: 'java.lang.UnsupportedOperationException',
  // lowering's rules (collect.ts) are the classes its single errors print (below), written in full so
  // that a parse rule of the same short name keeps its own `error`
  'java.lang.IllegalArgumentException': 'java.lang.IllegalArgumentException',
  'java.lang.UnsupportedOperationException': 'java.lang.UnsupportedOperationException',
};

/** Druid's `error` for a diagnostic's rule: what the `unsupported` kind prints for lowering's, else the generic one. */
const errorOf = (rule: string | undefined): string => (rule === 'java.lang.UnsupportedOperationException' ? 'Unsupported operation' : 'Unknown exception');

function body(error: string, message: string, errorClass: string): Record<string, unknown> {
  return { error, errorMessage: message, errorClass, host: null };
}

const where = (pointer: string | undefined): string => (pointer ? ` (at ${pointer})` : '');

export function renderDruidError(d: ErrorDetail): RenderedError {
  switch (d.kind) {
    case 'invalid_request': {
      // several problems of one request: all of them, in request order, in the one message
      const all = d.diagnostics && d.diagnostics.length > 1 ? d.diagnostics : [d];
      const message = all.map((x) => `${x.message}${where(x.at.pointer)}`).join('; ');
      // the first problem names the error and its class, as a single one would
      return { status: 400, body: body(errorOf(d.rule), all.length > 1 ? `${all.length} problems: ${message}` : message, CLASSES[d.rule ?? ''] ?? CLASSES.JsonMappingException as string) };
    }
    case 'invalid_query':
    case 'unknown_field':
    case 'field_type':
    case 'bucket_budget':
    case 'limit':
      return { status: 400, body: body('Unknown exception', `${describe(d)}${where(d.at.pointer)}`, 'java.lang.IllegalArgumentException') };
    case 'unsupported':
      return { status: 400, body: body('Unsupported operation', `${describe(d)}${where(d.at.pointer)}`, 'java.lang.UnsupportedOperationException') };
    case 'unauthorized':
      return { status: 401, body: body('Unauthorized', describe(d), 'org.apache.druid.server.security.AuthenticationException') };
    case 'unknown_dataset':
      return { status: 404, body: body('Unknown exception', `Data source [${d.dataset}] not found`, 'org.apache.druid.query.QueryUnsupportedException') };
    case 'engine_timeout':
      return { status: 504, body: body('Query timeout', describe(d), 'org.apache.druid.query.QueryTimeoutException') };
    case 'engine_busy':
    case 'rate_limited':
    case 'overloaded':
      // Druid's own answer when its query scheduler lanes are full: 429 QueryCapacityExceededException
      return { status: d.kind === 'engine_busy' ? d.status : d.kind === 'rate_limited' ? 429 : 503, body: body('Query capacity exceeded', describe(d), 'org.apache.druid.query.QueryCapacityExceededException') };
    case 'engine_unavailable':
    case 'engine_error':
      return { status: 502, body: body('Unknown exception', describe(d), 'org.apache.druid.query.QueryInterruptedException') };
    case 'internal':
      return { status: 500, body: body('Unknown exception', describe(d), 'java.lang.RuntimeException') };
  }
}
