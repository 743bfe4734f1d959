/**
 * The metadata surface Druid clients call before they query (plywood introspects a data source this
 * way): `segmentMetadata`, `timeBoundary`, `dataSourceMetadata`, and `scan` for raw rows. The whole
 * index is presented as one segment; column types come from the mapping (keyword/text → STRING,
 * whole numbers → LONG, other numbers → DOUBLE, the time field → `__time`).
 */
import type { AggQuery } from '../../src/ir/nodes.js';
import type { DocumentsQuery, DocumentPage } from '../../src/ir/documents.js';
import type { ResultTable } from '../../src/ir/result.js';
import { and } from '../../src/ir/predicate.js';
import type { Lowered } from '../../src/dialect/contract.js';
import { fail, int, isObj, list, parseIntervals, str } from './parse-common.js';
import { parseFilter } from './parse-filters.js';
import { filterToPredicate, intervalsPredicate } from './filters.js';
import { timeField, type DruidContext } from './columns.js';
import type { Json } from './parse-common.js';

export const METADATA_QUERIES = new Set(['segmentMetadata', 'timeBoundary', 'dataSourceMetadata', 'scan']);

export type ColumnType = 'STRING' | 'LONG' | 'DOUBLE';

/** The data source's columns as Druid types them, `__time` first. */
export function druidColumns(ctx: DruidContext): Record<string, ColumnType> {
  const time = timeField(ctx);
  const out: Record<string, ColumnType> = { __time: 'LONG' };
  for (const [name, f] of ctx.schema.fields) {
    if (name === time) continue;
    if (f.category === 'keyword' || (f.category === 'text' && f.exactPath)) out[name] = 'STRING';
    else if (f.category === 'numeric') out[name] = f.integral ? 'LONG' : 'DOUBLE';
  }
  return out;
}

/** `GET /druid/v2/datasources/{name}`: dimensions and metrics. */
export function dataSourceSummary(ctx: DruidContext): { dimensions: string[]; metrics: string[] } {
  const cols = Object.entries(druidColumns(ctx)).filter(([n]) => n !== '__time');
  return { dimensions: cols.filter(([, t]) => t === 'STRING').map(([n]) => n), metrics: cols.filter(([, t]) => t !== 'STRING').map(([n]) => n) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function bounds(ctx: DruidContext, body: Record<string, Json>): AggQuery {
  const field = timeField(ctx);
  const filter = body.filter === undefined || body.filter === null ? undefined : filterToPredicate(ctx, parseFilter(body.filter, '/filter'));
  const intervals = body.intervals === undefined ? undefined : intervalsPredicate(field, parseIntervals(body.intervals, '/intervals'));
  const where = and(filter, intervals);
  return {
    kind: 'AggQuery',
    dataset: ctx.dataset.name,
    ...(where ? { filter: where } : {}),
    levels: [{ keys: [], metrics: [{ kind: 'min', name: 'min', field }, { kind: 'max', name: 'max', field }], post: [], order: [], offset: 0, limit: null }],
  };
}

function minMax(t: ResultTable): { min: number; max: number; rows: number } | undefined {
  const row = t.rows[0];
  const min = row?.values.min;
  const max = row?.values.max;
  return typeof min === 'number' && typeof max === 'number' ? { min, max, rows: row?.count ?? 0 } : undefined;
}

/** One of the metadata queries, lowered; `body` has passed the METADATA_QUERIES check. */
export function lowerMetadata(ctx: DruidContext, body: Record<string, Json>): Lowered<unknown> {
  const type = body.queryType as string;
  const dataset = ctx.dataset;
  if (type === 'scan') return lowerScan(ctx, body);
  const query = bounds(ctx, type === 'segmentMetadata' ? { ...body, filter: null } : body);
  const format = ([t]: readonly ResultTable[]): unknown => {
    const b = minMax(t!);
    if (type === 'segmentMetadata') {
      const columns = Object.fromEntries(
        Object.entries(druidColumns(ctx)).map(([n, type]) => [
          n,
          { typeSignature: type, type, hasMultipleValues: false, hasNulls: n !== '__time', size: 0, cardinality: null, minValue: null, maxValue: null, errorMessage: null },
        ]),
      );
      return [{ id: `${dataset.name}_merged`, intervals: b ? [`${iso(b.min)}/${iso(b.max + 1)}`] : [], columns, size: 0, numRows: b?.rows ?? 0, aggregators: null, timestampSpec: null, queryGranularity: null, rollup: null }];
    }
    if (!b) return [];
    if (type === 'dataSourceMetadata') return [{ timestamp: iso(b.max), result: { maxIngestedEventTime: iso(b.max) } }];
    if (body.bound === 'maxTime') return [{ timestamp: iso(b.max), result: { maxTime: iso(b.max) } }];
    if (body.bound === 'minTime') return [{ timestamp: iso(b.min), result: { minTime: iso(b.min) } }];
    return [{ timestamp: iso(b.min), result: { minTime: iso(b.min), maxTime: iso(b.max) } }];
  };
  return { dataset, queries: [query], format };
}

const SCAN_LIMIT = 10_000;

function lowerScan(ctx: DruidContext, body: Record<string, Json>): Lowered<unknown> {
  if (body.intervals === undefined) fail('Missing property intervals', '/intervals');
  const field = timeField(ctx);
  const filter = body.filter === undefined || body.filter === null ? undefined : filterToPredicate(ctx, parseFilter(body.filter, '/filter'));
  const all = Object.keys(druidColumns(ctx));
  const asked = body.columns === undefined || body.columns === null ? [] : list(body.columns, '/columns', 'columns').map((c, i) => str(c, `/columns/${i}`, 'a column'));
  const columns = asked.length === 0 ? all : asked;
  const limit = body.limit === undefined || body.limit === null ? SCAN_LIMIT : int(body.limit, '/limit', 'limit', 0, SCAN_LIMIT);
  const offset = body.offset === undefined || body.offset === null ? 0 : int(body.offset, '/offset', 'offset');
  const order = body.order ?? 'none';
  if (order !== 'none' && order !== 'ascending' && order !== 'descending') fail('order must be "none", "ascending" or "descending"', '/order');
  const resultFormat = body.resultFormat ?? 'list';
  if (resultFormat !== 'list' && resultFormat !== 'compactedList') fail('resultFormat must be "list" or "compactedList"', '/resultFormat');
  const compact = resultFormat === 'compactedList';
  const documents: DocumentsQuery = {
    kind: 'DocumentsQuery',
    dataset: ctx.dataset.name,
    filter: and(intervalsPredicate(field, parseIntervals(body.intervals, '/intervals')), filter),
    sort: order === 'none' ? [] : [{ field, direction: order === 'ascending' ? 'asc' : 'desc', nulls: 'last' }],
    offset,
    limit,
    fields: null,
    exactTotal: false,
  };
  const event = (d: Readonly<Record<string, unknown>>): Record<string, unknown> =>
    Object.fromEntries(columns.map((c) => [c, c === '__time' ? Date.parse(String(d[field])) : (d[c] ?? null)]));
  const format = (_t: readonly ResultTable[], page?: DocumentPage): unknown => {
    const events = (page?.documents ?? []).map(event);
    if (events.length === 0) return [];
    return [{ segmentId: `${ctx.dataset.name}_merged`, columns, events: compact ? events.map((e) => columns.map((c) => e[c])) : events }];
  };
  return { dataset: ctx.dataset, queries: [], documents, format };
}

export function isMetadataQuery(body: Json): body is Record<string, Json> {
  return isObj(body) && typeof body.queryType === 'string' && METADATA_QUERIES.has(body.queryType);
}
