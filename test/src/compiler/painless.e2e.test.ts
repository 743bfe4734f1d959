/** The generated bucket_script and the reader's evaluator agree, on the real engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src/backend/engine-client.js';
import { loadIndex } from '../../../src/demo/load.js';
import { toBucketScript } from '../../../src/compiler/painless.js';
import { evaluate } from '../../../src/ir/evaluate.js';
import type { Expr } from '../../../src/ir/nodes.js';
import { engineUrl } from '../../helpers/harness.js';
import { describeNeeds } from '../../helpers/engine.js';

const index = `t-painless-${process.pid}`;
let engine: EngineClient;
beforeAll(async () => {
  engine = new EngineClient(engineUrl(), 30_000);
  await loadIndex(engine, {
    index,
    mapping: { properties: { g: { type: 'keyword' }, a: { type: 'double' }, b: { type: 'double' } } },
    docs: [{ g: 'x', a: 6, b: 3 }, { g: 'y', a: 5, b: 0 }, { g: 'z', a: 2 }],
  });
});
afterAll(async () => engine?.request('DELETE', `/${index}`));

const col = (column: string): Expr => ({ kind: 'column', column });
const exprs: Record<string, Expr> = {
  ratio_null: { kind: 'binary', op: '/', left: col('a'), right: col('b'), onZeroDivisor: 'null' },
  ratio_zero: { kind: 'binary', op: '/', left: col('a'), right: col('b'), onZeroDivisor: 'zero' },
  mixed: {
    kind: 'binary', op: '-', onZeroDivisor: 'null',
    left: { kind: 'binary', op: 'pow', left: col('a'), right: { kind: 'const', value: 2 }, onZeroDivisor: 'null' },
    right: { kind: 'call', fn: 'greatest', args: [{ kind: 'neg', operand: col('b') }, { kind: 'const', value: 1.5 }, { kind: 'count' }] },
  },
  // a / 4 is 1.5, 1.25, 0.5: round goes half away from zero on both signs
  math: {
    kind: 'binary', op: '+', onZeroDivisor: 'null',
    left: { kind: 'call', fn: 'round', args: [{ kind: 'binary', op: '/', left: col('a'), right: { kind: 'const', value: 4 }, onZeroDivisor: 'null' }] },
    right: {
      kind: 'binary', op: '+', onZeroDivisor: 'null',
      left: { kind: 'call', fn: 'round', args: [{ kind: 'neg', operand: { kind: 'binary', op: '/', left: col('a'), right: { kind: 'const', value: 4 }, onZeroDivisor: 'null' } }] },
      right: { kind: 'binary', op: '*', onZeroDivisor: 'null', left: { kind: 'call', fn: 'ceil', args: [{ kind: 'const', value: 0.25 }] }, right: { kind: 'call', fn: 'floor', args: [{ kind: 'call', fn: 'abs', args: [{ kind: 'neg', operand: col('a') }] }] } },
    },
  },
  sqrt_null: { kind: 'call', fn: 'sqrt', args: [{ kind: 'binary', op: '-', left: col('b'), right: { kind: 'const', value: 1 }, onZeroDivisor: 'null' }] },
};

describeNeeds('bucketScript')('bucket_script templates', () => {
  it.each(Object.keys(exprs))('%s: engine and reader give the same values', async (name) => {
    const expr = exprs[name] as Expr;
    const script = toBucketScript(expr, (c) => `s_${c}`);
    // constants travel as params, never inside the source
    expect(script.bucket_script.script.source).not.toMatch(/\d\.5|\b2\b/);
    const res = await engine.search(index, {
      size: 0,
      aggs: { groups: { composite: { sources: [{ g: { terms: { field: 'g' } } }] }, aggs: { s_a: { sum: { field: 'a' } }, s_b: { max: { field: 'b' } }, out: script } } },
    });
    const buckets = (res.aggregations?.groups as { buckets: Record<string, any>[] }).buckets;
    for (const b of buckets) {
      const values = { a: b.s_a.value as number, b: b.s_b.value as number | null };
      const fromEngine = b.out?.value ?? null;
      expect(fromEngine, `${name} ${b.key.g}`).toEqual(evaluate(expr, b.doc_count as number, values));
    }
  });
});
