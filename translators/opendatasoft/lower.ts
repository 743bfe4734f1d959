/**
 * An ODS request → IR. Each named aggregation is one flat, exact GROUP BY over its group_by items
 * (rows ordered by the group values, as Opendatasoft's documented examples show); its aggregate calls become metrics,
 * arithmetic between them post-metrics (bucket_script or the reader), and INCREMENTAL a running
 * total over the rows in that order (cumulative_sum when the only group is a calendar interval).
 *
 * range() groups need the data's min/max or percentiles first: those come from a probe query, and
 * the aggregations are planned from its answer (`plan(probe)`).
 */
import type { AggQuery, Expr, GroupKey, Metric, OrderItem, PostMetric, ValueExpr } from '../../src/ir/nodes.js';
import type { ResultTable } from '../../src/ir/result.js';
import type { JodaPattern } from './joda.js';
import { planRanges, type FieldStats } from './ranges.js';
import type { AggCall, AggValue, AggregationDef, Discretizer, OdsRequest } from './types.js';
import { internalName } from '../../src/ir/names.js';

/** How the formatter turns one key column into the group's value. */
export type GroupShape =
  | { readonly kind: 'field'; readonly name: string; readonly column: string; readonly date: boolean }
  | { readonly kind: 'calendar'; readonly name: string; readonly column: string; readonly pattern: JodaPattern }
  | { readonly kind: 'parts'; readonly name: string; readonly column: string; readonly pattern: JodaPattern }
  | { readonly kind: 'range'; readonly name: string; readonly column: string; readonly labels: ReadonlyMap<number, string | number> };

export interface OutputShape {
  readonly name: string;
  readonly column: string;
  /** PERCENTILES: the percents in request order (the map's keys) */
  readonly percents?: readonly number[];
}

export interface AggregationShape {
  readonly name: string;
  readonly groups: readonly GroupShape[];
  readonly outputs: readonly OutputShape[];
}

export interface OdsPlan {
  readonly queries: readonly AggQuery[];
  readonly shapes: readonly AggregationShape[];
}

export interface OdsLowering {
  /** the first query, when a range() group needs the data's bounds or percentiles */
  readonly probe?: AggQuery;
  readonly plan: (probe?: ResultTable) => OdsPlan;
}

export interface LowerOptions {
  readonly dataset: string;
  readonly percentilesCompression: number;
  /** fields that are dates (their plain group values print as ISO strings) */
  readonly isDate: (field: string) => boolean;
}

const minCol = (f: string) => internalName(`min|${f}`);
const maxCol = (f: string) => internalName(`max|${f}`);
const pctCol = (f: string, cuts: readonly number[]) => internalName(`pct|${f}|${cuts.join(',')}`);

