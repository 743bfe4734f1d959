/**
 * Relevance AI's error style. Its SDK retries anything but 400/401/404/413/422, so client
 * mistakes must use those codes. Schema violations answer FastAPI's 422 `detail` list; semantic
 * errors `{"message", "loc"}` with 400; an unknown dataset 404.
 */
import { defaultStatus, describe, type ErrorDetail } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';
import { locOf } from './schema.js';

export function renderRelevanceError(d: ErrorDetail): RenderedError {
  switch (d.kind) {
    case 'invalid_request': {
      const diags = d.diagnostics ?? [{ message: d.message, at: d.at, rule: d.rule }];
      return {
        status: 422,
        body: { detail: diags.map((x) => ({ loc: locOf(x.at.pointer), msg: x.message, type: x.rule ?? 'value_error' })) },
      };
    }
    case 'invalid_query':
    case 'unknown_field':
    case 'field_type':
    case 'unsupported':
    case 'bucket_budget':
    case 'limit':
      return { status: 400, body: { message: describe(d), loc: locOf(d.at.pointer) } };
    default:
      return { status: defaultStatus(d), body: { message: describe(d) } };
  }
}
