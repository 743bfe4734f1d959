/**
 * `grouping`: the DAL's GROUP BY on the records, one record per distinct combination of the named
 * fields (NULL one value, as SQL groups it), the total counting the groups.
 * - One field: the engine collapses the records on it (the first by the sorting stands for its
 *   group, where MySQL picks any), and a composite count of its values is the total.
 * - More fields (collapsing takes one): a probe groups by them and takes each group's smallest id,
 *   and the records are those ids, sorted and paged as asked; the probe's group count is the total.
 * A field of a to-many association would make one record several groups: a 400.
 */
import type { AggQuery, GroupKey, Predicate } from '../../src/ir/nodes.js';
import { RESULT_WINDOW, type DocumentsQuery } from '../../src/ir/documents.js';
import type { ResultTable } from '../../src/ir/result.js';
import { and } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { CODES } from './parse.js';
import type { Criteria } from './types.js';
import { fieldInfo, idField, indexField, isToMany, type EntityContext } from './fields.js';

export type Grouping =
  /** `count`: the query whose group count is the total (asked after the aggregations) */
  | { readonly kind: 'collapse'; readonly count: AggQuery }
  /** `probe`: asked first; `restrict` turns its answer into the records' filter */
  | { readonly kind: 'probe'; readonly probe: AggQuery; readonly restrict: (t: ResultTable) => Predicate };

const REPRESENTATIVE = 'representative';

export function lowerGrouping(ctx: EntityContext, criteria: Criteria, documents: DocumentsQuery): { documents: DocumentsQuery; grouping?: Grouping } {
  const fields = criteria.grouping.map(({ field, at }) => groupable(ctx, field, at));
  if (fields.length === 0) return { documents };
  const { filter } = documents;
  const keys: GroupKey[] = fields.map((field, i) => ({ kind: 'terms', name: `g${i}`, field, missing: 'group' }));
  const query = (levels: AggQuery['levels']): AggQuery => ({ kind: 'AggQuery', dataset: ctx.dataset.name, ...(filter ? { filter } : {}), levels });
  const [only] = fields;
  if (fields.length === 1 && only !== undefined) {
    const collapsed = { ...documents, collapse: only };
    // the groups are counted only where the total is (an exact count, or every record asked for)
    if (!documents.exactTotal) return { documents: collapsed };
    return { documents: collapsed, grouping: { kind: 'collapse', count: query([{ keys, metrics: [], post: [], order: [], offset: 0, limit: 0 }]) } };
  }
  const id = idField(ctx);
  const probe = query([
    { keys, metrics: [], post: [], order: [], offset: 0, limit: null },
    { keys: [{ kind: 'terms', name: REPRESENTATIVE, field: id, missing: 'exclude' }], metrics: [], post: [], order: [{ column: REPRESENTATIVE, direction: 'asc', compare: 'natural' }], offset: 0, limit: 1 },
  ]);
  const restrict = (t: ResultTable): Predicate => {
    const ids = t.rows.flatMap((r) => (r.children ?? []).map((c) => String(c.keys[REPRESENTATIVE])));
    // the representatives become one terms query: as many as a result window holds, and no more
    if (ids.length > RESULT_WINDOW) {
      throw new ProxyError({ kind: 'invalid_request', message: `Grouping by ${fields.length} fields gives ${ids.length} groups, more than the ${RESULT_WINDOW} aggproxy can list; narrow the filter.`, at: { pointer: '/grouping' }, rule: CODES.unsupported });
    }
    return ids.length === 0 ? { kind: 'none' } : { kind: 'terms', field: id, values: ids };
  };
  return { documents, grouping: { kind: 'probe', probe, restrict } };
}

/** The documents query of a probed grouping: the matching records narrowed to the groups' representatives. */
export const representatives = (documents: DocumentsQuery, only: Predicate): DocumentsQuery => ({ ...documents, filter: and(documents.filter, only) as Predicate });

function groupable(ctx: EntityContext, raw: string, at: string): string {
  const field = indexField(ctx, raw, at);
  const info = fieldInfo(ctx, field);
  const refuse = (why: string): never => {
    throw new ProxyError({ kind: 'invalid_request', message: `Grouping by "${raw}" is not supported: ${why}.`, at: { pointer: at }, rule: CODES.unsupported });
  };
  if (isToMany(ctx, field) || info.nested) refuse('it lies in a to-many association');
  if (!info.exactPath) refuse(`the field cannot be grouped on (${info.type})`);
  return field;
}
