/**
 * A native query → its IR queries and the formatter of their tables, with groupBy's `subtotalsSpec`:
 * one grouping per subset of the dimensions, answered one after another, the dimensions a subset
 * leaves out as null (Druid SQL's GROUPING SETS, ROLLUP and CUBE plan to this). Shared by the
 * native route and Druid SQL.
 */
import type { AggQuery } from '../../src/ir/nodes.js';
import type { ResultTable } from '../../src/ir/result.js';
import type { AppConfig } from '../../src/catalog/config.js';
import type { Dimension, DruidQuery, GroupByQuery } from './types.js';
import type { DruidContext } from './columns.js';
import { buildPlan, forSubset, lowerParts, lowerQuery, orderingOf, type GroupingOrder } from './lower.js';
import { loweringCollector } from './collect.js';
import { formatGroupBy, formatTimeseries, formatTopN, timeseriesEntries } from './format.js';
import { collectInSlices } from '../../src/util/slices.js';
import { fail, list, str, type Json } from './parse-common.js';

/** Subtotal sets one groupBy may ask for (each is one more grouping over the data). */
export const MAX_SUBTOTALS = 16;

/** `subtotalsSpec`: lists of the query's dimension output names. */
export function parseSubtotals(v: Json, dimensions: readonly Dimension[]): string[][] {
  const sets = list(v, '/subtotalsSpec', 'subtotalsSpec');
  if (sets.length > MAX_SUBTOTALS) fail(`subtotalsSpec may hold at most ${MAX_SUBTOTALS} sets`, `/subtotalsSpec/${MAX_SUBTOTALS}`);
  const names = new Set(dimensions.map((d) => d.outputName));
  return sets.map((set, i) =>
    list(set, `/subtotalsSpec/${i}`, 'a subtotal set').map((n, j) => {
      const name = str(n, `/subtotalsSpec/${i}/${j}`, 'a dimension output name');
      if (!names.has(name)) fail(`Subtotal spec [${name}] is not a dimension of the query`, `/subtotalsSpec/${i}/${j}`);
      return name;
    }),
  );
}

/** The groupBy of one subtotal set: its dimensions only, ordering on the others dropped. */
function subtotal(q: GroupByQuery, set: readonly string[]): GroupByQuery {
  const keep = new Set(set);
  const dropped = new Set(q.dimensions.filter((d) => !keep.has(d.outputName)).map((d) => d.outputName));
  const { subtotalsSpec: _all, ...rest } = q;
  return {
    ...rest,
    dimensions: q.dimensions.filter((d) => keep.has(d.outputName)),
    limitSpec: { ...q.limitSpec, columns: q.limitSpec.columns.filter((c) => !dropped.has(c.dimension)) },
  };
}

export interface NativeLowering {
  readonly queries: readonly AggQuery[];
  readonly format: (tables: readonly ResultTable[]) => unknown[];
  /** the same answer, built with the event loop let through, where it can be long (a zero-filled series) */
  readonly formatInSlices?: (tables: readonly ResultTable[]) => Promise<unknown[]>;
}

export function lowerNative(ctx: DruidContext, q: DruidQuery, config: AppConfig): NativeLowering {
  if (q.queryType === 'groupBy' && q.subtotalsSpec) {
    // the parts every set shares are lowered once (each problem reported once), then each set's order
    const c = loweringCollector();
    const parts = lowerParts(c, ctx, q, config);
    const sets = q.subtotalsSpec.map((set) => {
      const sq = subtotal(q, set);
      const sp = forSubset(parts, new Set(set));
      return { sq, sp, order: orderingOf(c, sp, sq) };
    });
    c.throwIfAny();
    const plans = sets.map(({ sq, sp, order }) => buildPlan(sp, sq, order as GroupingOrder));
    const names = q.dimensions.map((d) => d.outputName);
    const format = (tables: readonly ResultTable[]): unknown[] =>
      plans.flatMap((p, i) =>
        formatGroupBy(p, tables[i] as ResultTable).map((row) => {
          const r = row as { version: string; timestamp: string; event: Record<string, unknown> };
          const event: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, r.event[n] ?? null]));
          for (const [k, v] of Object.entries(r.event)) if (!(k in event)) event[k] = v;
          return { ...r, event };
        }),
      );
    return { queries: plans.map((p) => p.ir), format };
  }
  const plan = lowerQuery(ctx, q, config);
  if (q.queryType === 'timeseries') {
    return {
      queries: [plan.ir],
      format: ([t]) => formatTimeseries(plan, t as ResultTable),
      formatInSlices: ([t]) => collectInSlices(timeseriesEntries(plan, t as ResultTable)),
    };
  }
  const format = q.queryType === 'groupBy' ? formatGroupBy : formatTopN;
  return { queries: [plan.ir], format: ([t]) => format(plan, t as ResultTable) };
}
