/**
 * `timestamp_extract(__time, unit[, zone])` virtual columns (Druid SQL's EXTRACT and TIME_EXTRACT
 * plan to them): a calendar part of each row's time, grouped by as the IR's date-parts key. Only a
 * dimension may read one; the units are those the engine's date-parts script computes, each with
 * Druid's numbering (DOW 1 = Monday, as ISO).
 */
import type { DatePart } from '../../src/ir/nodes.js';
import { ProxyError } from '../../src/errors/proxy-error.js';
import { isTimeZone } from './time.js';
import type { DruidExpr } from './expr-parse.js';

export interface TimePartColumn {
  readonly part: DatePart;
  readonly timeZone: string;
  /** subtracted from the script's number (years are offset to stay six digits wide) */
  readonly offset: number;
  readonly at: string;
}

const UNITS: Readonly<Record<string, { part: DatePart; offset: number }>> = {
  SECOND: { part: 'second', offset: 0 },
  MINUTE: { part: 'minute', offset: 0 },
  HOUR: { part: 'hour', offset: 0 },
  DAY: { part: 'day', offset: 0 },
  DOW: { part: 'dayOfWeek', offset: 0 },
  ISODOW: { part: 'dayOfWeek', offset: 0 },
  DOY: { part: 'dayOfYear', offset: 0 },
  WEEK: { part: 'weekOfWeekyear', offset: 0 },
  MONTH: { part: 'month', offset: 0 },
  YEAR: { part: 'year', offset: 100_000 },
  ISOYEAR: { part: 'weekyear', offset: 100_000 },
};

/** The time part a virtual column's expression extracts, or undefined when it is no timestamp_extract. */
export function timePartOf(tree: DruidExpr, isTime: (name: string) => boolean, at: string): TimePartColumn | undefined {
  if (tree.kind !== 'call' || tree.fn !== 'timestamp_extract') return undefined;
  const [col, unit, zone, ...rest] = tree.args;
  const refuse = (what: string): never => {
    throw new ProxyError({ kind: 'unsupported', feature: what, at: { pointer: at } });
  };
  if (!col || col.kind !== 'identifier' || !isTime(col.name)) refuse('timestamp_extract of anything but __time');
  if (!unit || unit.kind !== 'string') refuse('timestamp_extract without a unit string');
  const u = UNITS[(unit as { value: string }).value.toUpperCase()];
  if (!u) refuse(`timestamp_extract unit '${(unit as { value: string }).value}' (supported: ${Object.keys(UNITS).join(', ')})`);
  if (zone && (zone.kind !== 'string' || !isTimeZone(zone.value))) refuse('timestamp_extract with a time zone that is not a zone name');
  if (rest.length > 0) refuse('timestamp_extract with more than three arguments');
  return { part: (u as { part: DatePart }).part, offset: (u as { offset: number }).offset, timeZone: zone && zone.kind === 'string' ? zone.value : 'UTC', at };
}

export const druidTimeUnits = (): readonly string[] => Object.keys(UNITS);
