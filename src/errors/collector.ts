/**
 * The collector every parser and lowerer shares: it gathers each independent problem of one request
 * (its rule, message and location) so that a request with three problems gets three errors, then
 * throws them as one `invalid_request` whose `diagnostics` list them all (the first is repeated on top).
 */
import { ProxyError, describe, type Diagnostic, type ErrorDetail, type ErrorKind, type Location } from './proxy-error.js';

/** The client errors a parse or lowering step throws (a bad field, value, option or bound). */
const CLIENT_KINDS = ['invalid_query', 'unknown_field', 'field_type', 'unsupported', 'bucket_budget', 'limit'] as const;
export type ClientErrorDetail = Extract<ErrorDetail, { readonly kind: (typeof CLIENT_KINDS)[number] }>;
const CLIENT: ReadonlySet<ErrorKind> = new Set(CLIENT_KINDS);
export const isClientError = (d: ErrorDetail): d is ClientErrorDetail => CLIENT.has(d.kind);
/** Whether a diagnostic's rule names a client-error kind (a converter that records kinds as rules). */
export const isClientKind = (rule: string): boolean => CLIENT.has(rule as ErrorKind);

/**
 * A client error as a diagnostic: its message, its location and the rule the dialect records it
 * with (a code its renderer prints); undefined for any other error. What each dialect's converter is built on.
 */
export function clientDiagnostic(e: ProxyError, rule: (kind: ClientErrorDetail['kind']) => string): Diagnostic | undefined {
  const d = e.detail;
  return isClientError(d) ? { message: describe(d), at: d.at, rule: rule(d.kind) } : undefined;
}

export class Collector {
  readonly problems: Diagnostic[] = [];
  /** the errors `attempt` caught, so that a request with one problem gets that error itself */
  private readonly caught: ProxyError[] = [];

  /**
   * `convert`: a dialect's reading of other client errors (an unknown field, a wrong field type)
   * as diagnostics in its own codes, so they are collected too; without it only `invalid_request`s are.
   */
  constructor(private readonly convert?: (e: ProxyError) => readonly Diagnostic[] | undefined) {}

  /** `at` is a JSON Pointer, or a full location (pointer and position inside an expression) */
  add(code: string, message: string, at: string | Location): void {
    this.problems.push({ message, at: typeof at === 'string' ? { pointer: at } : at, rule: code });
  }
  /** Records a problem found without running a part, exactly as if a part had thrown it. */
  record(e: ProxyError): void {
    this.attempt(() => {
      throw e;
    });
  }
  /** Runs one clause; an `invalid_request` it throws is recorded (with its own diagnostics), anything else propagates. */
  attempt<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof ProxyError)) throw e;
      const d = e.detail;
      const found = d.kind === 'invalid_request' ? (d.diagnostics ?? [{ message: d.message, at: d.at, ...(d.rule ? { rule: d.rule } : {}) }]) : this.convert?.(e);
      if (!found) throw e;
      this.problems.push(...found);
      this.caught.push(e);
      return undefined;
    }
  }
  /** Each item handled on its own: the ones that fail are recorded and left out of the result. */
  each<I, T>(items: readonly I[], run: (item: I, i: number) => T): T[] {
    const out: T[] = [];
    items.forEach((item, i) => {
      const v = this.attempt(() => run(item, i));
      if (v !== undefined) out.push(v);
    });
    return out;
  }
  /** The collected problems as one error (call only when there are some). */
  error(): ProxyError {
    const first = this.problems[0] as Diagnostic;
    return new ProxyError({ kind: 'invalid_request', message: first.message, at: first.at, rule: first.rule, diagnostics: this.problems });
  }
  /** Throws when anything was collected: the one error caught as it was, or all of them as one. */
  throwIfAny(): void {
    if (this.problems.length === 1 && this.caught.length === 1) throw this.caught[0] as ProxyError;
    if (this.problems.length > 0) throw this.error();
  }
}
