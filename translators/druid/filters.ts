/**
 * Druid filters → IR predicates, three-valued as in SQL-compatible mode (mandatory since Druid 32):
 * `not(selector x = 'a')` matches no row where x is null or the column is missing.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { any, comparison, join, negate, not, type Truth } from '../../src/ir/three-valued.js';
import type { FieldInfo } from '../../src/ir/schema.js';
import { MAX_EPOCH_MILLIS, MIN_EPOCH_MILLIS } from '../../src/policy/engine-dates.js';
import type { Filter } from './types.js';
import { column, type DruidContext } from './columns.js';
import { expressionTruth } from './expr-filter.js';
import { extractionTruth } from './extraction-filter.js';
import { collapseWildcardRuns } from '../../src/policy/engine-patterns.js';

const ALL: Predicate = { kind: 'all' };
const NONE: Predicate = { kind: 'none' };
/** a condition on a column that does not exist: every value is null */
const UNKNOWN: Truth = { yes: NONE, no: NONE };

export function filterToPredicate(ctx: DruidContext, f: Filter): Predicate {
  return truth(ctx, f).yes;
}

/**
 * Filter values are strings in Druid; a numeric column compares them as numbers. A Druid long this
 * proxy cannot hold exactly (past ±2^53) is refused: rounded, it would match other rows.
 */
function value(f: FieldInfo, v: string, at: string): Scalar | undefined {
  if (f.category === 'numeric' || f.category === 'date') {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) return undefined;
    if (f.integral && /^\s*[+-]?\d+\s*$/.test(v) && !Number.isSafeInteger(n)) {
      throw new ProxyError({ kind: 'invalid_query', message: `${v.trim()} is outside the long values this proxy compares exactly (±${Number.MAX_SAFE_INTEGER})`, at: { pointer: at } });
    }
    // a time is a whole number of milliseconds the engine holds in a long: nothing else equals one
    // (and the engine fails the whole search on a time past that range, such as 1e20)
    if (f.category === 'date' && (!Number.isInteger(n) || n < MIN_EPOCH_MILLIS || n > MAX_EPOCH_MILLIS)) return undefined;
    return n;
  }
  if (f.category === 'boolean') return v === 'true';
  return v;
}

/**
 * A bound on a time column as a whole millisecond within the engine's range. Times are whole
 * milliseconds, so `>= 1.5` is `>= 2` and `<= 1.5` is `<= 1`; a bound past the range (1e20, or
 * 1e400 which Druid reads as infinity) holds for every time or for none, as the range's end does,
 * where the engine would fail the search on it.
 */
function timeBound(v: string, side: 'lower' | 'upper', strict: boolean): number | undefined {
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) return undefined;
  const whole = side === 'lower' ? (strict ? Math.floor(n) : Math.ceil(n)) : strict ? Math.ceil(n) : Math.floor(n);
  return Math.min(MAX_EPOCH_MILLIS, Math.max(MIN_EPOCH_MILLIS, whole));
}

function unsupported(feature: string, at: string): never {
  throw new ProxyError({ kind: 'unsupported', feature, at: { pointer: at } });
}

