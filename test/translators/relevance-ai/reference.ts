/** Relevance AI semantics written out plainly over fixture rows, for expected answers. */
import { compareKeys, groupBy, type Doc, type Value } from '../../helpers/reference.js';

export interface RefGroup {
  readonly name: string;
  readonly key: (d: Doc) => Value[];
  readonly pageSize?: number;
  /** key order instead of frequency order (histograms, dates) */
  readonly byKey?: boolean;
  readonly format?: (v: Value) => Value;
}

export interface RefQuery {
  readonly groups: readonly RefGroup[];
  readonly metrics: Readonly<Record<string, (docs: Doc[]) => unknown>>;
  readonly pageSize?: number;
  readonly page?: number;
  readonly asc?: boolean;
}

export function relevanceReference(docs: readonly Doc[], q: RefQuery): Record<string, unknown>[] {
  const pageSize = q.pageSize ?? 20;
  const page = q.page ?? 1;
  const rows: Record<string, unknown>[] = [];
  const walk = (subset: Doc[], level: number, keys: Record<string, unknown>): void => {
    if (level === q.groups.length) {
      const row: Record<string, unknown> = { ...keys, frequency: subset.length };
      for (const [name, fn] of Object.entries(q.metrics)) row[name] = fn(subset);
      rows.push(row);
      return;
    }
    const g = q.groups[level] as RefGroup;
    const groups = [...groupBy(subset, g.key)].sort(([ka, da], [kb, db]) =>
      g.byKey ? compareKeys(ka, kb) : (q.asc ? da.length - db.length : db.length - da.length) || compareKeys(ka, kb),
    );
    const size = g.pageSize ?? pageSize;
    const start = level === 0 ? (page - 1) * pageSize : 0;
    for (const [k, ds] of groups.slice(start, start + size)) walk(ds, level + 1, { ...keys, [g.name]: g.format ? g.format(k) : k });
  };
  walk([...docs], 0, {});
  return rows;
}
