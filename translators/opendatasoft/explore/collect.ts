/**
 * How an Explore request reports every independent problem at once with the shared collector
 * (src/errors/collector.ts): each parameter, where clause (and each operand of its AND/OR), select,
 * group_by and order_by item, refine and exclude is read on its own; a problem in one is recorded
 * and the others are still read. A syntax error stops its clause only (nothing past it can be read).
 * A request with one problem answers exactly that problem's error; with several, ../errors.ts adds
 * them all under `errors`.
 *
 * The parameters are read at parse time, before the dataset and its schema are known, and the
 * clauses at lowering: the parameters' problems travel in the request (`invalid`) and are reported
 * with the clauses'. So a request on an unknown dataset is a 404 even when its parameters are bad.
 */
import { Collector } from '../../../src/errors/collector.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';
import { fail } from '../errors.js';
import { OdsqlError } from './ast.js';

/** An ODSQL problem as Opendatasoft reports it: ODSQLError, the clause and the character. */
export function odsqlFailure(e: unknown): never {
  if (e instanceof OdsqlError) fail('ODSQLError', `ODSQL query is malformed: ${e.message}. Clause(s) containing the error(s): ${e.clause}.`, `/${e.clause}`, e.at);
  throw e;
}

/** Runs `run` with its OdsqlError thrown as the client's error (so a collector can record it). */
export function odsql<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    return odsqlFailure(e);
  }
}

/** One clause or item: its problem recorded in `c`; undefined when it failed. */
export const clause = <T>(c: Collector, run: () => T): T | undefined => c.attempt(() => odsql(run));

/** What `c` holds as one error: the one problem's own error, or all of them as one; undefined when none. */
export function collected(c: Collector): ProxyError | undefined {
  try {
    c.throwIfAny();
    return undefined;
  } catch (e) {
    if (e instanceof ProxyError) return e;
    throw e;
  }
}

/** The collector a lowering starts with: it holds already the problems found in the parameters. */
export function collectorOf(invalid: ProxyError | undefined): Collector {
  const c = new Collector();
  if (invalid) c.record(invalid);
  return c;
}
