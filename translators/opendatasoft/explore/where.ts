/**
 * An ODSQL where (or refine/exclude) clause → an IR predicate over the dataset's fields. Comparisons
 * take a field on one side and a literal on the other; a literal must suit the field's type. SQL
 * null semantics: `f != v` and `NOT (f = v)`-style operators keep only records that have a value.
 * A bare string (or search('text')) is full-text over every text field, plus a case-insensitive
 * whole-value match on keyword fields, so that `'zara'` finds the store Zara. `field:value` and LIKE
 * are the reference's approximate searches (see `approximate`).
 */
import type { Predicate, Scalar } from '../../../src/ir/predicate.js';
import { findField, type DatasetSchema, type FieldInfo } from '../../../src/ir/schema.js';
import type { Collector } from '../../../src/errors/collector.js';
import { OdsqlError, type Clause, type OdsqlNode } from './ast.js';
import { odsql } from './collect.js';
import { inZone, wallInstant } from '../dates.js';
import { isUtcZone, wallClock } from '../../../src/util/zoned.js';

export interface WhereContext {
  readonly schema: DatasetSchema;
  readonly clause: Clause;
  /** when given, each operand of an AND/OR is read on its own and its problem recorded here */
  readonly collect?: Collector;
  /** the request's `timezone`: dates written without an offset, periods and now() are its wall clock (UTC when not given) */
  readonly timeZone?: string;
}

export function fieldOf(c: WhereContext, name: string, at: number): FieldInfo {
  const f = findField(c.schema, name);
  if (!f) throw new OdsqlError(`Unknown field: ${name}`, c.clause, at);
  return f;
}

const isLiteral = (n: OdsqlNode): boolean => n.kind === 'string' || n.kind === 'number' || n.kind === 'bool' || n.kind === 'date' || (n.kind === 'call' && n.name === 'now');

/** A literal as the engine compares it against `f`, or an error at the literal when the types differ. */
function literal(c: WhereContext, f: FieldInfo, n: OdsqlNode): Scalar {
  const bad = (what: string): never => {
    throw new OdsqlError(`${what} cannot be compared with field '${f.path}' (${odsTypeName(f)})`, c.clause, n.at);
  };
  switch (n.kind) {
    case 'number':
      // `film_date >= 2002`: a whole number against a date is a year (the reference's examples)
      if (f.category === 'date' && Number.isInteger(n.value) && n.value >= 0 && n.value <= 9999) {
        const start = `${String(n.value).padStart(4, '0')}-01-01T00:00:00`;
        return isUtcZone(c.timeZone ?? 'UTC') ? `${start}Z` : inZone(start, c.timeZone ?? 'UTC');
      }
      if (f.category !== 'numeric') bad(`number ${n.value}`);
      return n.value;
    case 'bool':
      if (f.category !== 'boolean') bad(`boolean ${n.value}`);
      return n.value;
    case 'date':
      if (f.category !== 'date') bad(`date '${n.value}'`);
      if (Number.isNaN(Date.parse(n.value))) throw new OdsqlError(`invalid date '${n.value}'`, c.clause, n.at);
      return inZone(n.value, c.timeZone ?? 'UTC');
    case 'string':
      if (f.category === 'numeric') bad(`string '${n.value}'`);
      if (f.category === 'date' && Number.isNaN(Date.parse(n.value))) throw new OdsqlError(`invalid date '${n.value}'`, c.clause, n.at);
      if (f.category === 'boolean') {
        if (n.value !== 'true' && n.value !== 'false') bad(`string '${n.value}'`);
        return n.value === 'true';
      }
      return f.category === 'date' ? inZone(n.value, c.timeZone ?? 'UTC') : n.value;
    case 'call':
      if (n.name === 'now' && f.category === 'date') return now(c, n.args);
      break;
    default:
      break;
  }
  throw new OdsqlError('expected a literal value (string, number, date, boolean)', c.clause, n.at);
}

const RELATIVE: Readonly<Record<string, number>> = { years: 0, months: 1, weeks: 2, days: 3, hours: 4, minutes: 5, seconds: 6 };
const ABSOLUTE: Readonly<Record<string, number>> = { year: 0, month: 1, day: 3, hour: 4, minute: 5, second: 6 };

