/**
 * Result rows → Druid's native answers: groupBy `[{version, timestamp, event}]`, timeseries
 * `[{timestamp, result}]` (empty buckets zero-filled unless skipEmptyBuckets), topN
 * `[{timestamp, result: [...]}]`. Values typed as Druid types them: longs integral, floats float32,
 * STRING dimensions printed the way Java prints the column's numbers.
 */
import type { GroupLevel, KeyValue, MetricValue } from '../../src/ir/nodes.js';
import type { ResultRow, ResultTable } from '../../src/ir/result.js';
import { emptyGroupRow } from '../../src/ir/empty-group.js';
import { javaDouble } from '../../src/util/java-number.js';
import type { DruidPlan } from './lower.js';
import { TIME } from './lower.js';
import type { ValueType } from './aggregators.js';
import { bucketStarts, eachBucketStart, printTimestamp } from './time.js';
import type { Granularity, Interval } from './types.js';
import { druidOrder, extractedValue } from './extraction.js';

type Obj = Record<string, unknown>;

function dimValue(v: KeyValue, d: DruidPlan['dimensions'][number]): unknown {
  if (d.extracted) return extractedValue(d.extracted, v, d.dim.outputType);
  if (v === null || v === undefined) return null;
  // a time part arrives as the script's fixed-width number
  if (d.timePart) return d.dim.outputType === 'STRING' ? String(Number(v) - d.timePart.offset) : Number(v) - d.timePart.offset;
  switch (d.dim.outputType) {
    case 'STRING':
      if (typeof v === 'number') return d.fieldType === 'integral' ? String(v) : javaDouble(v);
      return String(v);
    case 'LONG': {
      const n = Number(v);
      return Number.isFinite(n) ? Math.trunc(n) : null;
    }
    default: {
      const n = Number(v);
      return Number.isFinite(n) ? (d.dim.outputType === 'FLOAT' ? Math.fround(n) : n) : null;
    }
  }
}

function typed(v: MetricValue | undefined, t: ValueType): unknown {
  if (typeof v !== 'number') return v === undefined ? null : v;
  if (t === 'long') return Math.trunc(v);
  if (t === 'float') return Math.fround(v);
  return v;
}

function values(plan: DruidPlan, row: ResultRow): Obj {
  const out: Obj = {};
  for (const v of plan.values) out[v.name] = typed(row.values[v.name], v.type);
  return out;
}

function dims(plan: DruidPlan, row: ResultRow): Obj {
  const out: Obj = {};
  for (const d of plan.dimensions) out[d.dim.outputName] = dimValue(row.keys[d.dim.outputName] ?? null, d);
  return out;
}

/** Under granularity `all` every row carries the start of the earliest interval. */
function timestampOf(plan: DruidPlan, row: ResultRow | undefined): string {
  const g = plan.query.granularity;
  const t = g.kind === 'all' || row === undefined ? Math.min(...plan.query.intervals.map((i) => i.start)) : Number(row.keys[TIME]);
  return printTimestamp(t, g);
}

export function formatGroupBy(plan: DruidPlan, t: ResultTable): unknown[] {
  const printed = t.rows.map((row) => ({ t: Number(row.keys[TIME] ?? 0), d: dims(plan, row), row }));
  if (plan.reorder) printed.sort(druidOrder(plan.dimensions, plan.query.context.sortByDimsFirst));
  return printed.map(({ d, row }) => ({ version: 'v1', timestamp: timestampOf(plan, row), event: { ...d, ...values(plan, row) } }));
}

export function formatTopN(plan: DruidPlan, t: ResultTable): unknown[] {
  const entry = (bucket: ResultRow | undefined, rows: readonly ResultRow[]) => ({
    timestamp: timestampOf(plan, bucket),
    result: rows.map((r) => ({ ...dims(plan, r), ...values(plan, r) })),
  });
  if (plan.query.granularity.kind === 'all') return t.rows.length === 0 ? [] : [entry(undefined, t.rows)];
  return t.rows.filter((b) => (b.children ?? []).length > 0).map((b) => entry(b, b.children ?? []));
}

export function formatTimeseries(plan: DruidPlan, t: ResultTable): unknown[] {
  return [...timeseriesEntries(plan, t)];
}

const timeOf = (row: ResultRow): number => Number(row.keys[TIME]);

/**
 * The timeseries answer one entry at a time (so a long zero-filled series can be pulled in slices):
 * the engine's buckets merged in time order with the empty ones of every interval, then the limit.
 */
export function* timeseriesEntries(plan: DruidPlan, t: ResultTable): Generator<unknown> {
  const q = plan.query;
  if (q.queryType !== 'timeseries') return;
  const entry = (row: ResultRow) => ({ timestamp: timestampOf(plan, row), result: values(plan, row) });
  if (q.granularity.kind === 'all') {
    if (!(q.context.skipEmptyBuckets && (t.rows[0]?.count ?? 0) === 0) && t.rows[0]) yield entry(t.rows[0]);
    return;
  }
  if (q.context.skipEmptyBuckets || q.granularity.kind === 'none') {
    for (const row of t.rows) yield entry(row);
    return;
  }
  const dir = q.descending ? -1 : 1;
  // the reader ordered the engine's buckets by time (the level's order), in the query's direction
  const real = t.rows;
  const seen = new Set(real.map(timeOf));
  const starts = zeroFillStarts(q.granularity, q.intervals, dir);
  // every zero-filled bucket reads the same (the IR's empty-group rule, as the reader would read it);
  // one object serves them all (answers are only read and serialized), which halves a long series' heap
  const empty = Object.freeze(values(plan, emptyGroupRow(plan.ir.levels[0] as GroupLevel, {})));
  const limit = q.limit ?? Infinity;
  let emitted = 0;
  let r = 0;
  for (const start of starts) {
    if (emitted >= limit) break;
    for (; r < real.length && emitted < limit && (timeOf(real[r] as ResultRow) - start) * dir < 0; r++, emitted++) yield entry(real[r] as ResultRow);
    if (seen.has(start) || emitted >= limit) continue;
    emitted++;
    yield { timestamp: printTimestamp(start, q.granularity), result: empty };
  }
  for (; r < real.length && emitted < limit; r++, emitted++) yield entry(real[r] as ResultRow);
}

/**
 * The bucket starts of every interval in answer order, each once. One ascending interval (the usual
 * query) is walked lazily; several may overlap or come in any order, so they are sorted first.
 */
function zeroFillStarts(g: Granularity, intervals: readonly Interval[], dir: 1 | -1): Iterable<number> {
  if (intervals.length === 1 && dir === 1) return eachBucketStart(g, intervals[0] as Interval);
  const all = Float64Array.from(intervals.flatMap((iv) => bucketStarts(g, iv))).sort();
  const once = all.filter((s, i) => i === 0 || s !== all[i - 1]);
  return dir === 1 ? once : once.reverse();
}
