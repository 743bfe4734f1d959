/**
 * DataSketches quantiles (`quantilesDoublesSketch`, read by `quantilesDoublesSketchToQuantile`;
 * Druid SQL's APPROX_QUANTILE_DS): an approximate distribution, here the engine's t-digest
 * percentiles (`accuracy.percentilesCompression`; the sketch's `k` is accepted without effect), one
 * percentile per fraction a post-aggregator asks of it. The aggregator's own value is, as Druid
 * finalizes it, the number of values (N).
 */
import type { Metric } from '../../src/ir/nodes.js';
import { fail, isObj, str, type Json, type Obj } from './parse-common.js';
import type { Aggregator, PostAggregator } from './types.js';

export function parseSketchAggregator(v: Obj, name: string, at: string): Aggregator {
  if (v.k !== undefined && (typeof v.k !== 'number' || !Number.isInteger(v.k) || v.k < 2 || v.k > 32768)) fail('k must be an integer between 2 and 32768', `${at}/k`);
  return { type: 'quantilesDoublesSketch', name, fieldName: str(v.fieldName, `${at}/fieldName`, 'fieldName'), at };
}

export function parseQuantilePost(v: Obj, name: string, at: string): PostAggregator {
  const field: Json = v.field;
  if (!isObj(field) || field.type !== 'fieldAccess') fail('field must be a fieldAccess of a quantilesDoublesSketch aggregator', `${at}/field`);
  const fraction = v.fraction;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) fail('fraction must be a number between 0 and 1', `${at}/fraction`);
  return { type: 'quantilesDoublesSketchToQuantile', name, fieldName: str(field.fieldName, `${at}/field/fieldName`, 'fieldName'), fraction, at };
}

/** A fraction as the engine's percent (0.95 → 95, not 95.00000000000001). */
export const percentOf = (fraction: number): number => Number((fraction * 100).toPrecision(12));

/** The engine's key of a percent: Java's Double.toString (`50.0`, `99.9`). */
export const percentKey = (percent: number): string => (Number.isInteger(percent) ? `${percent}.0` : String(percent));

/** The hidden metric holding a sketch's percentiles (its visible value is the count). */
export const sketchColumn = (name: string): string => `${name}:quantiles`;

/** The fractions the query's post-aggregators ask of each sketch, as percents. */
export function sketchPercents(posts: readonly PostAggregator[]): (name: string) => number[] {
  const byName = new Map<string, Set<number>>();
  const walk = (p: PostAggregator): void => {
    if (p.type === 'quantilesDoublesSketchToQuantile') byName.set(p.fieldName, (byName.get(p.fieldName) ?? new Set()).add(percentOf(p.fraction)));
    if ('fields' in p) p.fields.forEach(walk);
  };
  posts.forEach(walk);
  return (name) => [...(byName.get(name) ?? [50])].sort((a, b) => a - b);
}

/** The metrics of a sketch: the count of values (its own value) and the percentiles the posts read. */
export function sketchMetrics(name: string, field: string, percents: readonly number[], compression: number, origin: string, filter: Pick<Extract<Metric, { kind: 'count' }>, 'filter'>): Metric[] {
  return [
    { kind: 'stats', name, field, project: 'count', origin, ...filter },
    { kind: 'percentiles', name: sketchColumn(name), field, percents, compression, origin, ...filter },
  ];
}