export function truth(ctx: DruidContext, f: Filter): Truth {
  const extracted = extractionTruth(ctx, f);
  if (extracted) return extracted;
  switch (f.type) {
    case 'true':
      return { yes: ALL, no: NONE };
    case 'false':
      return { yes: NONE, no: ALL };
    case 'and':
      return join('AND', f.fields.map((x) => truth(ctx, x)));
    case 'or':
      return join('OR', f.fields.map((x) => truth(ctx, x)));
    case 'not':
      return not(truth(ctx, f.field));
    case 'expression':
      return expressionTruth(ctx, f.tree, `${f.at}/expression`, f.expression);
  }
  const col = column(ctx, f.dimension, `${f.at}/dimension`);
  const isNull = (): Truth => (col ? { yes: negate({ kind: 'exists', field: col.path }), no: { kind: 'exists', field: col.path } } : { yes: ALL, no: NONE });
  switch (f.type) {
    case 'selector': {
      if (f.value === null) return isNull();
      if (!col) return UNKNOWN;
      const v = value(col, f.value, `${f.at}/value`);
      return v === undefined ? comparison(NONE, col.path) : comparison({ kind: 'term', field: col.path, value: v, origin: `${f.at}/dimension` }, col.path);
    }
    case 'in': {
      const values = f.values.filter((v): v is string => v !== null);
      const nulls = values.length < f.values.length ? isNull() : { yes: NONE, no: ALL };
      if (!col) return f.values.some((v) => v === null) ? { yes: ALL, no: NONE } : UNKNOWN;
      const typed = values.map((v) => value(col, v, `${f.at}/values`)).filter((v): v is Scalar => v !== undefined);
      const some = typed.length === 0 ? comparison(NONE, col.path) : comparison({ kind: 'terms', field: col.path, values: typed, origin: `${f.at}/dimension` }, col.path);
      return values.length === f.values.length ? some : join('OR', [some, nulls]);
    }
    case 'bound': {
      if (!col) return UNKNOWN;
      const numericColumn = col.category === 'numeric' || col.category === 'date';
      if (f.ordering === 'alphanumeric' || f.ordering === 'strlen') unsupported(`a bound filter with ${f.ordering} ordering`, `${f.at}/ordering`);
      if (f.ordering === 'numeric' && !numericColumn) unsupported(`a numeric bound on the string column '${f.dimension}'`, `${f.at}/ordering`);
      const bounds: Record<string, Scalar> = {};
      for (const [side, raw, strict] of [['lower', f.lower, f.lowerStrict], ['upper', f.upper, f.upperStrict]] as const) {
        if (raw === undefined) continue;
        const v = col.category === 'date' ? timeBound(raw, side, strict) : numericColumn ? value(col, raw, `${f.at}/${side}`) : raw;
        if (v === undefined) return comparison(NONE, col.path);
        bounds[side === 'lower' ? (strict ? 'gt' : 'gte') : strict ? 'lt' : 'lte'] = v;
      }
      return comparison({ kind: 'range', field: col.path, ...bounds, origin: `${f.at}/dimension` }, col.path);
    }
    case 'regex': {
      if (!col) return UNKNOWN;
      // Druid uses Matcher.find() (unanchored); the engine's regexp must match the whole value
      let p = f.pattern;
      const head = p.startsWith('^') ? ((p = p.slice(1)), '') : '.*';
      const tail = /(^|[^\\])\$$/.test(p) ? ((p = p.slice(0, -1)), '') : '.*';
      return comparison({ kind: 'regex', field: col.path, pattern: `${head}(${p})${tail}`, origin: `${f.at}/pattern` }, col.path);
    }
    case 'like': {
      if (!col) return UNKNOWN;
      const escaped = f.escape && f.escape !== '\\' ? f.pattern.split(f.escape).join('\\') : f.pattern;
      // `%%%%x` matches what `%x` matches, with an automaton that grows with the literal parts only
      const pattern = collapseWildcardRuns(escaped, '%');
      return comparison({ kind: 'like', field: col.path, pattern, caseInsensitive: false, origin: `${f.at}/pattern` }, col.path);
    }
    case 'search': {
      if (!col) return UNKNOWN;
      const parts = f.values.map((v) => comparison({ kind: 'substring', field: col.path, position: 'contains', value: v, caseInsensitive: !f.caseSensitive, origin: `${f.at}/query` }, col.path));
      return join('AND', parts);
    }
    case 'interval': {
      if (!col) return UNKNOWN;
      const ranges = f.intervals.map((iv): Predicate => ({ kind: 'range', field: col.path, gte: iv.start, lt: iv.end }));
      return comparison(any(...ranges), col.path);
    }
  }
}

/** The query's time restriction: any of the intervals, start inclusive, end exclusive. */
export function intervalsPredicate(field: string, intervals: readonly { start: number; end: number }[]): Predicate {
  return any(...intervals.map((iv): Predicate => ({ kind: 'range', field, gte: iv.start, lt: iv.end })));
}
