/** Druid filters and having specs → typed trees, each problem pointed at. */
import type { Filter, Having } from './types.js';
import { parseExpression } from './expr-parse.js';
import { checkFunctions } from './expr-lower.js';
import { filterExtraction } from './parse-extraction.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { fail, isObj, list, nullableString, ordering, parseIntervals, str, type Json } from './parse-common.js';

export function parseFilter(v: Json, at: string): Filter {
  if (!isObj(v)) fail('a filter must be an object', at);
  const dim = () => str(v.dimension, `${at}/dimension`, 'dimension');
  switch (v.type) {
    case 'true':
    case 'false':
      return { type: v.type };
    case 'and':
    case 'or':
      return { type: v.type, fields: list(v.fields, `${at}/fields`, 'fields').map((f, i) => parseFilter(f, `${at}/fields/${i}`)) };
    case 'not':
      return { type: 'not', field: parseFilter(v.field, `${at}/field`) };
    case 'selector':
      return { type: 'selector', dimension: dim(), value: nullableString(v.value), ...filterExtraction(v, at), at };
    case 'in':
      return { type: 'in', dimension: dim(), values: list(v.values, `${at}/values`, 'values').map(nullableString), ...filterExtraction(v, at), at };
    case 'bound': {
      const bound = (x: Json) => (x === undefined || x === null ? undefined : String(x));
      const lower = bound(v.lower);
      const upper = bound(v.upper);
      return {
        type: 'bound',
        dimension: dim(),
        ...(lower !== undefined ? { lower } : {}),
        ...(upper !== undefined ? { upper } : {}),
        lowerStrict: v.lowerStrict === true,
        upperStrict: v.upperStrict === true,
        ordering: ordering(v.ordering, `${at}/ordering`, v.alphaNumeric),
        ...filterExtraction(v, at),
        at,
      };
    }
    case 'regex':
      return { type: 'regex', dimension: dim(), pattern: str(v.pattern, `${at}/pattern`, 'pattern'), ...filterExtraction(v, at), at };
    case 'like': {
      const escape = typeof v.escape === 'string' ? v.escape : undefined;
      return { type: 'like', dimension: dim(), pattern: String(v.pattern ?? ''), ...(escape !== undefined ? { escape } : {}), ...filterExtraction(v, at), at };
    }
    case 'search': {
      const q = v.query;
      if (!isObj(q)) fail('a search filter needs a query', `${at}/query`);
      const kind = q.type;
      if (kind === 'contains' || kind === 'insensitive_contains') {
        return { type: 'search', dimension: dim(), values: [String(q.value ?? '')], caseSensitive: kind === 'contains' && q.caseSensitive === true, ...filterExtraction(v, at), at };
      }
      if (kind === 'fragment') {
        return { type: 'search', dimension: dim(), values: list(q.values, `${at}/query/values`, 'values').map(String), caseSensitive: q.caseSensitive === true, ...filterExtraction(v, at), at };
      }
      return fail(`search query type '${String(kind)}' is not supported: use contains, insensitive_contains or fragment`, `${at}/query/type`, 'InvalidTypeIdException');
    }
    case 'expression': {
      const expression = str(v.expression, `${at}/expression`, 'expression');
      const tree = parseExpression(expression, `${at}/expression`);
      checkFunctions(tree, `${at}/expression`, expression);
      return { type: 'expression', expression, tree, at };
    }
    case 'interval':
      return { type: 'interval', dimension: dim(), intervals: parseIntervals(v.intervals, `${at}/intervals`), at };
    default:
      return fail(`Could not resolve filter type '${String(v.type)}'`, `${at}/type`, 'InvalidTypeIdException');
  }
}

export function parseHaving(v: Json, at: string): Having {
  if (!isObj(v)) fail('a having spec must be an object', at);
  switch (v.type) {
    case 'greaterThan':
    case 'lessThan':
    case 'equalTo': {
      const value = Number(v.value);
      if (v.value === null || v.value === undefined || !Number.isFinite(value)) fail('having value must be a finite number', `${at}/value`);
      return { type: v.type, aggregation: str(v.aggregation, `${at}/aggregation`, 'aggregation'), value, at };
    }
    case 'and':
    case 'or':
      return { type: v.type, havingSpecs: list(v.havingSpecs, `${at}/havingSpecs`, 'havingSpecs').map((h, i) => parseHaving(h, `${at}/havingSpecs/${i}`)) };
    case 'not':
      return { type: 'not', havingSpec: parseHaving(v.havingSpec, `${at}/havingSpec`) };
    case 'dimSelector': {
      // Druid's dimSelector may transform the dimension first; only identity keeps the plain comparison
      const fn = filterExtraction(v, at).extractionFn;
      const steps = fn?.type === 'cascade' ? fn.fns : fn ? [fn] : [];
      const other = steps.find((s) => s.type !== 'identity');
      if (other) throw new ProxyError({ kind: 'unsupported', feature: `the ${other.type} extraction function on a dimSelector having spec`, at: { pointer: `${other.at}/type` } });
      return { type: 'dimSelector', dimension: str(v.dimension, `${at}/dimension`, 'dimension'), value: nullableString(v.value), at };
    }
    case 'filter':
      return { type: 'filter', filter: parseFilter(v.filter, `${at}/filter`), at };
    default:
      return fail(`Could not resolve having type '${String(v.type)}'`, `${at}/type`, 'InvalidTypeIdException');
  }
}
