/**
 * Relevance AI's legacy filter list → IR predicate. The list is ANDed; filters marked
 * `strict: "should"` or `"must_or"` form one OR group that is ANDed with the rest.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import type { DatasetSchema } from '../../src/backend/schema.js';
import { isDateMath, isEngineDate, quoteValue } from '../../src/policy/engine-dates.js';
import type { LegacyFilter } from './types.js';

const bad = (message: string, ptr: string): never => {
  throw new ProxyError({ kind: 'invalid_query', message, at: { pointer: ptr } });
};

function scalar(v: unknown, ptr: string): Scalar {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return bad('condition_value must be a string, number or boolean', ptr);
}

/**
 * A value compared with a date field: what the engine reads there (ISO-8601, epoch millis, and its
 * date math such as `now-1d/d`, which Relevance AI's own engine evaluated too). Anything else the
 * engine fails the whole search on, so it is refused here at its pointer.
 */
function dateChecked(schema: DatasetSchema, field: string, v: Scalar, ptr: string): Scalar {
  if (schema.fields.get(field)?.category !== 'date') return v;
  if (typeof v === 'number' ? isEngineDate(v) : typeof v === 'string' && (isEngineDate(v) || isDateMath(v))) return v;
  return bad(`condition_value ${quoteValue(v)} is not a date for the date field '${field}': use an ISO-8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z) or epoch milliseconds`, ptr);
}

function requireField(f: LegacyFilter, ptr: string): string {
  return f.field && f.field.length > 0 ? f.field : bad(`filter_type '${f.filter_type}' needs a field`, pointer(...ptrSegs(ptr), 'field'));
}

function ptrSegs(ptr: string): string[] {
  return ptr.split('/').slice(1);
}

function negateIf(p: Predicate, condition: string | undefined): Predicate {
  return condition === '!=' ? { kind: 'not', operand: p } : p;
}

function lowerOne(f: LegacyFilter, i: number, schema: DatasetSchema): Predicate {
  const at = pointer('filters', i);
  const cv = pointer('filters', i, 'condition_value');
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
      return bad(`unknown condition '${cond}'`, pointer('filters', i, 'condition'));
    }
    default:
      throw new ProxyError({ kind: 'unsupported', feature: `filter_type '${f.filter_type}'`, at: { pointer: pointer('filters', i, 'filter_type') } });
  }
}

/** `schema`: the dataset's fields, for the values compared with a date field. */
export function lowerFilters(filters: readonly LegacyFilter[], schema: DatasetSchema): Predicate | undefined {
  const must: Predicate[] = [];
  const should: Predicate[] = [];
  filters.forEach((f, i) => (f.strict === 'should' || f.strict === 'must_or' ? should : must).push(lowerOne(f, i, schema)));
  if (should.length > 0) must.push(should.length === 1 ? (should[0] as Predicate) : { kind: 'or', operands: should });
  if (must.length === 0) return undefined;
  return must.length === 1 ? must[0] : { kind: 'and', operands: must };
}
