/** Result tables → Relevance AI's answers: `{"results": [rows]}` and the cluster form. */
import type { KeyValue, MetricValue } from '../../src/ir/nodes.js';
import type { ResultRow, ResultTable } from '../../src/ir/result.js';
import type { GroupOutput, MetricOutput, RelevancePlan } from './lower.js';
import { internalName } from '../../src/ir/names.js';

export type OutputRow = Record<string, KeyValue | MetricValue | { upper: number | null; lower: number | null }>;

function formatKey(v: KeyValue, g: GroupOutput): KeyValue {
  if (g.format === 'iso-date' && typeof v === 'number') return new Date(v).toISOString();
  return v;
}

function metricValue(row: ResultRow, m: MetricOutput): OutputRow[string] {
  if (m.from === 'value') return row.values[m.name] ?? null;
  const s = row.values[m.stats];
  if (!s || typeof s !== 'object') return { upper: null, lower: null };
  const avg = s.avg ?? null;
  const sd = s.std_deviation ?? null;
  if (avg === null || sd === null) return { upper: null, lower: null };
  // ES std_deviation_bounds with the default sigma of 2
  return { upper: avg + 2 * sd, lower: avg - 2 * sd };
}

function leafRow(row: ResultRow, plan: RelevancePlan): OutputRow {
  const out: OutputRow = {};
  for (const g of plan.groups) out[g.name] = formatKey(row.keys[g.name] ?? null, g);
  out.frequency = row.count;
  for (const m of plan.metrics) out[m.name] = metricValue(row, m);
  return out;
}

/** Leaf rows under `rows`, depth-first, each carrying the keys of every level. */
export function leaves(rows: readonly ResultRow[], depth: number, plan: RelevancePlan): OutputRow[] {
  if (depth === 0) return rows.map((r) => leafRow(r, plan));
  return rows.flatMap((r) => leaves(r.children ?? [], depth - 1, plan));
}

export function formatAggregate(table: ResultTable, plan: RelevancePlan): { results: OutputRow[] } {
  const depth = plan.query.levels.length - 1;
  return { results: leaves(table.rows, depth, plan) };
}

export const CLUSTER_KEY = internalName('cluster');

export interface ClusterAnswer {
  results: Record<string, OutputRow[]>;
  info: Record<string, { count: number; percentage: number }>;
}

export function formatCluster(table: ResultTable, plan: RelevancePlan): ClusterAnswer {
  const results: ClusterAnswer['results'] = {};
  const info: ClusterAnswer['info'] = {};
  const total = table.total ?? 0;
  const depth = plan.query.levels.length - 2;
  for (const row of table.rows) {
    const label = String(row.keys[CLUSTER_KEY]);
    results[label] = leaves(row.children ?? [], depth, plan);
    info[label] = { count: row.count, percentage: total === 0 ? 0 : Math.round((10000 * row.count) / total) / 100 };
  }
  return { results, info };
}
