/** The metric registry: every kind's empty-group rule, and the compiler and reader agreeing through it. */
import { describe, expect, it } from 'vitest';
import { bucketPath } from '../../../src/compiler/metric-kinds.js';
import { emptyGroupRow, emptyGroupValue } from '../../../src/ir/empty-group.js';
import { compileMetric } from '../../../src/compiler/metrics.js';
import { readMetric } from '../../../src/reader/metric-values.js';
import { schemaFromMapping } from '../../../src/ir/schema.js';
import { ALL_CAPABILITIES } from '../../../src/backend/capabilities.js';
import type { Metric } from '../../../src/ir/nodes.js';

const schema = schemaFromMapping('s', { amount: { type: 'double' }, at: { type: 'date' }, shop: { type: 'keyword' } } as never);
const scope = { schema, caps: ALL_CAPABILITIES };

describe('metric kinds', () => {
  it('states the empty-group value of every kind: 0 for counts and sums, null otherwise', () => {
    const f = { name: 'x', field: 'amount' };
    const kinds: Metric[] = [
      { kind: 'count', name: 'x' }, { kind: 'sum', ...f }, { kind: 'valueCount', ...f }, { kind: 'cardinality', ...f, precisionThreshold: 10 },
      { kind: 'avg', ...f }, { kind: 'min', ...f }, { kind: 'max', ...f }, { kind: 'stats', ...f, project: 'sum' }, { kind: 'extendedStats', ...f },
      { kind: 'first', ...f, timeField: 'at' }, { kind: 'last', ...f, timeField: 'at' }, { kind: 'percentiles', ...f, percents: [50], compression: 100 },
    ];
    expect(Object.fromEntries(kinds.map((m) => [m.kind, emptyGroupValue(m)]))).toEqual({
      count: 0, sum: 0, valueCount: 0, cardinality: 0,
      avg: null, min: null, max: null, stats: null, extendedStats: null, first: null, last: null, percentiles: null,
    });
  });

  it('lets a metric state its own rule, and the compiler reads the same rule', () => {
    const m: Metric = { kind: 'sum', name: 's', field: 'amount', emptyGroup: null };
    expect(emptyGroupValue(m)).toBeNull();
    expect(readMetric(compileMetric(m, 'm0', scope).plan, 0, {})).toBeNull();
  });

  it('builds an empty group row: count 0, metrics by the rule, post-metrics computed from them', () => {
    const row = emptyGroupRow({
      metrics: [{ kind: 'count', name: 'n' }, { kind: 'stats', name: 's', field: 'amount', project: 'sum' }],
      post: [{ kind: 'expr', name: 'p', expr: { kind: 'binary', op: '+', left: { kind: 'column', column: 'n' }, right: { kind: 'const', value: 1 }, onZeroDivisor: 'null' } }],
    }, { t: 5 });
    expect(row).toEqual({ keys: { t: 5 }, count: 0, values: { n: 0, s: null, p: 1 } });
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
