/**
 * Relevance AI's ListFacets (`POST /datasets/{id}/facets`): for each field (`fields`, or every
 * field the schema lists when empty) its facet: text and bool fields the values with their
 * frequencies, most frequent first (`asc` flips it, ties by value), cut to `page_size`; numeric
 * and date fields their `min` and `max` (dates as ISO-8601), and date fields a `histogram` too: the
 * documents per `date_interval` bucket (default monthly, UTC calendar, oldest first, empty buckets
 * left out), each `{<field>: bucket start as ISO-8601, frequency}` like a value facet's entries.
 * Numbers get no histogram: ListFacets has no interval for them, and one from min/max would need a
 * second round trip. One terms query per value field, one query for every range, one date
 * histogram per date field; buckets are bounded by the policy's maxBuckets like any group.
 */
import type { AggQuery, GroupLevel, Metric } from '../../src/ir/nodes.js';
import type { DatasetSchema } from '../../src/ir/schema.js';
import type { ResultTable } from '../../src/ir/result.js';
import { lookupField } from '../../src/ir/schema.js';
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

export function lowerFacets(req: FacetsRequest, dataset: string, schema: DatasetSchema): FacetsPlan {
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
  const queries = [...values.map(valueQuery), ...rangeQueries, ...dates.map(dateQuery)];
  const format = (tables: readonly ResultTable[]) => {
    const results: FacetAnswer = {};
    values.forEach((f, i) => {
      results[f.field] = (tables[i]?.rows ?? []).map((r) => ({ [f.field]: r.keys[VALUE] ?? null, frequency: r.count }));
    });
    const row = tables[values.length]?.rows[0];
    ranges.forEach((f, i) => {
      const v = (name: string): number | string | null => {
        const x = row?.values[name];
        if (typeof x !== 'number') return null;
        return f.date ? new Date(x).toISOString() : x;
      };
      results[f.field] = { min: v(minName(i)), max: v(maxName(i)) };
    });
    dates.forEach((f, i) => {
      const rows = tables[values.length + rangeQueries.length + i]?.rows ?? [];
      const start = (k: KeyValue | undefined) => (typeof k === 'number' ? new Date(k).toISOString() : (k ?? null));
      const facet = results[f.field] as { histogram?: Entry[] };
      facet.histogram = rows.map((r) => ({ [f.field]: start(r.keys[VALUE]), frequency: r.count }));
    });
    // in the order the fields were asked for
    return { results: Object.fromEntries(facets.map((f) => [f.field, results[f.field]!])) };
  };
  return { queries, format };
}