/**
 * now([unit=n, …]): the request's instant on the request zone's wall clock, shifted by `years=-1`-style parameters or with
 * fields set by `year=2001`-style ones (the reference's NOW()); `weekday` is not supported.
 */
function now(c: WhereContext, args: readonly OdsqlNode[]): string {
  const tz = c.timeZone ?? 'UTC';
  const d = wallClock(Date.now(), tz);
  const parts = [d.year, d.month - 1, 0, d.day, d.hour, d.minute, d.second];
  const shift = [0, 0, 0, 0, 0, 0, 0];
  for (const a of args) {
    if (a.kind !== 'compare' || a.op !== '=' || a.left.kind !== 'field' || a.right.kind !== 'number' || !Number.isInteger(a.right.value)) {
      throw new OdsqlError('now() takes parameters such as days=-7 or year=2001', c.clause, a.at);
    }
    const name = a.left.name.toLowerCase();
    const value = a.right.value;
    if (RELATIVE[name] !== undefined) shift[RELATIVE[name]] = value;
    else if (ABSOLUTE[name] !== undefined) parts[ABSOLUTE[name]] = name === 'month' ? value - 1 : value;
    else throw new OdsqlError(`now() has no parameter '${a.left.name}'`, c.clause, a.at);
  }
  const [y, mo, , day, h, mi, sec] = parts as [number, number, number, number, number, number, number];
  const ms = wallInstant(tz, y + (shift[0] ?? 0), mo + 1 + (shift[1] ?? 0), day + (shift[3] ?? 0) + 7 * (shift[2] ?? 0), h + (shift[4] ?? 0), mi + (shift[5] ?? 0), sec + (shift[6] ?? 0));
  if (!Number.isFinite(ms)) throw new OdsqlError('now(): the date is out of range', c.clause, args[0]?.at ?? 0);
  return new Date(ms).toISOString();
}

export function odsTypeName(f: FieldInfo): string {
  if (f.category === 'numeric') return f.integral ? 'int' : 'double';
  if (f.category === 'date') return 'datetime';
  if (f.category === 'boolean') return 'boolean';
  if (f.type === 'geo_point') return 'geo_point_2d';
  return f.category === 'keyword' || f.category === 'text' ? 'text' : f.type;
}

function field(c: WhereContext, n: OdsqlNode, what: string): FieldInfo {
  if (n.kind !== 'field') throw new OdsqlError(`${what} expects a field name`, c.clause, n.at);
  const f = fieldOf(c, n.name, n.at);
  if (f.category === 'other') throw new OdsqlError(`field '${n.name}' (${odsTypeName(f)}) cannot be used in ${what}`, c.clause, n.at);
  return f;
}

function stringArg(c: WhereContext, n: OdsqlNode | undefined, what: string, at: number): string {
  if (n?.kind !== 'string') throw new OdsqlError(`${what} expects a string`, c.clause, n?.at ?? at);
  return n.value;
}

function fullText(c: WhereContext, text: string): Predicate {
  const ops: Predicate[] = [];
  for (const f of c.schema.fields.values()) {
    if (f.category === 'text') ops.push({ kind: 'match', field: f.path, text });
    else if (f.category === 'keyword' && !f.path.includes('.')) ops.push({ kind: 'like', field: f.path, pattern: escapeLike(text), caseInsensitive: true });
  }
  return ops.length === 0 ? { kind: 'none' } : ops.length === 1 ? (ops[0] as Predicate) : { kind: 'or', operands: ops };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (x) => `\\${x}`);

/**
 * LIKE and `field:` on text are the reference's approximate searches: words of an analyzed field
 * (`film_name:star` matches "Star Wars"), a trailing `*` a prefix; a keyword field has no words, so
 * it matches the text anywhere in its value, case-insensitively.
 */
