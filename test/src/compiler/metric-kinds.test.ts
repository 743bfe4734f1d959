/** The metric registry: every kind's empty-group rule, and the compiler and reader agreeing through it. */
import { describe, expect, it } from 'vitest';
import { METRIC_KINDS, bucketPath } from '../../../src/compiler/metric-kinds.js';
import { compileMetric } from '../../../src/compiler/metrics.js';
import { readMetric } from '../../../src/reader/metric-values.js';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { ALL_CAPABILITIES } from '../../../src/backend/capabilities.js';
import type { Metric } from '../../../src/ir/nodes.js';

const schema = schemaFromMapping('s', { amount: { type: 'double' }, at: { type: 'date' }, shop: { type: 'keyword' } } as never);
const scope = { schema, caps: ALL_CAPABILITIES };

describe('metric kinds', () => {
  it('states the empty-group value of every kind: 0 for counts and sums, null otherwise', () => {
    const empty = Object.fromEntries(Object.entries(METRIC_KINDS).map(([k, d]) => [k, d.empty]));
    expect(empty).toEqual({
      count: 0, sum: 0, valueCount: 0, cardinality: 0,
      avg: null, min: null, max: null, stats: null, extendedStats: null, first: null, last: null, percentiles: null,
    });
  });

  it('reads an absent aggregation (an empty group) as the kind says', () => {
    const metrics: Metric[] = [
      { kind: 'count', name: 'c', filter: { kind: 'exists', field: 'amount' } },
      { kind: 'sum', name: 's', field: 'amount' },
      { kind: 'avg', name: 'a', field: 'amount' },
      { kind: 'cardinality', name: 'd', field: 'shop', precisionThreshold: 100 },
    ];
    const values = metrics.map((m, i) => readMetric(compileMetric(m, `m${i}`, scope).plan, 0, {}));
    expect(values).toEqual([0, 0, null, 0]);
  });

  it('gives one buckets_path per read kind, none where only the reader can read the value', () => {
    const plan = (m: Metric) => compileMetric(m, 'm0', scope).plan;
    expect(bucketPath(plan({ kind: 'count', name: 'c' }))).toBe('_count');
    expect(bucketPath(plan({ kind: 'sum', name: 's', field: 'amount', filter: { kind: 'exists', field: 'amount' } }))).toBe('m0>v');
    expect(bucketPath(plan({ kind: 'extendedStats', name: 'x', field: 'amount' }), 'variance')).toBe('m0.variance');
    expect(bucketPath(plan({ kind: 'stats', name: 'x', field: 'amount', project: 'sum' }))).toBe('m0.sum');
    expect(bucketPath(plan({ kind: 'percentiles', name: 'p', field: 'amount', percents: [50], compression: 100 }))).toBeUndefined();
    expect(bucketPath(plan({ kind: 'last', name: 'l', field: 'amount', timeField: 'at' }))).toBeUndefined();
    expect(bucketPath(plan({ kind: 'max', name: 'x', field: 'amount', truncate: true }))).toBeUndefined();
  });
});
