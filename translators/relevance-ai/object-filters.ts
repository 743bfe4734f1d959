/**
 * The object filter form of `@relevanceai/sdk` (FilterBuilder's `match`, `wildcard`, `range`,
 * `or`, its generic `filter()` and `rawFilter()`) → IR predicate. Every key of one item is ANDed;
 * `or` elements are filters or lists of filters (a list is ANDed), `not` negates one filter or
 * the AND of a list. Filters Relevance lists but the proxy does not serve are refused by name.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { findField, lookupField, type DatasetSchema } from '../../src/ir/schema.js';
import { bad, dateChecked, scalar } from './filter-values.js';
import { eachOf } from './errors.js';
import { UNSUPPORTED_OBJECT_FILTERS } from './filter-schema.js';
import type { FieldRef, Filter, ObjectFilter } from './types.js';

/** filters.ts's lowering of a list (at `base/j`) and of one filter of either form (at `at`), for nesting. */
export interface Nested {
  list(filters: readonly Filter[], schema: DatasetSchema, base: string): Predicate | undefined;
  one(filter: Filter, at: string, schema: DatasetSchema): Predicate;
}

const anyOf = (ps: Predicate[]): Predicate => (ps.length === 1 ? (ps[0] as Predicate) : { kind: 'or', operands: ps });
const allOf = (ps: Predicate[]): Predicate => (ps.length === 1 ? (ps[0] as Predicate) : { kind: 'and', operands: ps });

/** The body with FilterBuilder's spread options (`"0": {...}`) merged in. */
function withOptions<T extends object>(body: T): T {
  const spread = Object.entries(body).filter(([k]) => /^[0-9]+$/.test(k));
  return spread.length === 0 ? body : Object.assign({}, body, ...spread.map(([, v]) => v as object));
}

/** The field a body names (`field`, or `key` from `filter()`), checked against the dataset. */
function fieldOf(body: FieldRef, at: string, schema: DatasetSchema): string {
  if (body.field !== undefined && body.key !== undefined && body.field !== body.key) {
    throw new ProxyError({ kind: 'invalid_query', message: `field '${body.field}' and key '${body.key}' name different fields`, at: { pointer: `${at}/key` } });
  }
  const name = body.field ?? body.key;
  if (name === undefined) throw new ProxyError({ kind: 'invalid_request', message: 'field required', at: { pointer: `${at}/field` }, rule: 'value_error.missing' });
  lookupField(schema, name, `${at}/${body.field !== undefined ? 'field' : 'key'}`);
  return name;
}

const valuesOf = (v: unknown, at: string, what: string): Scalar[] => {
  if (!Array.isArray(v)) return [scalar(v, at, what)];
  if (v.length === 0) bad(`${what} is an empty list: give at least one value`, at);
  return v.map((x, j) => scalar(x, `${at}/${j}`, what));
};

function match(body: NonNullable<ObjectFilter['match']>, at: string, schema: DatasetSchema): Predicate {
  const field = fieldOf(body, at, schema);
  const vat = `${at}/value`;
  const values = valuesOf(body.value, vat, 'value').map((v, j) => dateChecked(schema, field, v, Array.isArray(body.value) ? `${vat}/${j}` : vat, 'value'));
  // fuzzy: "match even if there are extra words / case insensitivity", which is a full-text match on text fields
  if (body.fuzzy === true && findField(schema, field)?.category === 'text') {
    return anyOf(values.map((v) => ({ kind: 'match', field, text: String(v), origin: at })));
  }
  return values.length === 1 ? { kind: 'term', field, value: values[0] as Scalar, origin: at } : { kind: 'terms', field, values, origin: at };
}

/**
 * Relevance: "the field either contains the value as a substring, or matches a provided
 * matching pattern" (`*` any run, `?` one character); its examples match across case.
 */
function wildcard(body: NonNullable<ObjectFilter['wildcard']>, at: string, schema: DatasetSchema): Predicate {
  const field = fieldOf(body, at, schema);
  const patterns = Array.isArray(body.value) ? body.value : [body.value];
  if (patterns.length === 0) bad('value is an empty list: give at least one pattern', `${at}/value`);
  return anyOf(patterns.map((v): Predicate => {
    if (!/[*?]/.test(v)) return { kind: 'substring', field, position: 'contains', value: v, caseInsensitive: true, origin: at };
    const like = v.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
    return { kind: 'like', field, pattern: like, caseInsensitive: true, origin: at };
  }));
}

const BOUNDS = [['greaterThan', 'gt'], ['greaterThanOrEqualTo', 'gte'], ['lessThan', 'lt'], ['lessThanOrEqualTo', 'lte']] as const;

function range(body: NonNullable<ObjectFilter['range']>, at: string, schema: DatasetSchema): Predicate {
  const field = fieldOf(body, at, schema);
  const numeric = findField(schema, field)?.category === 'numeric';
  const p: { -readonly [k in 'gt' | 'gte' | 'lt' | 'lte']?: Scalar } = {};
  for (const [name, op] of BOUNDS) {
    const v = body[name];
    if (v === undefined) continue;
    if (numeric && typeof v !== 'number') bad(`${name} must be a number for the numeric field '${field}'`, `${at}/${name}`);
    p[op] = dateChecked(schema, field, v, `${at}/${name}`, name);
  }
  if (Object.keys(p).length === 0) bad('range needs one of greaterThan, greaterThanOrEqualTo, lessThan, lessThanOrEqualTo', at);
  return { kind: 'range', field, ...p, origin: at };
}

export function lowerObjectFilter(f: ObjectFilter, at: string, schema: DatasetSchema, nested: Nested): Predicate {
  const parts: Predicate[] = [];
  // each key is a filter of its own: all of their problems are reported
  eachOf(Object.keys(f), (key) => {
    const kat = `${at}/${key}`;
    if ((UNSUPPORTED_OBJECT_FILTERS as readonly string[]).includes(key)) {
      throw new ProxyError({ kind: 'unsupported', feature: `the '${key}' filter`, at: { pointer: kat } });
    }
    switch (key) {
      case 'match':
        parts.push(match(withOptions(f.match!), kat, schema));
        break;
      case 'wildcard':
        parts.push(wildcard(withOptions(f.wildcard!), kat, schema));
        break;
      case 'range':
        parts.push(range(withOptions(f.range!), kat, schema));
        break;
      case 'matchIds':
        parts.push({ kind: 'ids', values: valuesOf(f.matchIds!.value, `${kat}/value`, 'value').map(String) });
        break;
      case 'fieldExists':
        parts.push({ kind: 'exists', field: fieldOf(withOptions(f.fieldExists!), kat, schema), origin: kat });
        break;
      case 'or':
        parts.push(anyOf(eachOf(f.or!, (x, i) => single(x, `${kat}/${i}`, schema, nested))));
        break;
      case 'not':
        parts.push({ kind: 'not', operand: single(f.not!, kat, schema, nested) });
        break;
    }
    return true;
  });
  return allOf(parts);
}

/** An `or` element or a `not` operand: one filter, or a list of them ANDed. */
function single(v: Filter | Filter[], at: string, schema: DatasetSchema, nested: Nested): Predicate {
  return Array.isArray(v) ? (nested.list(v, schema, at) ?? { kind: 'all' }) : nested.one(v, at, schema);
}
