/**
 * IR → engine requests + read plan + notes. The only place that decides how a question is asked.
 *
 * Strategy: every level of grouping is answered exactly. Open keys (terms, histogram, date
 * histogram) become one `composite` aggregation that the executor pages with `after_key` to
 * completion; fixed keys (ranges, filters) become one `filters` bucket per bucket combination,
 * many combinations to a search (fixed-scans.ts). Level i is
 * grouped by the keys of levels 0..i, so the reader can nest and cut rows per parent with exact
 * counts (no lossy `terms` size, no shard_size guessing).
 */
import type { AggQuery, Expr, GroupKey, GroupLevel, Metric } from '../ir/nodes.js';
import type { DatasetSchema } from '../ir/schema.js';
import { and } from '../ir/predicate.js';
import { assertDistinctNames } from '../ir/names.js';
import { compilePredicate } from './predicates.js';
import { compileKey, fixedCombinations, type FixedKey, type OpenKey } from './group-keys.js';
import { fixedChunks, pageSizeWith } from './fixed-scans.js';
import { compileMetric } from './metrics.js';
import { bucketPath } from './metric-kinds.js';
import { toBucketScript } from './painless.js';
import { inlinePost, scriptFits } from './post-inline.js';
import type { FieldScope } from './value-source.js';
import { histogramTotals } from './running-totals.js';
import { ELEMENTS_AGG, JOIN_AGG, joinedLevelQuery, levelJoin, metricHops, withoutElements } from './joins.js';
import { COMPOSITE_AGG, type CompiledQuery, type KeyPlan, type LevelPlan, type MetricPlan, type ScanSpec } from './plan.js';

/** What the engine can do (src/backend/capabilities.ts); the compiler reads scripts, bucketScript, cumulativeSum. */
export type { Capabilities } from '../backend/capabilities.js';
import type { Capabilities } from '../backend/capabilities.js';

export interface CompileOptions {
  readonly index: string;
  readonly schema: DatasetSchema;
  readonly caps: Capabilities;
  readonly compositePageSize: number;
}