function approximate(f: FieldInfo, pattern: string): Predicate {
  const prefix = pattern.endsWith('*');
  const text = prefix ? pattern.slice(0, -1) : pattern;
  if (f.category === 'text' && !prefix) return { kind: 'match', field: f.path, text };
  if (f.category === 'text') return { kind: 'substring', field: f.path, position: 'prefix', value: text, caseInsensitive: true };
  return { kind: 'like', field: f.path, pattern: `%${escapeLike(text)}%`, caseInsensitive: true };
}

/** `field:value`: words for text, a number for numbers, a period (`1977`, `2016/07`) for dates. */
function colon(c: WhereContext, f: FieldInfo, v: OdsqlNode): Predicate {
  if ((f.category === 'text' || f.category === 'keyword') && v.kind === 'string') return approximate(f, v.value);
  if ((f.category === 'text' || f.category === 'keyword') && v.kind === 'field') return approximate(f, v.name);
  if (f.category === 'date' && (v.kind === 'number' || v.kind === 'string' || v.kind === 'date')) {
    const text = v.kind === 'number' ? String(v.value) : v.value;
    const m = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/.exec(text);
    if (m) return periodRange(f.path, Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]), c.timeZone);
  }
  return { kind: 'term', field: f.path, value: literal(c, f, v) };
}

/** The instants of a year, a month or a day of `timeZone`'s calendar (UTC when not given). */
export function periodRange(field: string, y: number, month?: number, day?: number, timeZone = 'UTC'): Predicate {
  const mo = month ?? 1;
  const start = wallInstant(timeZone, y, mo, day ?? 1);
  const end = day !== undefined ? wallInstant(timeZone, y, mo, day + 1) : month !== undefined ? wallInstant(timeZone, y, mo + 1, 1) : wallInstant(timeZone, y + 1, 1, 1);
  return { kind: 'range', field, gte: new Date(start).toISOString(), lt: new Date(end).toISOString() };
}

const present = (f: FieldInfo, p: Predicate): Predicate => ({ kind: 'and', operands: [{ kind: 'exists', field: f.path }, p] });

export function wherePredicate(c: WhereContext, n: OdsqlNode): Predicate {
  switch (n.kind) {
    case 'logic': {
      const one = (o: OdsqlNode): Predicate => wherePredicate(c, o);
      return { kind: n.op, operands: c.collect ? c.collect.each(n.operands, (o) => odsql(() => one(o))) : n.operands.map(one) };
    }
    case 'not':
      return { kind: 'not', operand: wherePredicate(c, n.operand) };
    case 'string':
      return fullText(c, n.value);
    case 'field': {
      const f = fieldOf(c, n.name, n.at);
      if (f.category !== 'boolean') throw new OdsqlError(`field '${n.name}' (${odsTypeName(f)}) is not a boolean condition`, c.clause, n.at);
      return { kind: 'term', field: f.path, value: true };
    }
    case 'colon':
      return colon(c, fieldOf(c, n.field, n.at), n.value);
    case 'compare': {
      let { left, right, op } = n;
      if (isLiteral(left) && !isLiteral(right)) {
        [left, right] = [right, left];
        op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
      }
      const f = field(c, left, 'a comparison');
      if (right.kind === 'null') throw new OdsqlError('compare with null using IS NULL or IS NOT NULL', c.clause, right.at);
      const v = literal(c, f, right);
      switch (op) {
        case '=':
          return { kind: 'term', field: f.path, value: v };
        case '!=':
          return present(f, { kind: 'not', operand: { kind: 'term', field: f.path, value: v } });
        case '<':
          return { kind: 'range', field: f.path, lt: v };
        case '<=':
          return { kind: 'range', field: f.path, lte: v };
        case '>':
          return { kind: 'range', field: f.path, gt: v };
        case '>=':
          return { kind: 'range', field: f.path, gte: v };
      }
      break;
    }
    case 'in': {
      const f = field(c, n.operand, 'IN');
      const p: Predicate = { kind: 'terms', field: f.path, values: n.items.map((i) => literal(c, f, i)) };
      return n.negated ? present(f, { kind: 'not', operand: p }) : p;
    }
    case 'between': {
      const f = field(c, n.operand, 'IN');
      const low = literal(c, f, n.low);
      const high = literal(c, f, n.high);
      return { kind: 'range', field: f.path, ...(n.lowInclusive ? { gte: low } : { gt: low }), ...(n.highInclusive ? { lte: high } : { lt: high }) };
    }
    case 'like': {
      const f = field(c, n.operand, 'LIKE');
      if (f.category === 'numeric' || f.category === 'date' || f.category === 'boolean') throw new OdsqlError(`LIKE expects a text field, '${f.path}' is ${odsTypeName(f)}`, c.clause, n.operand.at);
      const p = approximate(f, n.pattern);
      return n.negated ? present(f, { kind: 'not', operand: p }) : p;
    }
    case 'isnull': {
      const f = field(c, n.operand, 'IS NULL');
      const exists: Predicate = { kind: 'exists', field: f.path };
      return n.negated ? exists : { kind: 'not', operand: exists };
    }
    case 'call':
      return callPredicate(c, n);
    default:
      break;
  }
  throw new OdsqlError('expected a condition (a comparison, IN, LIKE, IS NULL, a search or a string)', c.clause, n.at);
}

