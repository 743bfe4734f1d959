/**
 * The collector of Druid's native lowering: every independent part of a query (a dimension, an
 * aggregator, a post-aggregator, the filter, the having, each ordering column, each virtual column,
 * each subtotal set) is lowered on its own, so that a query with three problems gets three errors.
 * The client errors lowering throws become diagnostics whose rule is the Java class errors.ts prints;
 * a part that only fails because an earlier one did (it reads a failed virtual column) is skipped
 * without a diagnostic of its own, and a problem met twice (shared by two subtotal sets) is kept once.
 */
import { Collector } from '../../src/errors/collector.js';
import { describe, type Diagnostic, type ProxyError } from '../../src/errors/proxy-error.js';

/** Thrown where a part reads a name whose own lowering failed: that part is left out, silently. */
export class SkippedPart extends Error {
  constructor(readonly part: string) {
    super(`depends on the failed part [${part}]`);
  }
}

/** The Java class errors.ts prints for each kind (and `Unsupported operation` as the error of the second). */
export const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';
export const UNSUPPORTED_OPERATION = 'java.lang.UnsupportedOperationException';

function diagnosticOf(e: ProxyError): Diagnostic | undefined {
  const d = e.detail;
  switch (d.kind) {
    case 'invalid_query':
    case 'unknown_field':
    case 'field_type':
    case 'limit':
    case 'bucket_budget':
      return { message: describe(d), at: d.at, rule: ILLEGAL_ARGUMENT };
    case 'unsupported':
      return { message: describe(d), at: d.at, rule: UNSUPPORTED_OPERATION };
    default:
      return undefined;
  }
}

class LoweringCollector extends Collector {
  /** as Collector's, and a skipped part gives undefined (each() leaves it out) */
  override attempt<T>(run: () => T): T | undefined {
    try {
      return super.attempt(run);
    } catch (e) {
      if (e instanceof SkippedPart) return undefined;
      throw e;
    }
  }
}

export function loweringCollector(): Collector {
  const c: Collector = new LoweringCollector((e) => {
    const d = diagnosticOf(e);
    if (!d) return undefined;
    const seen = c.problems.some((p) => p.message === d.message && p.at.pointer === d.at.pointer);
    return seen ? [] : [d];
  });
  return c;
}
