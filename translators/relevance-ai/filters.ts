/**
 * Relevance AI's filter list → IR predicate. The list is ANDed; legacy filters marked
 * `strict: "should"` or `"must_or"` form one OR group that is ANDed with the rest. Items in the
 * object form (the SDK's FilterBuilder) are lowered by object-filters.ts, their nested lists here.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { Filter, LegacyFilter } from './types.js';
import { bad, dateChecked, scalar } from './filter-values.js';
import { eachOf } from './errors.js';
import { isLegacyFilter } from './filter-schema.js';
import { lowerObjectFilter, type Nested } from './object-filters.js';

function requireField(f: LegacyFilter, ptr: string): string {
  return f.field && f.field.length > 0 ? f.field : bad(`filter_type '${f.filter_type}' needs a field`, pointer(...ptrSegs(ptr), 'field'));
}

function ptrSegs(ptr: string): string[] {
  return ptr.split('/').slice(1);
}

function negateIf(p: Predicate, condition: string | undefined): Predicate {
  return condition === '!=' ? { kind: 'not', operand: p } : p;
}

function lowerOne(f: LegacyFilter, at: string, schema: DatasetSchema): Predicate {
  const cv = `${at}/condition_value`;
  const cond = f.condition ?? '==';
  switch (f.filter_type) {
    case 'exact_match':
    case 'category':
    case 'categories':
    case 'term':
    case 'terms': {
      const field = requireField(f, at);
      const p: Predicate = Array.isArray(f.condition_value)
        ? { kind: 'terms', field, values: f.condition_value.map((v, j) => dateChecked(schema, field, scalar(v, `${cv}/${j}`), `${cv}/${j}`)), origin: at }
        : { kind: 'term', field, value: dateChecked(schema, field, scalar(f.condition_value, cv), cv), origin: at };
      return negateIf(p, cond);
    }
    case 'contains':
    case 'substring': {
      const field = requireField(f, at);
      const value = String(scalar(f.condition_value, cv));
      return negateIf({ kind: 'substring', field, position: 'contains', value, caseInsensitive: true, origin: at }, cond);
    }
    case 'word_match':
    case 'text_match':
    case 'match':
    case 'text':
    case 'texts': {
      const field = requireField(f, at);
      return negateIf({ kind: 'match', field, text: String(scalar(f.condition_value, cv)), origin: at }, cond);
    }
    case 'regexp':
      return negateIf({ kind: 'regex', field: requireField(f, at), pattern: String(scalar(f.condition_value, cv)), origin: at }, cond);
    case 'exists':
      return negateIf({ kind: 'exists', field: requireField(f, at), origin: at }, cond);
    case 'ids': {
      const values = Array.isArray(f.condition_value) ? f.condition_value : [f.condition_value];
      return negateIf({ kind: 'ids', values: values.map((v, j) => String(scalar(v, `${cv}/${j}`))) }, cond);
    }
    case 'numeric':
    case 'date': {
      const field = requireField(f, at);
      const v = scalar(f.condition_value, cv);
      if (f.filter_type === 'numeric' && typeof v !== 'number') bad('condition_value must be a number for a numeric filter', cv);
      dateChecked(schema, field, v, cv);
      switch (cond) {
        case '==':
          return { kind: 'term', field, value: v, origin: at };
        case '!=':
          return { kind: 'not', operand: { kind: 'term', field, value: v, origin: at } };
        case '>=':
          return { kind: 'range', field, gte: v, origin: at };
        case '>':
          return { kind: 'range', field, gt: v, origin: at };
        case '<=':
          return { kind: 'range', field, lte: v, origin: at };
        case '<':
          return { kind: 'range', field, lt: v, origin: at };
      }
      return bad(`unknown condition '${cond}'`, `${at}/condition`);
    }
    default:
      throw new ProxyError({ kind: 'unsupported', feature: `filter_type '${f.filter_type}'`, at: { pointer: `${at}/filter_type` } });
  }
}

/** `schema`: the dataset's fields, for the values compared with a date field; `base`: the list's pointer. */
export function lowerFilters(filters: readonly Filter[], schema: DatasetSchema, base = '/filters'): Predicate | undefined {
  const must: Predicate[] = [];
  const should: Predicate[] = [];
  // every item's problems are reported, not only the first item's
  eachOf(filters, (f, i) => {
    const at = `${base}/${i}`;
    if (!isLegacyFilter(f)) must.push(lowerObjectFilter(f, at, schema, NESTED));
    else (f.strict === 'should' || f.strict === 'must_or' ? should : must).push(lowerOne(f, at, schema));
    return true;
  });
  if (should.length > 0) must.push(should.length === 1 ? (should[0] as Predicate) : { kind: 'or', operands: should });
  if (must.length === 0) return undefined;
  return must.length === 1 ? must[0] : { kind: 'and', operands: must };
}

const NESTED: Nested = {
  list: lowerFilters,
  one: (f, at, schema) => (isLegacyFilter(f) ? lowerOne(f, at, schema) : lowerObjectFilter(f, at, schema, NESTED)),
};
