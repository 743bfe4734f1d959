/** The ODSQL parser: precedence, literals, lists, and errors with clause and character. */
import { describe, expect, it } from 'vitest';
import { parseList, parseOrderBy, parseWhere } from '../../../../translators/opendatasoft/explore/parser.js';
import { OdsqlError } from '../../../../translators/opendatasoft/explore/ast.js';

const fails = (f: () => unknown): OdsqlError => {
  try {
    f();
  } catch (e) {
    if (e instanceof OdsqlError) return e;
    throw e;
  }
  throw new Error('did not fail');
};

describe('where', () => {
  it('binds AND tighter than OR and NOT tighter than AND', () => {
    const e = parseWhere('a = 1 or not b > 2 and c < 3', 64);
    expect(e.kind).toBe('logic');
    if (e.kind !== 'logic') return;
    expect(e.op).toBe('or');
    const right = e.operands[1];
    expect(right?.kind === 'logic' && right.op === 'and' && right.operands[0]?.kind).toBe('not');
  });
  it('reads arithmetic with * over +', () => {
    const e = parseWhere('a + b * 2 >= 10', 64);
    expect(e).toMatchObject({ kind: 'compare', op: '>=', left: { kind: 'arith', op: '+', right: { kind: 'arith', op: '*' } } });
  });
  it('reads literals: strings, dates, booleans, null, backquoted names', () => {
    expect(parseWhere("d >= date'2016-01-01'", 64)).toMatchObject({ right: { kind: 'date', value: '2016-01-01' } });
    expect(parseWhere('`and` = true', 64)).toMatchObject({ left: { kind: 'field', name: 'and' }, right: { kind: 'bool', value: true } });
    expect(parseWhere('x is not null', 64)).toMatchObject({ kind: 'isnull', negated: true });
    expect(parseWhere("s = 'it''s'", 64)).toMatchObject({ right: { kind: 'string', value: "it's" } });
    expect(parseWhere('s = "dq"', 64)).toMatchObject({ right: { kind: 'string', value: 'dq' } });
  });
  it('reads IN lists, ranges, LIKE, field:value and functions', () => {
    expect(parseWhere("c in ('a', 'b')", 64)).toMatchObject({ kind: 'in', items: [{ value: 'a' }, { value: 'b' }] });
    expect(parseWhere('n in [1..10[', 64)).toMatchObject({ kind: 'between', lowInclusive: true, highInclusive: false });
    expect(parseWhere("c not like 'Fr%'", 64)).toMatchObject({ kind: 'like', negated: true, pattern: 'Fr%' });
    expect(parseWhere("country_code:'FR'", 64)).toMatchObject({ kind: 'colon', field: 'country_code', value: { value: 'FR' } });
    expect(parseWhere("search(name, 'x') and startswith(name, 'Ze')", 64)).toMatchObject({ kind: 'logic', operands: [{ kind: 'call', name: 'search' }, { kind: 'call', name: 'startswith' }] });
    expect(parseWhere("'paris'", 64)).toMatchObject({ kind: 'string', value: 'paris' });
  });
  it('names the clause and the character of an error', () => {
    const e = fails(() => parseWhere('a = = 1', 64));
    expect([e.clause, e.at, e.message]).toEqual(['where', 4, "unexpected '='"]);
    expect(fails(() => parseWhere("a = 'x", 64)).message).toBe('unterminated string');
    expect(fails(() => parseWhere('a = 1 b', 64)).at).toBe(6);
    expect(fails(() => parseWhere('and = 1', 64)).message).toContain('backquotes');
  });
  it('bounds nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(fails(() => parseWhere(deep, 64)).message).toContain('nesting');
  });
});

describe('select, group_by, order_by', () => {
  it('keeps each item text as its default name, and aliases', () => {
    const items = parseList('count(*), sum(sales_count) as total, count(distinct store_name)', 'select', 64);
    expect(items.map((i) => [i.text, i.alias])).toEqual([['count(*)', undefined], ['sum(sales_count)', 'total'], ['count(distinct store_name)', undefined]]);
    expect(items[0]?.expr).toMatchObject({ kind: 'call', name: 'count', args: [{ kind: 'star' }] });
    expect(items[2]?.expr).toMatchObject({ distinct: true });
  });
  it('reads range(field, *, a, b, *)', () => {
    const [g] = parseList('range(sales_count, *, 5, 10, *) as r', 'group_by', 64);
    expect(g?.expr).toMatchObject({ kind: 'call', name: 'range', args: [{ kind: 'field' }, { kind: 'star' }, { value: 5 }, { value: 10 }, { kind: 'star' }] });
  });
  it('reads directions and the leading minus', () => {
    expect(parseOrderBy('total desc, store_name, -n', 64).map((o) => [o.text, o.direction])).toEqual([['total', 'desc'], ['store_name', 'asc'], ['n', 'desc']]);
  });
  it('fails on a trailing comma at its character', () => {
    const e = fails(() => parseList('a,', 'group_by', 64));
    expect([e.clause, e.at]).toEqual(['group_by', 2]);
  });
});
