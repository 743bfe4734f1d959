/**
 * One aggregate (or collection) field's problems, gathered with the shared Collector so that a field
 * with three independent problems answers three GraphQL errors. graphql-js reports one error per
 * field (the resolver's throw), so several travel as one `FieldErrors` that the handler expands into
 * separate entries of `errors`, each with the field's path and its own locations.
 */
import { GraphQLError, type ASTNode } from 'graphql';
import { Collector, clientDiagnostic } from '../../src/errors/collector.js';
import { ProxyError, describe, type Diagnostic } from '../../src/errors/proxy-error.js';
import { toGraphQLError } from './errors.js';

export const AGGREGATE_VALIDATION_FAILED = 'AGGREGATE_VALIDATION_FAILED';

/** Several problems of one field: as thrown by a lowering (ProxyErrors not yet located), then as rendered. */
export class FieldErrors extends Error {
  /** what graphql-js copies onto the error it reports for the field when nothing expands this */
  readonly extensions: GraphQLError['extensions'];
  constructor(readonly errors: readonly (GraphQLError | ProxyError)[]) {
    const first = errors[0] as GraphQLError | ProxyError;
    super(first instanceof ProxyError ? describe(first.detail) : first.message);
    this.name = 'FieldErrors';
    this.extensions = first instanceof GraphQLError ? first.extensions : {};
  }
}

export class FieldCollector {
  /** each collected diagnostic's own error, to answer it as it would be answered alone */
  private readonly own = new Map<Diagnostic, GraphQLError | ProxyError>();
  readonly c = new Collector((e) => {
    // the client errors a lowering step throws; anything else (an engine or internal error) is not collected
    const d = clientDiagnostic(e, (kind) => kind);
    if (!d) return undefined;
    this.own.set(d, e);
    return [d];
  });

  attempt<T>(run: () => T): T | undefined {
    return this.c.attempt(run);
  }

  /** A Nue validation rule broken at `node` (its locations); `pointer` names the argument or selection. */
  invalid(message: string, pointer: string, node: ASTNode): undefined {
    this.c.add(AGGREGATE_VALIDATION_FAILED, message, pointer);
    this.own.set(this.c.problems[this.c.problems.length - 1] as Diagnostic, new GraphQLError(message, { nodes: node, extensions: { code: AGGREGATE_VALIDATION_FAILED } }));
    return undefined;
  }

  /**
   * One problem is thrown as it is (as before collecting); several as one FieldErrors. (An
   * `invalid_request`, which the Collector records without the converter, none of Nue's steps
   * throws, is rebuilt from its diagnostic.)
   */
  throwIfAny(): void {
    const errors = this.c.problems.map((p) => this.own.get(p) ?? new ProxyError({ kind: 'invalid_request', message: p.message, at: p.at, ...(p.rule ? { rule: p.rule } : {}) }));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new FieldErrors(errors);
  }
}

/** graphql-js's errors with each field's FieldErrors expanded into its errors, each at the field's path. */
export function expandFieldErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((e) => {
    const o = e.originalError;
    if (!(o instanceof FieldErrors)) return [e];
    return o.errors.map((x) => {
      // a ProxyError at the field's nodes, as the resolver renders one alone
      const g = x instanceof GraphQLError ? x : toGraphQLError(x.detail, e.nodes);
      return new GraphQLError(g.message, { nodes: g.nodes, path: e.path, originalError: x instanceof GraphQLError ? x.originalError : x, extensions: g.extensions });
    });
  });
}
