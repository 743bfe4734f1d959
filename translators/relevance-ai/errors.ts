/**
 * Relevance AI's error style. Its SDK retries anything but 400/401/404/413/422, so client
 * mistakes must use those codes. Schema violations answer FastAPI's 422 `detail` list; semantic
 * errors `{"message", "loc"}` with 400; an unknown dataset 404. Several problems collected in
 * lowering answer as the first would alone (its status, and for a 400 its `message` and `loc`),
 * with every one of them in a FastAPI-style `detail` list.
 */
import { defaultStatus, describe, pointerSegments, type Diagnostic, type ErrorDetail, type ProxyError } from '../../src/errors/proxy-error.js';
import type { RenderedError } from '../../src/dialect/contract.js';
import { Collector, clientDiagnostic, isClientError, isClientKind } from '../../src/errors/collector.js';

/** FastAPI `loc` from a JSON Pointer into the body. */
export function locOf(ptr: string | undefined): (string | number)[] {
  return ['body', ...pointerSegments(ptr)];
}

/** A well-formed request's problem (a client error of the shared kinds): a 400 `{message, loc}`. */
const isSemantic = isClientError;

/**
 * The Collector's converter: a semantic error as a diagnostic whose rule is its kind, so that
 * the renderer knows a collected list led by one is a 400 (the message is the one it answers alone).
 */
export function relevanceDiagnostics(e: ProxyError): Diagnostic[] | undefined {
  const d = clientDiagnostic(e, (kind) => kind);
  return d ? [d] : undefined;
}

/** Independent items (filters, fields) lowered each on its own, the problems of all of them thrown together. */
export function eachOf<I, T>(items: readonly I[], run: (item: I, i: number) => T): T[] {
  const c = new Collector(relevanceDiagnostics);
  const out = c.each(items, run);
  c.throwIfAny();
  return out;
}

export function renderRelevanceError(d: ErrorDetail): RenderedError {
  if (isSemantic(d)) return { status: 400, body: { message: describe(d), loc: locOf(d.at.pointer) } };
  if (d.kind !== 'invalid_request') return { status: defaultStatus(d), body: { message: describe(d) } };
  const diags = d.diagnostics ?? [{ message: d.message, at: d.at, rule: d.rule }];
  const detail = diags.map((x) => ({ loc: locOf(x.at.pointer), msg: x.message, type: x.rule ?? 'value_error' }));
  if (d.rule !== undefined && isClientKind(d.rule)) return { status: 400, body: { message: d.message, loc: locOf(d.at.pointer), detail } };
  return { status: 422, body: { detail } };
}
