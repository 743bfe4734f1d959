/** Shopware aggregation entries (AggregationParser's grammar) → typed aggregations; later names replace earlier ones in place. */
import { CODES, Collector, empty, isObject, isScalar, numeric, type Json } from './parse-common.js';
import { isTimeZone, phpFloatString } from './php.js';
import { parseFilterList, parseSorting } from './parse-filters.js';
import type { Aggregation, Sorting } from './types.js';

const INTERVALS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
const METRICS = ['avg', 'sum', 'min', 'max', 'count', 'stats'] as const;

export function parseAggregations(v: Json, c: Collector): Aggregation[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) && !isObject(v)) {
    c.add(CODES.aggregation, 'The aggregations parameter has to be a list of aggregations.', '/aggregations');
    return [];
  }
  const byName = new Map<string, Aggregation>();
  for (const [index, a] of Object.entries(v)) {
    const parsed = parseAggregation(a, `/aggregations/${index}`, c);
    if (parsed) byName.set(parsed.name, parsed);
  }
  return [...byName.values()];
}

function parseAggregation(a: Json, at: string, c: Collector): Aggregation | undefined {
  if (!isObject(a)) {
    c.add(CODES.aggregation, 'The aggregation has to be an object.', at);
    return undefined;
  }
  const name = isScalar(a.name) ? String(a.name) : '';
  if (name === '' || numeric(name) || /[?:]/.test(name)) {
    c.add(CODES.aggregation, 'The aggregation name should be a non-empty string and must not contain "?" or ":".', at);
    return undefined;
  }
  const type = a.type;
  if (typeof type !== 'string' || empty(type) || numeric(type)) {
    c.add(CODES.aggregation, `The aggregations of "${name}" should be a non-empty string.`, at);
    return undefined;
  }
  if (type !== 'filter' && (typeof a.field !== 'string' || a.field === '')) {
    c.add(CODES.aggregation, 'The aggregation should contain a "field".', `${at}/${type}/field`);
    return undefined;
  }
  const field = a.field as string;
  const inner = (): Aggregation | undefined | null => (a.aggregation === undefined || a.aggregation === null ? null : parseAggregation(a.aggregation, `${at}/aggregation`, c));
  const sort = (): Sorting | undefined => (a.sort === undefined || a.sort === null ? undefined : parseSorting(a.sort, `${at}/sort`, c));
  if ((METRICS as readonly string[]).includes(type)) return { type: type as (typeof METRICS)[number], name, field, at };
  switch (type) {
    case 'entity':
      if (typeof a.definition !== 'string' || a.definition === '') {
        c.add(CODES.aggregation, 'The aggregation should contain a "definition".', `${at}/entity/definition`);
        return undefined;
      }
      return { type, name, field, definition: a.definition, at };
    case 'range': {
      if (!Array.isArray(a.ranges) || a.ranges.length === 0) {
        c.add(CODES.aggregation, 'The aggregation should contain "ranges".', `${at}/range/ranges`);
        return undefined;
      }
      const ranges: { key: string; from?: number; to?: number }[] = [];
      a.ranges.forEach((r, i) => {
        const bound = (x: Json): number | undefined | false => (x === undefined || x === null ? undefined : numeric(x) ? Number(x) : false);
        const from = isObject(r) ? bound(r.from) : false;
        const to = isObject(r) ? bound(r.to) : false;
        if (!isObject(r) || from === false || to === false) {
          c.add(CODES.aggregation, 'A range needs numeric "from" and/or "to".', `${at}/ranges/${i}`);
          return;
        }
        const key = isScalar(r.key) ? String(r.key) : `${from === undefined ? '*' : phpFloatString(from)}-${to === undefined ? '*' : phpFloatString(to)}`;
        ranges.push({ key, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      });
      return { type, name, field, ranges, at };
    }
    case 'filter': {
      if (!Array.isArray(a.filter) || a.filter.length === 0 || empty(a.aggregation)) {
        c.add(CODES.aggregation, 'The aggregation should contain an array of filters in property "filter".', `${at}/filter/field`);
        return undefined;
      }
      const filters = parseFilterList(a.filter, `${at}/filter`, c);
      const nested = inner();
      return nested ? { type, name, filters, inner: nested, at } : undefined;
    }
    case 'terms': {
      const limit = a.limit === undefined || a.limit === null ? null : numeric(a.limit) ? Math.trunc(Number(a.limit)) : NaN;
      if (Number.isNaN(limit)) c.add(CODES.aggregation, 'The terms limit has to be an integer.', `${at}/limit`);
      const nested = inner();
      const s = sort();
      if (nested === undefined) return undefined;
      return { type, name, field, limit: limit === null || limit <= 0 || Number.isNaN(limit) ? null : limit, ...(s ? { sort: s } : {}), ...(nested ? { inner: nested } : {}), at };
    }
    case 'histogram': {
      if (a.interval === undefined || a.interval === null) {
        c.add(CODES.aggregation, 'The aggregation should contain an date interval.', `${at}/histogram/interval`);
        return undefined;
      }
      const interval = typeof a.interval === 'string' ? a.interval.toLowerCase() : '';
      if (!(INTERVALS as readonly string[]).includes(interval)) {
        c.add(CODES.interval, `The interval "${String(a.interval)}" is not supported; use one of ${INTERVALS.join(', ')}.`, `${at}/interval`);
        return undefined;
      }
      if (a.format !== undefined && a.format !== null && typeof a.format !== 'string') {
        c.add(CODES.aggregation, 'The histogram format has to be a PHP date format string.', `${at}/format`);
      }
      let timeZone: string | undefined;
      if (a.timeZone !== undefined && a.timeZone !== null) {
        if (typeof a.timeZone !== 'string' || !isTimeZone(a.timeZone)) {
          c.add(CODES.timeZone, `The time zone "${String(a.timeZone)}" is not a valid time zone.`, `${at}/timeZone`);
        } else timeZone = a.timeZone;
      }
      const nested = inner();
      const s = sort();
      if (nested === undefined) return undefined;
      return {
        type,
        name,
        field,
        interval: interval as (typeof INTERVALS)[number],
        ...(typeof a.format === 'string' && a.format !== '' ? { format: a.format } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(s ? { sort: s } : {}),
        ...(nested ? { inner: nested } : {}),
        at,
      };
    }
    default:
      c.add(CODES.aggregation, `The aggregation type "${type}" used as key does not exists.`, at);
      return undefined;
  }
}
