/**
 * Names the proxy makes up itself (a level's document count in order and having, helper metrics a
 * translator adds) live in their own namespace: they start with a NUL character. A client's name
 * never needs one; one that takes such a name anyway collides with nothing unnoticed, because a level
 * naming one column twice is refused (`assertDistinctNames`).
 */
import { ProxyError } from '../errors/proxy-error.js';
import type { AggQuery } from './nodes.js';

const INTERNAL = '\u0000';

/** The group's document count as an order or having column. */
export const COUNT_COLUMN = `${INTERNAL}count`;

/** A column only the proxy names (e.g. `internalName('stats:price')`). */
export const internalName = (what: string): string => `${INTERNAL}${what}`;

export const isInternalName = (name: string): boolean => name.startsWith(INTERNAL);

/** A column's name as a note or message shows it: a made-up one without its NUL (`distinct:id`). */
export const shownName = (name: string): string => (isInternalName(name) ? name.slice(INTERNAL.length) : name);

/** Keys, metrics and post-metrics of one level name different columns, or the query is refused. */
export function assertDistinctNames(q: AggQuery): void {
  q.levels.forEach((level) => {
    const seen = new Set<string>();
    const named = [...level.keys, ...level.metrics, ...level.post] as readonly { readonly name: string; readonly origin?: string }[];
    for (const c of named) {
      if (seen.has(c.name)) {
        const shown = isInternalName(c.name) ? JSON.stringify(c.name) : `'${c.name}'`;
        throw new ProxyError({ kind: 'invalid_query', message: `the name ${shown} is used twice in one grouping level`, at: { pointer: c.origin } });
      }
      seen.add(c.name);
    }
  });
}
