/** Druid's expression language: the tree (precedence, associativity, literals), and errors with positions. */
import { describe, expect, it } from 'vitest';
import { parseExpression, type DruidExpr } from '../../../translators/druid/expr-parse.js';
import { checkFunctions, toPostExpr, toValueExpr } from '../../../translators/druid/expr-lower.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

/** The tree printed with full parentheses, positions left out. */
function show(e: DruidExpr): string {
  switch (e.kind) {
    case 'null':
      return 'null';
    case 'long':
    case 'double':
      return `${e.kind}:${e.value}`;
    case 'string':
      return `'${e.value}'`;
    case 'identifier':
      return `"${e.name}"`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(', ')})`;
  }
}
const p = (s: string) => show(parseExpression(s, '/e'));

function errorOf(f: () => unknown): { message: string; pointer?: string; offset?: number } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ProxyError) || e.detail.kind !== 'invalid_request') throw e;
    return { message: e.detail.message, pointer: e.detail.at.pointer, offset: e.detail.at.position?.offset };
  }
  throw new Error('no error');
}

describe('druid expression parser', () => {
  it('follows Druid precedence: unary, ^ (right), * / %, + -, comparisons, &&, ||', () => {
    expect(p('1 + 2 * 3')).toBe('(long:1 + (long:2 * long:3))');
    expect(p('1 - 2 - 3')).toBe('((long:1 - long:2) - long:3)');
    expect(p('2 ^ 3 ^ 2')).toBe('(long:2 ^ (long:3 ^ long:2))');
    expect(p('-2 ^ 2')).toBe('((-long:2) ^ long:2)');
    expect(p('"a" > 1 && "b" < 2 || !"c"')).toBe('(((\"a\" > long:1) && (\"b\" < long:2)) || (!\"c\"))');
    expect(p('(1 + 2) * 3 % 4')).toBe('(((long:1 + long:2) * long:3) % long:4)');
    expect(p('a == b != c')).toBe('(("a" == "b") != "c")');
  });

  it('reads literals, quoted identifiers, null and calls', () => {
    expect(p("concat('it''s', \"x y\", null)".replace("''", "\\'"))).toBe("concat('it's', \"x y\", null)");
    expect(p('1.5e2 + .5 + 7')).toBe('((double:150 + double:0.5) + long:7)');
    expect(p('pi()')).toBe('pi()');
    expect(p('"\\u0041"')).toBe('"A"');
    expect(p('if(x > 1, \'big\', \'small\')')).toBe("if((\"x\" > long:1), 'big', 'small')");
  });

  it('points at the offending position', () => {
    expect(errorOf(() => parseExpression('1 + ', '/postAggregations/0/expression'))).toMatchObject({ pointer: '/postAggregations/0/expression', offset: 4 });
    expect(errorOf(() => parseExpression('"a" # 2', '/e'))).toMatchObject({ offset: 4, message: expect.stringContaining("Unexpected character '#'") });
    expect(errorOf(() => parseExpression("'abc", '/e'))).toMatchObject({ offset: 0, message: expect.stringContaining('Unterminated string') });
    expect(errorOf(() => parseExpression('f(1, 2', '/e'))).toMatchObject({ offset: 6 });
    expect(errorOf(() => parseExpression('1 2', '/e'))).toMatchObject({ offset: 2 });
    expect(errorOf(() => parseExpression('', '/e'))).toMatchObject({ offset: 0 });
    expect(errorOf(() => parseExpression('1 +\n  )', '/e')).message).toContain('line 2, column 3');
    expect(errorOf(() => parseExpression('99999999999999999999', '/e')).message).toContain('outside');
  });

  it('bounds nesting so a hostile expression cannot exhaust the stack', () => {
    expect(errorOf(() => parseExpression('('.repeat(10_000) + '1' + ')'.repeat(10_000), '/e')).message).toContain('nested deeper');
    expect(errorOf(() => parseExpression('-'.repeat(10_000) + '1', '/e')).message).toContain('nested deeper');
  });

  it('unknown functions name themselves and their position; known but unlowered ones too', () => {
    const text = '"a" + frobnicate(1)';
    expect(errorOf(() => checkFunctions(parseExpression(text, '/e'), '/e', text))).toMatchObject({ offset: 6, message: expect.stringContaining('Function [frobnicate] is not a known Druid function') });
    const t2 = 'cbrt("a")';
    expect(errorOf(() => toPostExpr(parseExpression(t2, '/e'), { typeOf: () => 'double' }, '/e', t2))).toMatchObject({ offset: 0, message: expect.stringContaining('Function [cbrt] is not supported here yet') });
  });

  it('lowers abs / ceil / floor / round / sqrt to IR calls; div of two longs to integer division', () => {
    const cols = { typeOf: (n: string) => (n === 'rows' ? 'long' as const : 'double' as const) };
    const t = 'abs(round("s", 0)) + div("rows", 2)';
    expect(toPostExpr(parseExpression(t, '/e'), cols, '/e', t)).toEqual({
      kind: 'binary', op: '+', onZeroDivisor: 'null',
      left: { kind: 'call', fn: 'abs', args: [{ kind: 'call', fn: 'round', args: [{ kind: 'column', column: 's' }] }] },
      right: { kind: 'binary', op: 'div', onZeroDivisor: 'null', left: { kind: 'column', column: 'rows' }, right: { kind: 'const', value: 2 } },
    });
  });

  it('lowers arithmetic to bucket-level and per-document IR, long / long as integer division', () => {
    const cols = { typeOf: (n: string) => (n === 'rows' ? 'long' as const : n === 'sum' ? 'double' as const : undefined) };
    const t = '("sum" / "rows") * 2 ^ 2';
    expect(toPostExpr(parseExpression(t, '/e'), cols, '/e', t)).toEqual({
      kind: 'binary', op: '*', onZeroDivisor: 'null',
      left: { kind: 'binary', op: '/', left: { kind: 'column', column: 'sum' }, right: { kind: 'column', column: 'rows' }, onZeroDivisor: 'null' },
      right: { kind: 'binary', op: 'pow', left: { kind: 'const', value: 2 }, right: { kind: 'const', value: 2 }, onZeroDivisor: 'null' },
    });
    const t2 = '"rows" / 2';
    expect(toPostExpr(parseExpression(t2, '/e'), cols, '/e', t2)).toEqual({ kind: 'binary', op: 'div', left: { kind: 'column', column: 'rows' }, right: { kind: 'const', value: 2 }, onZeroDivisor: 'null' });
    const t3 = '"nope" + 1';
    expect(errorOf(() => toPostExpr(parseExpression(t3, '/e'), cols, '/e', t3))).toMatchObject({ offset: 0, message: expect.stringContaining('Unknown column [nope]') });
    const doc = { numeric: (n: string) => (n === 'index' ? { expr: { kind: 'field' as const, field: 'index' }, type: 'double' as const } : undefined) };
    const t4 = '-"index" * 2';
    expect(toValueExpr(parseExpression(t4, '/e'), doc, '/e', t4)).toEqual({ kind: 'binary', op: '*', left: { kind: 'neg', operand: { kind: 'field', field: 'index' } }, right: { kind: 'const', value: 2 } });
    const t5 = '"market" + 1';
    expect(errorOf(() => toValueExpr(parseExpression(t5, '/e'), doc, '/e', t5))).toMatchObject({ offset: 0, message: expect.stringContaining('not a numeric column') });
  });
});

describe('druid parser collects every problem (issue 15)', () => {
  it('a request with three problems gets three diagnostics, in request order', async () => {
    const { parseQuery } = await import('../../../translators/druid/parse.js');
    try {
      parseQuery({
        queryType: 'groupBy', dataSource: 'testing', intervals: ['bad'], granularity: 'all',
        aggregations: [{ type: 'fancySum', name: 'x' }, { type: 'count', name: 'ok' }],
        postAggregations: [{ type: 'expression', name: 'p', expression: '1 +' }],
      });
    } catch (e) {
      if (!(e instanceof ProxyError) || e.detail.kind !== 'invalid_request') throw e;
      expect(e.detail.diagnostics?.map((d) => d.at.pointer)).toEqual(['/intervals/0', '/aggregations/0/type', '/postAggregations/0/expression']);
      return;
    }
    throw new Error('no error');
  });
});
