/**
 * group_by items → IR group keys, and how each key prints in an answer row.
 *
 * Null rule: records without a value for a plain field form one group whose value is null (SQL's
 * GROUP BY, which ODSQL follows; see explore/README.md), ordered first like the IR's `natural`
 * order. range() and date-function groups only take the records that have a value, as a range or
 * a date part of nothing is nothing.
 *
 * Date functions and date_format() share the beta API's Joda patterns (../joda.ts); range()
 * labels print like the beta API's ranges (`[lo; hi[`), `*` for an open end.
 */
import type { DatePart, GroupKey, RangeBucket } from '../../../src/ir/nodes.js';
import { parseJoda, type JodaPattern } from '../joda.js';
import { ExpressionError } from '../syntax.js';
import { OdsqlError, type ListItem, type OdsqlNode } from './ast.js';
import { fieldOf, odsTypeName, type WhereContext } from './where.js';

export type KeyFormat =
  | { readonly kind: 'plain'; readonly date: boolean }
  /** one calendar field: of a calendar bucket's start (`calendar`), or of a date-parts key */
  | { readonly kind: 'part'; readonly part: DatePart; readonly calendar: boolean }
  | { readonly kind: 'joda'; readonly pattern: JodaPattern; readonly calendar: boolean }
  | { readonly kind: 'labels'; readonly labels: ReadonlyMap<number, string> }
  | { readonly kind: 'step'; readonly step: number };

export interface PlannedGroup {
  readonly key: GroupKey;
  readonly format: KeyFormat;
  /** the answer's column name: the alias, else the item's text */
  readonly name: string;
  readonly item: ListItem;
}

const PART_FUNCTIONS: Readonly<Record<string, DatePart>> = { year: 'year', month: 'month', day: 'day', hour: 'hour', minute: 'minute', second: 'second' };

const show = (n: number): string => (Object.is(n, -0) ? '0' : String(n));

function numericField(c: WhereContext, n: OdsqlNode | undefined, what: string, at: number): string {
  if (n?.kind !== 'field') throw new OdsqlError(`${what} expects a field name`, c.clause, n?.at ?? at);
  const f = fieldOf(c, n.name, n.at);
  if (f.category !== 'numeric') throw new OdsqlError(`${what} expects a numeric field, '${n.name}' is ${odsTypeName(f)}`, c.clause, n.at);
  return f.path;
}

function dateField(c: WhereContext, n: OdsqlNode | undefined, what: string, at: number): string {
  if (n?.kind !== 'field') throw new OdsqlError(`${what} expects a field name`, c.clause, n?.at ?? at);
  const f = fieldOf(c, n.name, n.at);
  if (f.category !== 'date') throw new OdsqlError(`${what} expects a date field, '${n.name}' is ${odsTypeName(f)}`, c.clause, n.at);
  return f.path;
}

/** range(field, *, a, b, *): static bounds in ascending order, open ends as `*`. */
function staticRanges(c: WhereContext, args: readonly OdsqlNode[]): { buckets: RangeBucket[]; labels: Map<number, string> } {
  const bounds: (number | null)[] = [];
  args.forEach((a, i) => {
    if (a.kind === 'star') {
      if (i !== 0 && i !== args.length - 1) throw new OdsqlError('range(): * is only allowed as the first or last bound', c.clause, a.at);
      bounds.push(null);
    } else if (a.kind === 'number') {
      const prev = bounds[bounds.length - 1];
      if (prev !== undefined && prev !== null && a.value <= prev) throw new OdsqlError('range(): the bounds must be in ascending order', c.clause, a.at);
      bounds.push(a.value);
    } else throw new OdsqlError('range() bounds are numbers or *', c.clause, a.at);
  });
  if (bounds.length < 2) throw new OdsqlError('range() expects a step, or at least two bounds', c.clause, args[0]?.at ?? 0);
  const buckets: RangeBucket[] = [];
  const labels = new Map<number, string>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] ?? null;
    const to = bounds[i + 1] ?? null;
    buckets.push({ key: i, ...(from !== null ? { from } : {}), ...(to !== null ? { to } : {}) });
    labels.set(i, `[${from === null ? '*' : show(from)}; ${to === null ? '*' : show(to)}[`);
  }
  return { buckets, labels };
}

