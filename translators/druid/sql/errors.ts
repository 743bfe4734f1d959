/**
 * Druid SQL's error JSON: the DruidException form of Druid 28+ (`error: "druidException"`,
 * `errorCode`, `persona`, `category`, `errorMessage`, `context` with the line and column of the
 * offending token) together with the older `errorClass` and `host`, so clients of either age read
 * it. A data source the tenant may not read is "not found", exactly like one that does not exist.
 */
import { describe, type ErrorDetail, type Location } from '../../../src/errors/proxy-error.js';
import type { RenderedError } from '../../../src/dialect/contract.js';
import { UNSUPPORTED_OPERATION } from '../collect.js';

type Category = 'INVALID_INPUT' | 'UNSUPPORTED' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'TIMEOUT' | 'CAPACITY_EXCEEDED' | 'RUNTIME_FAILURE';

const CLASSES: Record<string, string> = {
  sqlParseError: 'org.apache.calcite.sql.parser.SqlParseException',
  invalidInput: 'org.apache.calcite.tools.ValidationException',
  unsupported: 'org.apache.druid.error.DruidException',
  limit: 'org.apache.druid.error.DruidException',
};

function context(at: Location | undefined): Record<string, string> {
  if (!at) return {};
  const p = at.position;
  return {
    ...(p ? { sourceType: 'sql', line: String(p.line), column: String(p.column) } : {}),
    // a problem of the native query this SQL plans to (the pointer is into EXPLAIN's PLAN)
    ...(at.pointer && at.pointer !== '/query' ? { pointer: at.pointer } : {}),
  };
}

function body(o: { errorCode: string; category: Category; message: string; persona?: 'USER' | 'OPERATOR'; errorClass: string; at?: Location }) {
  return {
    error: 'druidException',
    errorCode: o.errorCode,
    persona: o.persona ?? 'USER',
    category: o.category,
    errorMessage: o.message,
    context: context(o.at),
    errorClass: o.errorClass,
    host: null,
  };
}

const withPointer = (message: string, at: Location): string => (at.pointer && at.pointer !== '/query' && !at.position ? `${message} (at ${at.pointer})` : message);

export function renderDruidSqlError(d: ErrorDetail): RenderedError {
  switch (d.kind) {
    case 'invalid_request': {
      // several problems of one query: all of them, in query order, in the one message (each with its
      // line and column); the first names the error code, category, class and context, as it would alone
      const all = d.diagnostics && d.diagnostics.length > 1 ? d.diagnostics : [d];
      const joined = all.map((x) => withPointer(x.message, x.at)).join('; ');
      const message = all.length > 1 ? `${all.length} problems: ${joined}` : joined;
      const rule = d.rule ?? 'invalidInput';
      // native lowering's rule for an unsupported construct (collect.ts) is unsupported here too, as its single error is
      const unsupportedRule = rule === 'unsupported' || rule === UNSUPPORTED_OPERATION;
      const category: Category = unsupportedRule ? 'UNSUPPORTED' : 'INVALID_INPUT';
      return { status: 400, body: body({ errorCode: unsupportedRule ? 'unsupported' : 'invalidInput', category, message, errorClass: CLASSES[rule] ?? 'org.apache.druid.error.DruidException', at: d.at }) };
    }
    case 'unknown_dataset':
      // 404 as native Druid answers a data source it does not serve (Druid SQL itself says 400 for an unknown table)
      return { status: 404, body: body({ errorCode: 'notFound', category: 'NOT_FOUND', message: `Object '${d.dataset}' not found within 'druid'`, errorClass: CLASSES.invalidInput as string }) };
    case 'invalid_query':
    case 'unknown_field':
    case 'field_type':
    case 'bucket_budget':
    case 'limit':
      return { status: 400, body: body({ errorCode: 'invalidInput', category: 'INVALID_INPUT', message: withPointer(describe(d), d.at), errorClass: 'org.apache.druid.error.DruidException', at: d.at }) };
    case 'unsupported':
      return { status: 400, body: body({ errorCode: 'unsupported', category: 'UNSUPPORTED', message: withPointer(describe(d), d.at), errorClass: 'org.apache.druid.error.DruidException', at: d.at }) };
    case 'unauthorized':
      return { status: 401, body: body({ errorCode: 'unauthorized', category: 'UNAUTHORIZED', message: describe(d), errorClass: 'org.apache.druid.server.security.AuthenticationException' }) };
    case 'engine_timeout':
      return { status: 504, body: body({ errorCode: 'timeout', category: 'TIMEOUT', message: describe(d), errorClass: 'org.apache.druid.query.QueryTimeoutException' }) };
    case 'engine_busy':
    case 'rate_limited':
    case 'overloaded':
      return { status: d.kind === 'engine_busy' ? d.status : d.kind === 'rate_limited' ? 429 : 503, body: body({ errorCode: 'capacityExceeded', category: 'CAPACITY_EXCEEDED', message: describe(d), errorClass: 'org.apache.druid.query.QueryCapacityExceededException' }) };
    case 'engine_unavailable':
    case 'engine_error':
      return { status: 502, body: body({ errorCode: 'runtimeFailure', category: 'RUNTIME_FAILURE', persona: 'OPERATOR', message: describe(d), errorClass: 'org.apache.druid.query.QueryInterruptedException' }) };
    case 'internal':
      return { status: 500, body: body({ errorCode: 'runtimeFailure', category: 'RUNTIME_FAILURE', persona: 'OPERATOR', message: describe(d), errorClass: 'java.lang.RuntimeException' }) };
  }
}
