/**
 * Relevance AI's ListFacets (`POST /datasets/{id}/facets`): for each field (`fields`, or every
 * field the schema lists when empty) its facet: text and bool fields the values with their
 * frequencies, most frequent first (`asc` flips it, ties by value), cut to `page_size`; numeric
 * and date fields their `min` and `max` (dates as ISO-8601) and a `histogram`: the documents per
 * bucket, lowest first, empty buckets left out, each `{<field>: bucket start, frequency}` like a
 * value facet's entries. A date's buckets are `date_interval`s (default monthly, UTC calendar; the
 * start as ISO-8601); ListFacets names no interval for numbers, so theirs is chosen from the
 * field's min and max (numberInterval: about ten buckets, 1, 2 or 5 times a power of ten, whole for
 * integer fields), which makes a request with numeric facets two rounds: min/max first (Staged).
 * One terms query per value field, one query for every range, one histogram per number or date
 * field; buckets are bounded by the policy's maxBuckets like any group.
 */
import type { AggQuery, GroupLevel, Metric } from '../../src/ir/nodes.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { ResultTable } from '../../src/ir/result.js';
import { findField, lookupField } from '../../src/ir/schema.js';
import { COUNT_COLUMN, internalName } from '../../src/ir/names.js';
import { ProxyError, pointer } from '../../src/errors/proxy-error.js';
import type { KeyValue } from '../../src/ir/values.js';
import { relevanceSchema } from './datasets.js';
import { eachOf } from './errors.js';
import { CALENDAR } from './lower.js';
import type { DateInterval } from './types.js';

export interface FacetsRequest {
  fields: string[];
  page_size: number;
  asc: boolean;
  date_interval?: DateInterval;
}

type Facet = { readonly field: string; readonly kind: 'values' | 'range'; readonly date: boolean };
type Entry = Record<string, KeyValue>;
export type FacetAnswer = Record<string, Entry[] | { min: number | string | null; max: number | string | null; histogram?: Entry[] }>;

const VALUE = internalName('facet');
const minName = (i: number) => internalName(`min:${i}`);
const maxName = (i: number) => internalName(`max:${i}`);

function facetsOf(req: FacetsRequest, schema: DatasetSchema): Facet[] {
  const listed = relevanceSchema(schema);
  const names = req.fields.length > 0 ? req.fields : Object.keys(listed).filter((f) => listed[f] !== 'dict');
  // each field's problem is reported, not only the first one's
  return eachOf(names, (field, i): Facet => {
    const info = lookupField(schema, field, pointer('fields', i));
    const type = listed[field];
    if (type === 'text' && info.exactPath === undefined) {
      throw new ProxyError({ kind: 'field_type', field, expected: 'aggregatable', actual: info.type, at: { pointer: pointer('fields', i) } });
    }
    if (type === undefined || type === 'dict') {
      throw new ProxyError({ kind: 'field_type', field, expected: 'aggregatable', actual: info.type, at: { pointer: pointer('fields', i) } });
    }
    return { field, kind: type === 'numeric' || type === 'date' ? 'range' : 'values', date: type === 'date' };
  });
}

export interface FacetsPlan {
  readonly queries: AggQuery[];
  readonly format: (tables: readonly ResultTable[]) => { results: FacetAnswer };
}

/** Two rounds when a number facet needs its interval from the data: min/max first, then the histograms. */
export interface StagedFacets {
  readonly probe: AggQuery[];
  readonly then: (probe: readonly ResultTable[]) => FacetsPlan;
}

/** About ten buckets over [min, max]: 1, 2 or 5 times a power of ten, at least 1 for integer fields. */
export function numberInterval(min: number, max: number, integral: boolean): number {
  const raw = (max - min) / 10;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= raw * (1 - 1e-12)) as number;
  // 0.1 * 3 is 0.30000000000000004: a step as its decimal reads
  const nice = Number(step.toPrecision(12));
  return integral ? Math.max(1, Math.round(nice)) : nice;
}