export function planGroup(c: WhereContext, item: ListItem, column: string, timeZone: string): PlannedGroup {
  const n = item.expr;
  const name = item.alias ?? item.text;
  const origin = `/group_by`;
  if (n.kind === 'field') {
    const f = fieldOf(c, n.name, n.at);
    if (f.category === 'other' || (f.category === 'text' && !f.exactPath)) throw new OdsqlError(`Cannot group by field '${n.name}' (${odsTypeName(f)})`, c.clause, n.at);
    return { key: { kind: 'terms', name: column, field: f.path, missing: 'group', origin }, format: { kind: 'plain', date: f.category === 'date' }, name, item };
  }
  if (n.kind === 'call') {
    const part = PART_FUNCTIONS[n.name];
    if (part) {
      if (n.args.length !== 1) throw new OdsqlError(`${n.name}() takes one date field`, c.clause, n.at);
      const field = dateField(c, n.args[0], `${n.name}()`, n.at);
      // a year is a calendar interval (a date histogram, no script); the others repeat across years
      if (part === 'year') return { key: { kind: 'dateHistogram', name: column, field, interval: { calendar: 'year' }, timeZone, missing: 'exclude', origin }, format: { kind: 'part', part, calendar: true }, name, item };
      return { key: { kind: 'dateParts', name: column, field, parts: [part], timeZone, origin }, format: { kind: 'part', part, calendar: false }, name, item };
    }
    if (n.name === 'date_format') {
      if (n.args.length !== 2 || n.args[1]?.kind !== 'string') throw new OdsqlError("date_format() takes a date field and a pattern string, e.g. date_format(d, 'yyyy-MM')", c.clause, n.at);
      const field = dateField(c, n.args[0], 'date_format()', n.at);
      const text = n.args[1];
      let pattern: JodaPattern;
      try {
        pattern = parseJoda(text.value);
      } catch (e) {
        // the pattern's offset is inside the string literal, after its quote
        if (e instanceof ExpressionError) throw new OdsqlError(e.message, c.clause, text.at + 1 + e.at);
        throw e;
      }
      // a calendar unit: the engine buckets in the zone, and the bucket start prints on its wall clock
      if (pattern.unit) {
        const interval = pattern.unit === 'second' ? { fixedMs: 1000 } : { calendar: pattern.unit };
        return { key: { kind: 'dateHistogram', name: column, field, interval, timeZone, missing: 'exclude', origin }, format: { kind: 'joda', pattern, calendar: true }, name, item };
      }
      return { key: { kind: 'dateParts', name: column, field, parts: pattern.parts, timeZone, origin }, format: { kind: 'joda', pattern, calendar: false }, name, item };
    }
    if (n.name === 'range') {
      const field = numericField(c, n.args[0], 'range()', n.at);
      const rest = n.args.slice(1);
      if (rest.length === 1) {
        const step = rest[0] as OdsqlNode;
        if (step.kind !== 'number' || !(step.value > 0)) throw new OdsqlError('range(field, step): the step must be a number above 0', c.clause, step.at);
        return { key: { kind: 'histogram', name: column, field, interval: step.value, missing: 'exclude', origin }, format: { kind: 'step', step: step.value }, name, item };
      }
      const { buckets, labels } = staticRanges(c, rest);
      return { key: { kind: 'ranges', name: column, field, ranges: buckets, origin }, format: { kind: 'labels', labels }, name, item };
    }
    if (['count', 'sum', 'avg', 'min', 'max', 'median', 'percentile'].includes(n.name)) {
      throw new OdsqlError(`aggregate function ${n.name}() cannot be used in group_by`, c.clause, n.at);
    }
    throw new OdsqlError(`Unknown function in group_by: ${n.name}`, c.clause, n.at);
  }
  throw new OdsqlError('group_by expects a field, range(), a date function or date_format()', c.clause, n.at);
}
