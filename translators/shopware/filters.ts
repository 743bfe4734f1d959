/**
 * DAL filters → IR predicates with SQL's three-valued logic, because the Admin API answers with SQL:
 * `NOT (manufacturerId = X)` does not match a product without a manufacturer (NULL = X is unknown,
 * and so is its negation). Each filter is compiled to the set where it is TRUE and the set where it
 * is FALSE; `not` swaps them. Fields inside a to-many association are two-valued, since Shopware
 * resolves them with a subquery on the product id.
 */
import type { Predicate } from '../../src/ir/nodes.js';
import type { Scalar } from '../../src/ir/predicate.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { isIsoDate, quoteValue } from '../../src/policy/engine-dates.js';
import type { Filter } from './types.js';
import { fieldInfo, indexField, isToMany, type EntityContext } from './fields.js';
import { CODES } from './parse.js';
import { all, comparison, join, negate, not, type Truth } from '../../src/ir/three-valued.js';

/** The documents matching every filter (the list is an AND), or undefined for an empty list. */
export function filtersToPredicate(ctx: EntityContext, filters: readonly Filter[]): Predicate | undefined {
  if (filters.length === 0) return undefined;
  return all(...filters.map((f) => truth(ctx, f).yes));
}

function truth(ctx: EntityContext, f: Filter): Truth {
  switch (f.type) {
    case 'multi':
    case 'not': {
      const parts = f.queries.map((q) => truth(ctx, q));
      const joined = join(f.op, parts);
      return f.type === 'not' ? not(joined) : joined;
    }
    case 'equalsAll':
      return join('AND', f.values.map((value) => truth(ctx, { type: 'equals', field: f.field, value, at: f.at })));
    default:
      return leaf(ctx, f);
  }
}

function leaf(ctx: EntityContext, f: Exclude<Filter, { type: 'multi' | 'not' | 'equalsAll' }>): Truth {
  const field = indexField(ctx, f.field, `${f.at}/field`);
  const twoValued = isToMany(ctx, field);
  const withNo = (yes: Predicate): Truth => comparison(yes, field, twoValued);
  const exists: Predicate = { kind: 'exists', field, origin: `${f.at}/field` };
  const value = (v: Scalar, at: string): Scalar => coerce(ctx, field, v, at);
  switch (f.type) {
    case 'equals':
      if (f.value === null) return { yes: negate(exists), no: exists };
      return withNo({ kind: 'term', field, value: value(f.value, `${f.at}/value`), origin: `${f.at}/field` });
    case 'equalsAny':
      return withNo({ kind: 'terms', field, values: f.values.map((v, i) => value(v, `${f.at}/value/${i}`)), origin: `${f.at}/field` });
    case 'contains':
    case 'prefix':
    case 'suffix':
      // MySQL compares with a case-insensitive collation
      return withNo({
        kind: 'substring',
        field,
        position: f.type,
        value: f.value,
        caseInsensitive: true,
        origin: `${f.at}/field`,
      });
    case 'range': {
      const bounds: Record<string, Scalar> = {};
      for (const [k, v] of Object.entries(f.params)) bounds[k] = value(v as Scalar, `${f.at}/parameters/${k}`);
      return withNo({ kind: 'range', field, ...bounds, origin: `${f.at}/field` });
    }
  }
}

/** Values as the field's type wants them: booleans from 1/0, numbers from numeric strings, DAL dates to ISO. */
function coerce(ctx: EntityContext, field: string, v: Scalar, at: string): Scalar {
  const info = fieldInfo(ctx, field);
  const bad = (what: string): never => {
    throw new ProxyError({
      kind: 'invalid_request',
      message: `The value ${quoteValue(v)} is not ${what} for field "${field}".`,
      at: { pointer: at },
      rule: CODES.filter,
    });
  };
  switch (info.category) {
    case 'boolean':
      if (v === true || v === 1 || v === '1' || v === 'true') return true;
      if (v === false || v === 0 || v === '0' || v === 'false') return false;
      return bad('a boolean');
    case 'numeric': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : bad('a number');
    }
    case 'date': {
      const s = String(v);
      // Shopware writes `Y-m-d H:i:s(.v)` in UTC
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
      if (!m) return bad('a date');
      // every component written out: ES would round a missing one up for gt/lte, MySQL fills in zeros
      const time = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
      const iso = `${m[1]}T${time}${m[3] ?? 'Z'}`;
      // the shape alone lets 2024-13-45 or 25:00 through, which the engine fails the search on
      return isIsoDate(iso) ? iso : bad('a date');
    }
    default:
      return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
}
