/**
 * simple_search's text search: `query` is looked for in each of `fieldsToSearch` (default: every
 * text field the schema lists) as Relevance documents it — "tele" matches "Television" and "This
 * television is…": a case-insensitive substring of the value (any value of a list). A document
 * matches when one field does; its `_relevance` is the sum of the weights (`{field, weight}`,
 * default 1) of the fields that contain the query, the engine ranking by the same sum through the
 * documents query's score queries. Relevance's own scores (fuzzy and sentence matching) are its
 * model's, not reproducible here: this one is documented as the proxy's.
 */
import type { Predicate } from '../../src/ir/predicate.js';
import type { ScoreQuery } from '../../src/ir/documents.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { Limits } from '../../src/policy/limits.js';
import { lookupField } from '../../src/ir/schema.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import { within } from '../../src/policy/refuse.js';
import { relevanceSchema } from './datasets.js';
import { eachOf } from './errors.js';

export type SearchField = string | { field: string; weight?: number };

export interface TextSearch {
  readonly filter: Predicate;
  readonly scores: readonly ScoreQuery[];
  readonly fields: readonly { readonly field: string; readonly weight: number }[];
  /** the `_relevance` of a returned document, by the same rule as the engine's */
  readonly relevance: (doc: Readonly<Record<string, unknown>>) => number;
}

function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(doc) ? doc.flat(Infinity) : [doc];
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesAt(d, path));
  if (doc === null || typeof doc !== 'object') return [];
  const [head, ...rest] = path as [string, ...string[]];
  const o = doc as Record<string, unknown>;
  // a dotted name may be a key of its own (`a.b` stored flat) or a path
  if (rest.length > 0 && path.join('.') in o) return valuesAt(o[path.join('.')], []);
  return valuesAt(o[head], rest);
}

/** A text field with an exact value to look into (keyword, or text with a keyword sub-field). */
function searchable(schema: DatasetSchema, field: string, at = '/fieldsToSearch'): boolean {
  const info = lookupField(schema, field, at);
  return info.category === 'keyword' || (info.category === 'text' && info.exactPath !== undefined);
}

/** The dotted paths of `doc` only (what the engine's source filtering keeps), for documents fetched whole. */
export function pick(doc: Readonly<Record<string, unknown>>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    if (p in doc) { out[p] = doc[p]; continue; }
    const [head, ...rest] = p.split('.') as [string, ...string[]];
    const v = doc[head];
    if (v === undefined || rest.length === 0) { if (v !== undefined) out[head] = v; continue; }
    const inner = (x: unknown): unknown => (x !== null && typeof x === 'object' && !Array.isArray(x) ? pick(x as Record<string, unknown>, [rest.join('.')]) : undefined);
    const got = Array.isArray(v) ? v.map(inner).filter((x) => x !== undefined && Object.keys(x as object).length > 0) : inner(v);
    if (got === undefined || (Array.isArray(got) ? got.length === 0 : Object.keys(got as object).length === 0)) continue;
    const prev = out[head];
    out[head] = prev && typeof prev === 'object' && !Array.isArray(prev) && !Array.isArray(got) ? { ...prev, ...(got as object) } : got;
  }
  return out;
}

export function lowerTextSearch(query: string, fieldsToSearch: readonly SearchField[] | undefined, schema: DatasetSchema, limits: Limits): TextSearch {
  within('maxWildcardPatternLength', limits.maxWildcardPatternLength, query.length, `a query of ${query.length} characters`, { pointer: '/query' });
  const listed = relevanceSchema(schema);
  const fields = fieldsToSearch === undefined
    ? Object.keys(listed).filter((f) => listed[f] === 'text' && searchable(schema, f)).map((field) => ({ field, weight: 1 }))
    : eachOf(fieldsToSearch, (f, i) => {
      const o = typeof f === 'string' ? { field: f } : f;
      const at = typeof f === 'string' ? pointer('fieldsToSearch', i) : pointer('fieldsToSearch', i, 'field');
      if (!searchable(schema, o.field, at)) {
        throw new ProxyError({ kind: 'invalid_query', message: `'${o.field}' is not a text field (${lookupField(schema, o.field, at).type}): only text is searched`, at: { pointer: at } });
      }
      return { field: o.field, weight: o.weight ?? 1 };
    });
  within('maxClauses', limits.maxClauses, fields.length, `${fields.length} fieldsToSearch`, { pointer: '/fieldsToSearch' });
  const contains = (field: string): Predicate => ({ kind: 'substring', field, position: 'contains', value: query, caseInsensitive: true, origin: '/query' });
  const needle = query.toLowerCase();
  return {
    filter: fields.length === 0 ? { kind: 'none' } : { kind: 'or', operands: fields.map((f) => contains(f.field)) },
    scores: fields.map((f) => ({ filter: contains(f.field), score: f.weight })),
    fields,
    relevance: (doc) => fields.reduce((sum, f) => {
      const hit = valuesAt(doc, f.field.split('.')).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
      return hit ? sum + f.weight : sum;
    }, 0),
  };
}