export function lowerFacets(req: FacetsRequest, dataset: string, schema: DatasetSchema): FacetsPlan | StagedFacets {
  const facets = facetsOf(req, schema);
  const values = facets.filter((f) => f.kind === 'values');
  const ranges = facets.filter((f) => f.kind === 'range');
  const valueQuery = (f: Facet): AggQuery => ({
    kind: 'AggQuery',
    dataset,
    levels: [{
      keys: [{ kind: 'terms', name: VALUE, field: f.field, missing: 'exclude' }],
      metrics: [],
      post: [],
      order: [{ column: COUNT_COLUMN, direction: req.asc ? 'asc' : 'desc', compare: 'natural' }, { column: VALUE, direction: 'asc', compare: 'natural' }],
      offset: 0,
      limit: req.page_size,
    }],
  });
  const metrics: Metric[] = ranges.flatMap((f, i) => [
    { kind: 'min', name: minName(i), field: f.field },
    { kind: 'max', name: maxName(i), field: f.field },
  ]);
  const rangeLevel: GroupLevel = { keys: [], metrics, post: [], order: [], offset: 0, limit: null };
  const dates = ranges.filter((f) => f.date);
  const calendar = CALENDAR[req.date_interval ?? 'monthly'];
  const dateQuery = (f: Facet): AggQuery => ({
    kind: 'AggQuery',
    dataset,
    levels: [{
      keys: [{ kind: 'dateHistogram', name: VALUE, field: f.field, interval: { calendar }, timeZone: 'UTC', missing: 'exclude', origin: '/date_interval' }],
      metrics: [],
      post: [],
      order: [{ column: VALUE, direction: 'asc', compare: 'natural' }],
      offset: 0,
      limit: null,
    }],
  });
  const rangeQueries = ranges.length > 0 ? [{ kind: 'AggQuery' as const, dataset, levels: [rangeLevel] }] : [];
  const numbers = ranges.filter((f) => !f.date);
  const numberQuery = (f: Facet, interval: number): AggQuery => ({
    kind: 'AggQuery',
    dataset,
    levels: [{
      keys: [{ kind: 'histogram', name: VALUE, field: f.field, interval, missing: 'exclude' }],
      metrics: [],
      post: [],
      order: [{ column: VALUE, direction: 'asc', compare: 'natural' }],
      offset: 0,
      limit: null,
    }],
  });
  const entries = (f: Facet, t: ResultTable | undefined, start: (k: KeyValue | undefined) => KeyValue) =>
    (t?.rows ?? []).map((r) => ({ [f.field]: start(r.keys[VALUE]), frequency: r.count }));
  /** the answer from the range row and each histogram table (in `histogramFields` order) */
  const answer = (tables: readonly ResultTable[], rangeRow: ResultTable['rows'][number] | undefined, histogramFields: readonly Facet[], histograms: readonly ResultTable[]) => {
    const results: FacetAnswer = {};
    values.forEach((f, i) => {
      results[f.field] = entries(f, tables[i], (k) => k ?? null);
    });
    ranges.forEach((f, i) => {
      const v = (name: string): number | string | null => {
        const x = rangeRow?.values[name];
        if (typeof x !== 'number') return null;
        return f.date ? new Date(x).toISOString() : x;
      };
      results[f.field] = { min: v(minName(i)), max: v(maxName(i)) };
    });
    histogramFields.forEach((f, i) => {
      const facet = results[f.field] as { histogram?: Entry[] };
      const start = (k: KeyValue | undefined): KeyValue =>
        typeof k === 'number' ? (f.date ? new Date(k).toISOString() : Number(k.toPrecision(12))) : (k ?? null);
      facet.histogram = entries(f, histograms[i], start);
    });
    // in the order the fields were asked for
    return { results: Object.fromEntries(facets.map((f) => [f.field, results[f.field]!])) };
  };
  if (numbers.length === 0) {
    const queries = [...values.map(valueQuery), ...rangeQueries, ...dates.map(dateQuery)];
    return { queries, format: (tables) => answer(tables, tables[values.length]?.rows[0], dates, tables.slice(values.length + rangeQueries.length)) };
  }
  return {
    probe: rangeQueries,
    then: (probe) => {
      const row = probe[0]?.rows[0];
      const bounds = (f: Facet) => {
        const i = ranges.indexOf(f);
        const lo = row?.values[minName(i)];
        const hi = row?.values[maxName(i)];
        return typeof lo === 'number' && typeof hi === 'number' ? { lo, hi } : undefined;
      };
      // a field without values has no buckets: its histogram is empty, no query asked
      const withValues = numbers.filter((f) => bounds(f) !== undefined);
      const numberQueries = withValues.map((f) => {
        const b = bounds(f) as { lo: number; hi: number };
        return numberQuery(f, numberInterval(b.lo, b.hi, findField(schema, f.field)?.integral === true));
      });
      const queries = [...values.map(valueQuery), ...dates.map(dateQuery), ...numberQueries];
      return {
        queries,
        format: (tables) => {
          const histogramFields = [...dates, ...numbers];
          const byField = new Map<string, ResultTable>();
          dates.forEach((f, i) => byField.set(f.field, tables[values.length + i] as ResultTable));
          withValues.forEach((f, i) => byField.set(f.field, tables[values.length + dates.length + i] as ResultTable));
          const empty: ResultTable = { rows: [], groupCount: 0, total: null, notes: [] };
          return answer(tables, row, histogramFields, histogramFields.map((f) => byField.get(f.field) ?? empty));
        },
      };
    },
  };
}
