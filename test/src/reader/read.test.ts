/** The reader's post-processing over synthetic engine answers: post-metrics, having, order, running totals, nesting. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compiler/compile.js';
import { read } from '../../../src/reader/read.js';
import { schemaFromMapping } from '../../../src/backend/schema.js';
import type { AggQuery } from '../../../src/ir/nodes.js';
import type { ScanResult } from '../../../src/executor/execute.js';
import { only } from '../../../src/backend/capabilities.js';

const schema = schemaFromMapping('s', { shop: { type: 'keyword' }, month: { type: 'date' }, amount: { type: 'double' } } as never);

const query: AggQuery = {
  kind: 'AggQuery',
  dataset: 's',
  levels: [
    {
      keys: [{ kind: 'terms', name: 'shop', field: 'shop', missing: 'group' }],
      metrics: [{ kind: 'sum', name: 'total', field: 'amount' }],
      post: [],
      having: { kind: 'compare', column: 'total', op: 'gt', value: 1 },
      order: [{ column: 'total', direction: 'desc', compare: 'natural' }],
      offset: 0,
      limit: 2,
    },
    {
      keys: [{ kind: 'dateHistogram', name: 'month', field: 'month', interval: { calendar: 'month' }, timeZone: 'UTC', missing: 'exclude' }],
      metrics: [{ kind: 'sum', name: 'amount', field: 'amount' }],
      post: [
        { kind: 'expr', name: 'per_doc', expr: { kind: 'binary', op: '/', left: { kind: 'column', column: 'amount' }, right: { kind: 'count' }, onZeroDivisor: 'null' } },
        { kind: 'runningTotal', name: 'cumulative', of: 'amount' },
      ],
      order: [{ column: 'month', direction: 'asc', compare: 'natural' }],
      offset: 0,
      limit: null,
    },
  ],
};

describe('reader', () => {
  it('computes post-metrics, filters, orders, cuts and nests', () => {
    // scripts off: the reader evaluates the post-metrics itself
    const c = compile(query, { index: 'i', schema, caps: only(), compositePageSize: 10 });
    expect(c.scans.map((s) => [s.kind, s.level])).toEqual([['composite', 0], ['composite', 1]]);
    const b = (key: Record<string, unknown>, n: number, sum: number) => ({ key, doc_count: n, m0: { value: sum } });
    const scans: ScanResult[] = [
      { kind: 'rows', level: 0, fixed: {}, total: 9, buckets: [b({ k0: 'a' }, 3, 30), b({ k0: 'b' }, 4, 50), b({ k0: null }, 1, 1), b({ k0: 'c' }, 1, 5)] },
      {
        kind: 'rows',
        level: 1,
        fixed: {},
        total: 9,
        buckets: [b({ k0: 'a', k1: 2 }, 1, 10), b({ k0: 'a', k1: 1 }, 2, 20), b({ k0: 'b', k1: 1 }, 4, 50), b({ k0: 'c', k1: 1 }, 1, 5)],
      },
    ];
    const t = read(c.plan, scans);
    expect(t.total).toBe(9);
    expect(t.groupCount).toBe(3);
    expect(t.rows.map((r) => [r.keys.shop, r.values.total])).toEqual([['b', 50], ['a', 30]]);
    expect(t.rows[1]!.children!.map((r) => [r.keys.month, r.values.per_doc, r.values.cumulative])).toEqual([
      [1, 10, 20],
      [2, 10, 30],
    ]);
  });
});
