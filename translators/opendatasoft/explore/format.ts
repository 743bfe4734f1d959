/**
 * Result tables and document pages → the Explore API's rows: group values printed as Opendatasoft
 * prints them (dates as ISO 8601 with the offset of the request's `timezone`, date parts as numbers, date_format() through the
 * beta API's Joda printer, ranges as `[lo; hi[`), aggregates as JSON numbers, records as flat objects
 * of their fields (geo points as `{lon, lat}`, missing fields null).
 */
import type { KeyValue, MetricValue } from '../../../src/ir/nodes.js';
import type { ResultRow } from '../../../src/ir/result.js';
import type { FieldInfo } from '../../../src/ir/schema.js';
import { formatJoda, partsOfInstant, partsOfKey } from '../joda.js';
import { isoDate } from '../dates.js';
import type { OutColumn } from './aggregate.js';
import type { KeyFormat } from './groups.js';

export type Row = Record<string, unknown>;


const show = (n: number): string => (Object.is(n, -0) ? '0' : String(n));

function keyValue(f: KeyFormat, v: KeyValue, tz: string): unknown {
  if (v === null) return null;
  switch (f.kind) {
    case 'plain':
      return f.date && typeof v === 'number' ? isoDate(v, tz) : v;
    case 'part':
      return (f.calendar ? partsOfInstant(Number(v), tz) : partsOfKey(String(v), [f.part]))[f.part] ?? null;
    case 'joda':
      return f.calendar ? formatJoda(f.pattern, partsOfInstant(Number(v), tz)) : formatJoda(f.pattern, partsOfKey(String(v), f.pattern.parts));
    case 'labels':
      return f.labels.get(Number(v)) ?? null;
    case 'step':
      return `[${show(Number(v))}; ${show(Number(v) + f.step)}[`;
  }
}

function metricValue(v: MetricValue | undefined, percent: number | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  for (const [k, x] of Object.entries(v)) if (Number(k) === percent) return x;
  return null;
}

/** `tz`: the request's `timezone`, the wall clock dates print in. */
export function groupRow(columns: readonly OutColumn[], r: ResultRow, tz = 'UTC'): Row {
  const row: Row = {};
  for (const c of columns) row[c.name] = c.kind === 'key' ? keyValue(c.format, r.keys[c.column] ?? null, tz) : metricValue(r.values[c.column], c.percent);
  return row;
}

/** One field of a source document as the API prints it. */
export function fieldValue(f: FieldInfo | undefined, v: unknown, tz = 'UTC'): unknown {
  if (v === undefined || v === null) return null;
  if (f?.category === 'date' && (typeof v === 'string' || typeof v === 'number')) {
    const ms = typeof v === 'number' ? v : Date.parse(v);
    return Number.isNaN(ms) ? v : isoDate(ms, tz);
  }
  if (f?.type === 'geo_point' && typeof v === 'object' && !Array.isArray(v)) {
    const p = v as { lat?: unknown; lon?: unknown };
    return { lon: p.lon ?? null, lat: p.lat ?? null };
  }
  return v;
}
