/**
 * The collector of Druid's native lowering: every independent part of a query (a dimension, an
 * aggregator, a post-aggregator, the filter, the having, each ordering column, each virtual column,
 * each subtotal set) is lowered on its own, so that a query with three problems gets three errors.
 * The client errors lowering throws become diagnostics whose rule is the Java class errors.ts prints;
 * a part that only fails because an earlier one did (it reads a failed virtual column) is skipped
 * without a diagnostic of its own, and a problem met twice (shared by two subtotal sets) is kept once.
 */
import { Collector, clientDiagnostic, type ClientErrorDetail } from '../../src/errors/collector.js';
import type { Diagnostic } from '../../src/errors/proxy-error.js';

/** Thrown where a part reads a name whose own lowering failed: that part is left out, silently. */
export class SkippedPart extends Error {
  constructor(readonly part: string) {
    super(`depends on the failed part [${part}]`);
  }
}

/** The Java class errors.ts prints for each kind (and `Unsupported operation` as the error of the second). */
export const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';
export const UNSUPPORTED_OPERATION = 'java.lang.UnsupportedOperationException';

/** The rule each kind of client error is recorded with (the class or code the dialect's renderer prints). */
export interface DiagnosticRules {
  readonly illegal: string;
  readonly limit: string;
  readonly unsupported: string;
}

const NATIVE_RULES: DiagnosticRules = { illegal: ILLEGAL_ARGUMENT, limit: ILLEGAL_ARGUMENT, unsupported: UNSUPPORTED_OPERATION };

const ruleOf = (rules: DiagnosticRules) => (kind: ClientErrorDetail['kind']): string =>
  kind === 'limit' ? rules.limit : kind === 'unsupported' ? rules.unsupported : rules.illegal;

const same = (a: Diagnostic, b: Diagnostic): boolean =>
  a.message === b.message && a.at.pointer === b.at.pointer && a.at.position?.offset === b.at.position?.offset;

/**
 * The collector of Druid's lowering and of Druid SQL's planning: client errors as diagnostics with
 * the dialect's rules, a skipped part left out, a problem already recorded not recorded again.
 */
export class PartsCollector extends Collector {
  constructor(rules: DiagnosticRules = NATIVE_RULES) {
    super((e) => {
      const d = clientDiagnostic(e, ruleOf(rules));
      return d ? [d] : undefined;
    });
  }

  override attempt<T>(run: () => T): T | undefined {
    const before = this.problems.length;
    let v: T | undefined;
    try {
      v = super.attempt(run);
    } catch (e) {
      if (e instanceof SkippedPart) return undefined;
      throw e;
    }
    for (let i = this.problems.length - 1; i >= before; i--) {
      const p = this.problems[i] as Diagnostic;
      if (this.problems.slice(0, i).some((q) => same(q, p))) this.problems.splice(i, 1);
    }
    return v;
  }
}

export function loweringCollector(): Collector {
  return new PartsCollector(NATIVE_RULES);
}
