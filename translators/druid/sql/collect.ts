/**
 * The collector of Druid SQL planning: each independent part of a SELECT (a select item, a GROUP BY
 * item, a WHERE conjunct, HAVING, an ORDER BY item, LIMIT and OFFSET, an aggregate call, a refused
 * clause) is planned on its own, so that a query with three problems gets three errors, each with
 * the line and column of its own part. A part that only fails because an earlier one did (ORDER BY
 * an alias whose select item failed) throws SkippedPart and is left out without a diagnostic of its
 * own; a problem met twice (one aggregate call written in SELECT and ORDER BY) is kept once.
 */
import { Collector } from '../../../src/errors/collector.js';
import type { ProxyError } from '../../../src/errors/proxy-error.js';
import { PartsCollector, SkippedPart } from '../collect.js';

export { SkippedPart };

/** The other client errors planning may meet, with the codes errors.ts renders. */
const SQL_RULES = { illegal: 'invalidInput', limit: 'limit', unsupported: 'unsupported' } as const;

export function sqlCollector(): Collector {
  return new PartsCollector(SQL_RULES);
}

/**
 * Every item through `run`, each on its own; when one failed, the whole (an expression over them)
 * is a skipped part: its items' own problems are already recorded.
 */
export function allOf<I, T>(c: Collector, items: readonly I[], run: (item: I, i: number) => T, part: string): T[] {
  let failed = false;
  const out: T[] = [];
  items.forEach((item, i) => {
    const v = c.attempt(() => ({ v: run(item, i) }));
    if (v === undefined) failed = true;
    else out.push(v.v);
  });
  if (failed) throw new SkippedPart(part);
  return out;
}

/** Records one problem found without running a part (as if a part had thrown it). */
export function record(c: Collector, e: ProxyError): void {
  c.record(e);
}

/**
 * Every item through `run`, each on its own with a collector of their own: their problems thrown
 * together (an enclosing attempt records each), and an item skipped skips the whole.
 */
export function eachOrThrow<I, T>(items: readonly I[], run: (item: I, i: number) => T, part: string): T[] {
  const c = sqlCollector();
  const out = c.each(items, (item, i) => ({ v: run(item, i) }));
  c.throwIfAny();
  if (out.length < items.length) throw new SkippedPart(part);
  return out.map((x) => x.v);
}
