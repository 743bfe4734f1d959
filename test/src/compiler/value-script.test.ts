/**
 * Value scripts compile a shared sub-expression (a virtual field other fields use) once: a local
 * per shared node, in dependency order, so the script grows with the distinct nodes and not with
 * the expanded tree. No engine: the text and params are checked here, the values in
 * value-script.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ValueExpr } from '../../../src/ir/nodes.js';
import { valueFields } from '../../../src/ir/value-expr.js';
import { rangeScript, scriptFieldNames, valueScript } from '../../../src/compiler/value-script.js';

const field = (f: string): ValueExpr => ({ kind: 'field', field: f });
const c = (value: number): ValueExpr => ({ kind: 'const', value });
const bin = (op: '+' | '-' | '*' | '/', left: ValueExpr, right: ValueExpr): ValueExpr => ({ kind: 'binary', op, left, right });

/** v0 = a + b; v_i = v_{i-1} op v_{i-1}: 2^levels nodes written out, levels + 3 distinct ones. */
function doubling(levels: number, op: '+' | '*' = '+'): ValueExpr {
  let v = bin('+', field('a'), field('b'));
  for (let i = 0; i < levels; i++) v = bin(op, v, v);
  return v;
}

describe('value scripts over shared sub-expressions', () => {
  it('compiles a field doubling 40 levels deep (2^40 nodes written out) in a script linear in its levels', () => {
    const s = valueScript(doubling(40), ['a', 'b']);
    expect(s.source.length).toBeLessThan(3000);
    expect(s.params).toEqual({ f0: 'a', f1: 'b' });
    // every level but the top one is used twice: one local each, bound before its use
    const locals = [...s.source.matchAll(/double (t\d+) = /g)].map((m) => m[1]);
    expect(locals).toEqual(Array.from({ length: 40 }, (_, i) => `t${i}`));
    expect(s.source).toContain('double t0 = (x0 + x1); double t1 = (t0 + t0);');
    expect(s.source).toMatch(/double v = \(t39 \+ t39\); return v;$/);
  });

  it('writes an unshared tree out as before, with no locals', () => {
    const e = bin('-', bin('*', bin('/', field('a'), c(2)), c(4)), c(-1));
    const s = valueScript(e, ['sales.a']);
    expect(s.source).toBe(
      'def s0 = doc[params.f0]; if (s0.size() == 0) { return null; } double x0 = s0.value; ' +
        'double d0 = ((double) params.c0); if (d0 == 0.0) { return null; } ' +
        'double v = (((x0 / d0) * ((double) params.c1)) - ((double) params.c2)); return v;',
    );
    expect(s.params).toEqual({ f0: 'sales.a', c0: 2, c1: 4, c2: -1 });
  });

  it('checks a shared divisor once and passes a shared constant once, as a param', () => {
    const half = bin('/', field('a'), c(2));
    const k = c(3);
    const e = bin('+', bin('*', half, k), bin('-', half, k));
    const s = valueScript(e, ['a']);
    expect(s.source.match(/== 0\.0/g)).toHaveLength(1);
    expect(s.source).toContain('double d0 = ((double) params.c0); if (d0 == 0.0) { return null; } double t0 = (x0 / d0);');
    expect(s.source).toContain('double v = ((t0 * ((double) params.c1)) + (t0 - ((double) params.c1)));');
    expect(s.params).toEqual({ f0: 'a', c0: 2, c1: 3 });
    // no user value is ever in the source
    expect(s.source).not.toMatch(/\b[23]\b/);
  });

  it('range filter scripts share the same way', () => {
    const s = rangeScript(doubling(30, '*'), ['a', 'b'], { from: 1, to: 5, toInclusive: true });
    expect(s.source.length).toBeLessThan(2500);
    expect(s.source).toMatch(/double v = \(t29 \* t29\); return v >= params\.lo && v <= params\.hi;$/);
    expect(s.params).toMatchObject({ lo: 1, hi: 5 });
  });

  it('lists fields in valueFields order, walking each shared node once', () => {
    const shared = bin('*', field('b'), field('a'));
    const e = bin('+', bin('-', shared, field('c')), bin('/', shared, bin('+', field('d'), field('a'))));
    expect(scriptFieldNames(e)).toEqual(valueFields(e));
    expect(scriptFieldNames(e)).toEqual(['b', 'a', 'c', 'd']);
    expect(scriptFieldNames(doubling(60))).toEqual(['a', 'b']);
  });
});
