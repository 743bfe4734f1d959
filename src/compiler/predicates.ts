/**
 * IR predicates → ES query DSL. User values travel as query values only (never into a script);
 * wildcard metacharacters in user text are escaped so `contains "a*b"` means exactly that.
 */
import type { Predicate } from '../ir/nodes.js';
import { lookupField, type DatasetSchema } from '../ir/schema.js';
import { ProxyError } from '../errors/proxy-error.js';
import { resolveIndexField } from '../ir/field-resolver.js';

export type Query = Record<string, unknown>;

/**
 * `within`: the nested path whose elements the query runs on (inside a `nested` aggregation);
 * absent for the documents themselves. A condition on a field of a nested object is asked of the
 * document as "some element satisfies it" (one `nested` query per condition, as a SQL subquery on
 * the association would); inside that path it is asked of the element itself.
 */
export function compilePredicate(p: Predicate, schema: DatasetSchema, within?: string): Query {
  switch (p.kind) {
    case 'all':
      return { match_all: {} };
    case 'none':
      return { match_none: {} };
    case 'and':
      return { bool: { filter: p.operands.map((o) => compilePredicate(o, schema, within)) } };
    case 'or':
      return { bool: { should: p.operands.map((o) => compilePredicate(o, schema, within)), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [compilePredicate(p.operand, schema, within)] } };
    case 'ids':
      if (within !== undefined) return outside(within, '_id', undefined);
      return { ids: { values: p.values } };
    default: {
      const nested = lookupField(schema, p.field, p.origin).nested;
      if (nested === within) return compileLeaf(p, schema);
      if (within === undefined) return { nested: { path: nested, query: compileLeaf(p, schema) } };
      return outside(within, p.field, p.origin);
    }
  }
}

/** The compiler asks an element only of its own fields; anything else is a plan it cannot make. */
function outside(within: string, field: string, origin: string | undefined): never {
  throw new ProxyError({
    kind: 'invalid_query',
    message: `A condition on ${field} cannot be evaluated for each element of ${within} (it lies outside that association)`,
    at: { pointer: origin },
  });
}

function compileLeaf(p: Exclude<Predicate, { kind: 'all' | 'none' | 'and' | 'or' | 'not' | 'ids' }>, schema: DatasetSchema): Query {
  switch (p.kind) {
    case 'term':
      return { term: { [resolveIndexField(schema, p.field, 'exact', p.origin).target]: p.value } };
    case 'terms':
      return { terms: { [resolveIndexField(schema, p.field, 'exact', p.origin).target]: p.values } };
    case 'range': {
      const f = resolveIndexField(schema, p.field, 'exact', p.origin);
      const bounds: Record<string, unknown> = {};
      for (const k of ['gt', 'gte', 'lt', 'lte'] as const) if (p[k] !== undefined) bounds[k] = p[k];
      return { range: { [f.target]: bounds } };
    }
    case 'exists':
      return { exists: { field: resolveIndexField(schema, p.field, 'match', p.origin).target } };
    case 'substring': {
      const f = resolveIndexField(schema, p.field, 'exact', p.origin);
      const v = escapeWildcard(p.value);
      const pattern = p.position === 'prefix' ? `${v}*` : p.position === 'suffix' ? `*${v}` : `*${v}*`;
      return { wildcard: { [f.target]: { value: pattern, case_insensitive: p.caseInsensitive } } };
    }
    case 'like': {
      const f = resolveIndexField(schema, p.field, 'exact', p.origin);
      return { wildcard: { [f.target]: { value: likeToWildcard(p.pattern), case_insensitive: p.caseInsensitive } } };
    }
    case 'match':
      return { match: { [resolveIndexField(schema, p.field, 'match', p.origin).target]: { query: p.text, operator: 'and' } } };
    case 'regex':
      return { regexp: { [resolveIndexField(schema, p.field, 'exact', p.origin).target]: { value: p.pattern } } };
    case 'geoBox': {
      const f = lookupField(schema, p.field, p.origin);
      if (f.type !== 'geo_point') throw new ProxyError({ kind: 'invalid_query', message: `${p.field} is not a geo point field`, at: { pointer: p.origin } });
      return { geo_bounding_box: { [f.path]: { top_left: { lat: p.top, lon: p.left }, bottom_right: { lat: p.bottom, lon: p.right } } } };
    }
  }
}

/** SQL LIKE → ES wildcard: `%` → `*`, `_` → `?`, everything else literal. */
export function likeToWildcard(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) out += escapeWildcard(pattern[++i] as string);
    else if (c === '%') out += '*';
    else if (c === '_') out += '?';
    else out += escapeWildcard(c);
  }
  return out;
}

export function escapeWildcard(s: string): string {
  return s.replace(/[\\*?]/g, (c) => '\\' + c);
}
