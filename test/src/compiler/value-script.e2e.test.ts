/**
 * Value scripts with shared sub-expressions give, on the real engine, the values the tree means:
 * each document's value computed here by an evaluator of our own (memoized per node, null for a
 * missing field or a zero divisor), compared with the engine's per-document max of the script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src/backend/engine-client.js';
import { loadIndex } from '../../../src/demo/load.js';
import type { ValueExpr } from '../../../src/ir/nodes.js';
import { scriptFieldNames, valueScript } from '../../../src/compiler/value-script.js';
import { engineUrl } from '../../helpers/harness.js';
import { describeNeeds } from '../../helpers/engine.js';

type Doc = { id: string; a?: number; b?: number };
const docs: Doc[] = [{ id: 'p', a: 6, b: 3 }, { id: 'q', a: 5, b: 0 }, { id: 'r', a: 2 }, { id: 's', a: -1.5, b: 4 }, { id: 't', a: 2, b: 8 }];
const index = `t-value-script-${process.pid}`;
let engine: EngineClient;
beforeAll(async () => {
  engine = new EngineClient(engineUrl(), 30_000);
  await loadIndex(engine, { index, mapping: { properties: { id: { type: 'keyword' }, a: { type: 'double' }, b: { type: 'double' } } }, docs });
});
afterAll(async () => engine?.request('DELETE', `/${index}`));

const field = (f: 'a' | 'b'): ValueExpr => ({ kind: 'field', field: f });
const bin = (op: '+' | '-' | '*' | '/', left: ValueExpr, right: ValueExpr): ValueExpr => ({ kind: 'binary', op, left, right });

/** The tree's value for one document: null when a field is missing or any divisor is zero. */
function expected(e: ValueExpr, d: Doc): number | null {
  const memo = new Map<ValueExpr, number | null>();
  const ev = (x: ValueExpr): number | null => {
    if (memo.has(x)) return memo.get(x) as number | null;
    let v: number | null;
    if (x.kind === 'field') v = (d as Record<string, unknown>)[x.field] === undefined ? null : ((d as Record<string, unknown>)[x.field] as number);
    else if (x.kind === 'const') v = x.value;
    else if (x.kind === 'neg') v = ((o) => (o === null ? null : -o))(ev(x.operand));
    else {
      const l = ev(x.left);
      const r = ev(x.right);
      v = l === null || r === null ? null : x.op === '+' ? l + r : x.op === '-' ? l - r : x.op === '*' ? l * r : r === 0 ? null : l / r;
    }
    memo.set(x, v);
    return v;
  };
  // the script checks every field and divisor, wherever it sits: null if any of them fails
  const all = [...new Set(walk(e))];
  if (all.some((x) => x.kind === 'binary' && x.op === '/' && ev(x.right) === 0)) return null;
  return ev(e);
}

function walk(e: ValueExpr, seen = new Set<ValueExpr>()): Set<ValueExpr> {
  if (seen.has(e)) return seen;
  seen.add(e);
  if (e.kind === 'neg') walk(e.operand, seen);
  if (e.kind === 'binary') {
    walk(e.left, seen);
    walk(e.right, seen);
  }
  return seen;
}

const half = bin('/', field('a'), field('b'));
const sq = bin('*', half, half);
const cases: Record<string, ValueExpr> = {
  'a field used by two others, with a shared divisor': bin('-', bin('+', sq, half), bin('/', half, bin('-', field('a'), { kind: 'const', value: 2 }))),
  'a field doubling 40 levels deep': (() => {
    let v = bin('+', field('a'), field('b'));
    for (let i = 0; i < 40; i++) v = bin('+', v, v);
    return v;
  })(),
};

describeNeeds('scripts')('shared value scripts on the engine', () => {
  it.each(Object.keys(cases))('%s: engine values equal the tree\'s', async (name) => {
    const expr = cases[name] as ValueExpr;
    const script = valueScript(expr, scriptFieldNames(expr));
    const res = await engine.search(index, {
      size: 0,
      aggs: { ids: { terms: { field: 'id', size: 10 }, aggs: { v: { max: { script } } } } },
    });
    const buckets = (res.aggregations?.ids as { buckets: { key: string; v: { value: number | null } }[] }).buckets;
    const got = Object.fromEntries(buckets.map((b) => [b.key, b.v.value]));
    for (const d of docs) {
      const want = expected(expr, d);
      if (want === null) expect(got[d.id], d.id).toBeNull();
      else expect(got[d.id], d.id).toBeCloseTo(want, 6);
    }
  });
});