export function compile(q: AggQuery, o: CompileOptions): CompiledQuery {
  assertDistinctNames(q);
  const notes: string[] = [];
  const scans: ScanSpec[] = [];
  const levels: LevelPlan[] = [];
  const scope: FieldScope = { schema: o.schema, caps: o.caps, ...(q.virtualFields ? { virtual: q.virtualFields } : {}) };
  q.levels.forEach((level, i) => {
    const keys: GroupKey[] = q.levels.slice(0, i + 1).flatMap((l) => l.keys);
    const filter = and(q.filter, ...q.levels.slice(0, i + 1).map((l) => l.filter));
    let orphanMetrics: MetricPlan[] | undefined;
    const join = levelJoin(keys, level.metrics, filter, scope);
    if (join) notes.push(`level ${i}: one row per joined element of ${join.path} (nested aggregation), as SQL joins a to-many association`);
    const open: OpenKey[] = [];
    const fixed: FixedKey[] = [];
    const keyPlans: KeyPlan[] = [];
    keys.forEach((k, j) => {
      const c = compileKey(k, `k${j}`, scope);
      if ('open' in c) {
        open.push(c.open);
        keyPlans.push(c.open.plan);
      } else {
        fixed.push(c.fixed);
        keyPlans.push({ name: c.fixed.name, decode: 'raw' });
      }
    });
    // the level's metrics asked from `from` (its join path, or the document for the LEFT JOIN's null row)
    const metricsFrom = (from: string | undefined): { aggs: Record<string, unknown>; plans: MetricPlan[] } => {
      const aggs: Record<string, unknown> = {};
      const plans = level.metrics.map((m, j) => {
        const c = compileMetric(m, `m${j}`, scope, metricHops(m, from, filter, scope));
        if (c.agg) aggs[c.plan.agg] = c.agg;
        notes.push(...c.notes);
        return c.plan;
      });
      return { aggs, plans };
    };
    const compiled = metricsFrom(join?.path);
    let metricAggs = compiled.aggs;
    const metricPlans = compiled.plans;
    const enginePost: Record<string, string> = {};
    // a joined level's values sit below hops and an element filter: the reader computes its post-metrics
    if (open.length > 0 && o.caps.bucketScript && !join) {
      level.post.forEach((p, j) => {
        const expr = p.kind === 'expr' ? inlinePost(p.expr, level.post) : undefined;
        const paths = expr ? scriptPaths(expr, level.metrics, metricPlans) : undefined;
        if (!expr || !paths) return;
        const script = toBucketScript(expr, (col, part) => paths(col, part), (col) => nullGuard(col, level.metrics, metricPlans));
        // too large a script for the engine: the reader computes this one
        if (!scriptFits(script.bucket_script.script.source)) return;
        metricAggs[`p${j}`] = script;
        enginePost[p.name] = `p${j}`;
      });
    }
    const onlyKey = q.levels.length === 1 && fixed.length === 0 && open.length === 1 && !join ? open[0] : undefined;
    const histogram = onlyKey && histogramTotals(onlyKey, level, metricPlans, enginePost, o.caps);
    if (histogram) {
      Object.assign(metricAggs, histogram.aggs);
      Object.assign(enginePost, histogram.enginePost);
    }
    notes.push(...strategyNotes(level, enginePost));
    if (join?.elements) {
      const inner = Object.keys(metricAggs).length > 0 ? { aggs: metricAggs } : {};
      metricAggs = { [ELEMENTS_AGG]: { filter: compilePredicate(join.elements, o.schema, join.path), ...inner } };
    }
    const where = join ? joinedLevelQuery(filter, join, o.schema) : filter ? compilePredicate(filter, o.schema) : undefined;
    const query = where ?? { match_all: {} };
    const compositeOf = (size: number, inner: Record<string, unknown>): Record<string, unknown> => {
      const groups = {
        [COMPOSITE_AGG]: {
          composite: { size, sources: open.map((k) => ({ [k.plan.source as string]: k.source })) },
          ...(Object.keys(inner).length > 0 ? { aggs: inner } : {}),
        },
      };
      return join ? { [JOIN_AGG]: { nested: { path: join.path }, aggs: groups } } : groups;
    };
    const under = join ? { under: JOIN_AGG } : {};
    const bodyOf = (aggs: Record<string, unknown>): Record<string, unknown> => ({
      size: 0,
      track_total_hits: true,
      query,
      ...(Object.keys(aggs).length > 0 ? { aggs } : {}),
    });
    if (fixed.length === 0) {
      if (histogram && onlyKey) {
        scans.push({ kind: 'histogram', level: i, source: onlyKey.plan.source as string, body: bodyOf({ [COMPOSITE_AGG]: { ...histogram.agg, aggs: metricAggs } }) });
      } else if (open.length > 0) {
        scans.push({ kind: 'composite', level: i, ...under, body: bodyOf(compositeOf(o.compositePageSize, metricAggs)) });
        if (join?.orphans) {
          // the LEFT JOIN's row of nulls: the documents without elements, their metrics asked of the document
          const orphan = metricsFrom(undefined);
          orphanMetrics = orphan.plans;
          const nulls = Object.fromEntries(keyPlans.map((k) => [k.name, null]));
          for (const chunk of fixedChunks([{ values: nulls, queries: [withoutElements(join.path)] }])) {
            scans.push({ kind: 'fixed', level: i, combinations: chunk.values, body: bodyOf(chunk.agg(orphan.aggs)) });
          }
        }
      } else {
        scans.push({ kind: 'single', level: i, body: bodyOf(metricAggs) });
      }
    } else {
      for (const chunk of fixedChunks(fixedCombinations(fixed))) {
        const inner = chunk.agg(metricAggs);
        scans.push(
          open.length > 0
            ? { kind: 'fixedComposite', level: i, combinations: chunk.values, body: bodyOf(compositeOf(pageSizeWith(chunk.values.length, o.compositePageSize), inner)) }
            : { kind: 'fixed', level: i, combinations: chunk.values, body: bodyOf(inner) },
        );
      }
    }
    levels.push({
      keys: keyPlans,
      metrics: metricPlans,
      enginePost,
      level,
      ...(join ? { joined: true } : {}),
      ...(join?.elements ? { elements: ELEMENTS_AGG } : {}),
      ...(orphanMetrics ? { orphans: orphanMetrics } : {}),
    });
  });
  return { index: o.index, scans, plan: { levels }, notes: [...new Set(notes)] };
}

/** Which post-metrics the engine was asked for and which the reader computes (explain shows these). */
function strategyNotes(level: GroupLevel, enginePost: Readonly<Record<string, string>>): string[] {
  return level.post.map((p) => {
    const pipeline = p.kind === 'expr' ? 'bucket_script' : 'cumulative_sum';
    return Object.hasOwn(enginePost, p.name)
      ? `${p.name}: computed by the engine (${pipeline})`
      : `${p.name}: computed by the reader`;
  });
}

const planOf = (column: string, metrics: readonly Metric[], plans: readonly MetricPlan[]): MetricPlan | undefined =>
  plans[metrics.findIndex((m) => m.name === column)];

/** A projected stats column is null when its group has no values: the path of that count. */
function nullGuard(column: string, metrics: readonly Metric[], plans: readonly MetricPlan[]): string | undefined {
  const plan = planOf(column, metrics, plans);
  if (!plan?.project || plan.project === 'count') return undefined;
  return bucketPath({ ...plan, project: 'count' });
}

/** buckets_path for each column an expression reads, or undefined if one is not engine-addressable. */
function scriptPaths(
  e: Expr,
  metrics: readonly Metric[],
  plans: readonly MetricPlan[],
): ((column: string, part?: string) => string) | undefined {
  const resolve = (column: string, part?: string): string | undefined => bucketPath(planOf(column, metrics, plans), part);
  const ok = (x: Expr): boolean => {
    switch (x.kind) {
      case 'column':
        return resolve(x.column, x.part) !== undefined;
      case 'neg':
        return ok(x.operand);
      case 'binary':
        return ok(x.left) && ok(x.right);
      case 'call':
        return x.args.every(ok);
      default:
        return true;
    }
  };
  return ok(e) ? (c, p) => resolve(c, p) as string : undefined;
}