function callPredicate(c: WhereContext, n: Extract<OdsqlNode, { kind: 'call' }>): Predicate {
  switch (n.name) {
    case 'search': {
      // search('text') over every field, search(field, 'text') over one (the reference's two forms)
      if (n.args.length === 1) return fullText(c, stringArg(c, n.args[0], 'search()', n.at));
      if (n.args.length !== 2) throw new OdsqlError('search() takes a string, or a field and a string', c.clause, n.at);
      const f = field(c, n.args[0] as OdsqlNode, 'search()');
      const text = stringArg(c, n.args[1], 'search()', n.at);
      return f.category === 'text' ? { kind: 'match', field: f.path, text } : { kind: 'like', field: f.path, pattern: escapeLike(text), caseInsensitive: true };
    }
    case 'startswith':
    case 'suggest': {
      if (n.args.length !== 2) throw new OdsqlError(`${n.name}() takes a field and a string`, c.clause, n.at);
      const f = field(c, n.args[0] as OdsqlNode, `${n.name}()`);
      return { kind: 'substring', field: f.path, position: 'prefix', value: stringArg(c, n.args[1], `${n.name}()`, n.at), caseInsensitive: n.name === 'suggest' };
    }
    case 'in_bbox':
      return inBox(c, n);
    case 'within_distance':
    case 'intersects':
    case 'geometry':
    case 'polygon':
      throw new OdsqlError(`${n.name}() (geo filtering) is not supported`, c.clause, n.at);
    default:
      throw new OdsqlError(`Unknown function: ${n.name}`, c.clause, n.at);
  }
}

/**
 * in_bbox(field, lat1, lon1, lat2, lon2): the geo points inside the box two opposite corners make
 * (in either order; a box never crosses the antimeridian).
 */
function inBox(c: WhereContext, n: Extract<OdsqlNode, { kind: 'call' }>): Predicate {
  if (n.args.length !== 5) throw new OdsqlError('in_bbox() takes a geo_point_2d field and lat1, lon1, lat2, lon2', c.clause, n.at);
  const a = n.args[0] as OdsqlNode;
  if (a.kind !== 'field') throw new OdsqlError('in_bbox() expects a geo_point_2d field first', c.clause, a.at);
  const f = fieldOf(c, a.name, a.at);
  if (f.type !== 'geo_point') throw new OdsqlError(`in_bbox() expects a geo_point_2d field, '${f.path}' is ${odsTypeName(f)}`, c.clause, (n.args[0] as OdsqlNode).at);
  const [lat1, lon1, lat2, lon2] = n.args.slice(1).map((a, i) => {
    const lat = i % 2 === 0;
    if (a.kind !== 'number' || Math.abs(a.value) > (lat ? 90 : 180)) throw new OdsqlError(`in_bbox() expects a ${lat ? 'latitude (-90 to 90)' : 'longitude (-180 to 180)'}`, c.clause, a.at);
    return a.value;
  }) as [number, number, number, number];
  return { kind: 'geoBox', field: f.path, top: Math.max(lat1, lat2), bottom: Math.min(lat1, lat2), left: Math.min(lon1, lon2), right: Math.max(lon1, lon2) };
}
