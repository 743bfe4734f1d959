/**
 * Engine responses + read plan → result table. Decodes every scan into flat rows per level, then
 * lets post.ts compute what the engine did not (post-metrics, having, order, running totals, cuts)
 * and nest the levels.
 */
import type { KeyValue, MetricValue } from '../ir/nodes.js';
import type { KeyPlan, LevelPlan, MetricPlan, ReadPlan } from '../compiler/plan.js';
import type { ScanResult } from '../executor/execute.js';
import type { ResultRow, ResultTable } from '../ir/result.js';
import { finishLevel, nest, type FinishedLevel } from './post.js';
import { runSteps, runStepsInSlices } from '../util/slices.js';
import { readMetric } from './metric-values.js';

export function read(plan: ReadPlan, scans: readonly ScanResult[], notes: readonly string[] = []): ResultTable {
  return runSteps(readSteps(plan, scans, notes));
}

/** The same table, with the event loop let through between levels: 63 nested levels of 7,000 rows take seconds. */
export function readInSlices(plan: ReadPlan, scans: readonly ScanResult[], notes: readonly string[] = []): Promise<ResultTable> {
  return runStepsInSlices(readSteps(plan, scans, notes));
}

function* readSteps(plan: ReadPlan, scans: readonly ScanResult[], notes: readonly string[]): Generator<void, ResultTable> {
  const perLevel: ResultRow[][] = plan.levels.map(() => []);
  for (const scan of scans) {
    const lp = plan.levels[scan.level] as LevelPlan;
    const rows = perLevel[scan.level] as ResultRow[];
    if (scan.kind === 'rows') {
      for (const b of scan.buckets) {
        const row = decodeBucket(lp, b, scan.fixed);
        // a joined group whose elements the level's conditions all exclude is no group
        if (!lp.joined || row.count > 0) rows.push(row);
      }
    } else if (lp.orphans) {
      // a joined level's one single-row scan: the documents without elements, a row only if there are any
      const row = decodeRow({ ...lp, metrics: lp.orphans }, scan.fixed, scan.total, scan.aggs);
      if (row.count > 0) rows.push(row);
    } else {
      rows.push(decodeRow(lp, scan.fixed, scan.total, scan.aggs));
    }
    yield;
  }
  const finished: FinishedLevel[] = [];
  for (const [i, lp] of plan.levels.entries()) {
    finished.push(finishLevel(lp, perLevel[i] as ResultRow[]));
    yield;
  }
  const first = scans.find((s) => s.level === 0 && Object.keys(s.fixed).length === 0);
  const top = finished[0];
  return {
    rows: top ? yield* nest(finished, plan) : [],
    groupCount: top ? top.groupCount : 0,
    total: first ? first.total : null,
    notes,
  };
}

function decodeBucket(lp: LevelPlan, b: Record<string, unknown>, fixed: Readonly<Record<string, KeyValue>>): ResultRow {
  const key = (b.key ?? {}) as Record<string, unknown>;
  const inner = lp.elements === undefined ? b : ((b[lp.elements] ?? { doc_count: 0 }) as Record<string, unknown>);
  const count = inner.doc_count as number;
  const row = decodeRow(lp, fixed, count, inner, key);
  const values: Record<string, MetricValue> = { ...row.values };
  for (const [name, agg] of Object.entries(lp.enginePost)) {
    const v = (b[agg] as { value?: number | null } | undefined)?.value;
    values[name] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return { ...row, values };
}

function decodeRow(
  lp: LevelPlan,
  fixed: Readonly<Record<string, KeyValue>>,
  count: number,
  aggs: Readonly<Record<string, unknown>>,
  compositeKey: Record<string, unknown> = {},
): ResultRow {
  const keys: Record<string, KeyValue> = {};
  for (const k of lp.keys) keys[k.name] = k.source ? decodeKey(k, compositeKey[k.source]) : (fixed[k.name] ?? null);
  const values: Record<string, MetricValue> = {};
  for (const m of lp.metrics) values[m.name] = shapeValue(m, readMetric(m, count, aggs));
  return { keys, count, values };
}

function decodeKey(k: KeyPlan, v: unknown): KeyValue {
  if (v === null || v === undefined) return null;
  if (k.decode === 'boolean') return v === true || v === 1 || v === 'true';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** A stats metric projected to one part; a truncated metric toward zero. */
function shapeValue(m: MetricPlan, v: MetricValue): MetricValue {
  let out = v;
  if (m.project) out = v !== null && typeof v === 'object' ? (v[m.project] ?? null) : null;
  if (m.truncate && typeof out === 'number') out = Math.trunc(out);
  return out;
}