/** Virtual fields an aggregation uses, so that unrelated ones do not split the cache. */
function usedVirtual(req: OdsRequest, fields: Iterable<string>): Record<string, ValueExpr> | undefined {
  const out: Record<string, ValueExpr> = {};
  for (const f of fields) if (Object.hasOwn(req.virtualFields, f)) out[f] = req.virtualFields[f] as ValueExpr;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function lowerRequest(req: OdsRequest, o: LowerOptions): OdsLowering {
  const probeMetrics = new Map<string, Metric>();
  for (const a of req.aggregations) {
    for (const g of a.groups) {
      if (g.kind !== 'range') continue;
      const d = g.discretizer;
      if (d.kind === 'bands') {
        const name = pctCol(g.field, d.cuts);
        probeMetrics.set(name, { kind: 'percentiles', name, field: g.field, percents: d.cuts, compression: o.percentilesCompression, origin: g.pointer });
      } else {
        // even equi with both boundaries needs min/max: values outside them get ranges of their own
        probeMetrics.set(minCol(g.field), { kind: 'min', name: minCol(g.field), field: g.field, origin: g.pointer });
        probeMetrics.set(maxCol(g.field), { kind: 'max', name: maxCol(g.field), field: g.field, origin: g.pointer });
      }
    }
  }
  const probeFields = [...probeMetrics.values()].map((m) => ('field' in m ? m.field : ''));
  const virtual = usedVirtual(req, probeFields);
  const probe: AggQuery | undefined =
    probeMetrics.size === 0
      ? undefined
      : {
          kind: 'AggQuery',
          dataset: o.dataset,
          ...(virtual ? { virtualFields: virtual } : {}),
          levels: [{ keys: [], metrics: [...probeMetrics.values()], post: [], order: [], offset: 0, limit: null }],
        };
  return {
    ...(probe ? { probe } : {}),
    plan: (table) => {
      const values = table?.rows[0]?.values ?? {};
      const stats = (field: string, d: Discretizer): FieldStats => {
        const n = (v: unknown) => (typeof v === 'number' ? v : null);
        const p = d.kind === 'bands' ? values[pctCol(field, d.cuts)] : undefined;
        const percentiles: Record<string, number | null> = {};
        if (p && typeof p === 'object') for (const [k, v] of Object.entries(p)) percentiles[String(Number(k))] = v;
        return { min: n(values[minCol(field)]), max: n(values[maxCol(field)]), percentiles };
      };
      const lowered = req.aggregations.map((a) => lowerAggregation(a, req, o, stats));
      return { queries: lowered.map((l) => l.query), shapes: lowered.map((l) => l.shape) };
    },
  };
}

function lowerAggregation(
  a: AggregationDef,
  req: OdsRequest,
  o: LowerOptions,
  stats: (field: string, d: Discretizer) => FieldStats,
): { query: AggQuery; shape: AggregationShape } {
  const keys: GroupKey[] = [];
  const groups: GroupShape[] = [];
  const order: OrderItem[] = [];
  a.groups.forEach((g, i) => {
    const column = `g${i}`;
    order.push({ column, direction: 'asc', compare: 'natural' });
    switch (g.kind) {
      case 'field':
        keys.push({ kind: 'terms', name: column, field: g.field, missing: 'exclude', origin: g.pointer });
        groups.push({ kind: 'field', name: g.name, column, date: o.isDate(g.field) });
        break;
      case 'date':
        if (g.pattern.unit) {
          const interval = g.pattern.unit === 'second' ? { fixedMs: 1000 } : { calendar: g.pattern.unit };
          keys.push({ kind: 'dateHistogram', name: column, field: g.field, interval, timeZone: 'UTC', missing: 'exclude', origin: g.pointer });
          groups.push({ kind: 'calendar', name: g.name, column, pattern: g.pattern });
        } else {
          keys.push({ kind: 'dateParts', name: column, field: g.field, parts: g.pattern.parts, timeZone: 'UTC', origin: g.pointer });
          groups.push({ kind: 'parts', name: g.name, column, pattern: g.pattern });
        }
        break;
      case 'range': {
        const planned = planRanges(g.discretizer, stats(g.field, g.discretizer));
        keys.push({ kind: 'ranges', name: column, field: g.field, ranges: planned.buckets, origin: g.pointer });
        groups.push({ kind: 'range', name: g.name, column, labels: planned.labels });
        break;
      }
    }
  });
  const metrics: Metric[] = [];
  const byCall = new Map<string, string>();
  const metricOf = (c: AggCall, origin: string): string => {
    const sig = JSON.stringify(c.fn === 'STDDEV' || c.fn === 'SUMSQUARES' ? ['EXT', c.field] : [c.fn, c.field, c.percents]);
    const known = byCall.get(sig);
    if (known) return known;
    const name = `m${metrics.length}`;
    byCall.set(sig, name);
    const field = c.field as string;
    switch (c.fn) {
      case 'COUNT':
        metrics.push({ kind: 'count', name, origin });
        break;
      case 'SUM':
      case 'AVG':
      case 'MIN':
      case 'MAX':
        metrics.push({ kind: c.fn === 'SUM' ? 'sum' : c.fn === 'AVG' ? 'avg' : c.fn === 'MIN' ? 'min' : 'max', name, field, origin });
        break;
      case 'STDDEV':
      case 'SUMSQUARES':
        metrics.push({ kind: 'extendedStats', name, field, origin });
        break;
      case 'PERCENTILES':
        metrics.push({ kind: 'percentiles', name, field, percents: c.percents ?? [], compression: o.percentilesCompression, origin });
        break;
    }
    return name;
  };
  const toExpr = (v: AggValue, origin: string): Expr => {
    switch (v.kind) {
      case 'const':
        return { kind: 'const', value: v.value };
      case 'call': {
        const column = metricOf(v.call, origin);
        if (v.call.fn === 'STDDEV') return { kind: 'column', column, part: 'std_deviation' };
        if (v.call.fn === 'SUMSQUARES') return { kind: 'column', column, part: 'sum_of_squares' };
        return { kind: 'column', column };
      }
      case 'neg':
        return { kind: 'neg', operand: toExpr(v.operand, origin) };
      case 'binary':
        return { kind: 'binary', op: v.op, left: toExpr(v.left, origin), right: toExpr(v.right, origin), onZeroDivisor: 'null' };
    }
  };
  const post: PostMetric[] = [];
  const outputs: OutputShape[] = a.aggregates.map((agg, j) => {
    const expr = toExpr(agg.value, agg.pointer);
    let column: string;
    if (expr.kind === 'column' && expr.part === undefined) column = expr.column;
    else {
      column = `e${j}`;
      post.push({ kind: 'expr', name: column, expr, origin: agg.pointer });
    }
    if (agg.incremental) {
      post.push({ kind: 'runningTotal', name: `r${j}`, of: column, origin: agg.pointer });
      column = `r${j}`;
    }
    const percents = agg.value.kind === 'call' && agg.value.call.fn === 'PERCENTILES' ? agg.value.call.percents : undefined;
    return { name: agg.name, column, ...(percents ? { percents } : {}) };
  });
  const fields = [
    ...metrics.flatMap((m) => ('field' in m ? [m.field] : [])),
    ...keys.flatMap((k) => ('field' in k ? [k.field] : [])),
  ];
  const virtual = usedVirtual(req, fields);
  const query: AggQuery = {
    kind: 'AggQuery',
    dataset: o.dataset,
    ...(virtual ? { virtualFields: virtual } : {}),
    levels: [{ keys, metrics, post, order, offset: 0, limit: null }],
  };
  return { query, shape: { name: a.name, groups, outputs } };
}
