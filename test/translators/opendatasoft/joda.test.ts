/** Joda patterns: printing as Joda-Time does (values checked against Joda's documented letters) and the grouping each implies. */
import { describe, expect, it } from 'vitest';
import { formatJoda, parseJoda, partsOfInstant } from '../../../translators/opendatasoft/joda.js';
import { parseExpression, ExpressionError } from '../../../translators/opendatasoft/syntax.js';

const at = (iso: string, pattern: string) => formatJoda(parseJoda(pattern), partsOfInstant(Date.parse(iso)));

describe('formatJoda', () => {
  const t = '2016-07-10T13:05:06.789Z'; // a Sunday, ISO week 27, day 192
  it.each([
    ['yyyy-MM-dd HH:mm:ss.SSS', '2016-07-10 13:05:06.789'],
    ['EEE, d MMM yy', 'Sun, 10 Jul 16'],
    ['EEEE dd MMMM yyyy', 'Sunday 10 July 2016'],
    ['e D w xxxx', '7 192 27 2016'],
    ['hh:mm a', '01:05 PM'],
    ['K k H h', '1 13 13 1'],
    ['G C Y YY y', 'AD 20 2016 16 2016'],
    ['S SS SSSS', '7 78 7890'],
    ["'at' HH 'o''clock'", "at 13 o'clock"],
    ["''", "'"],
    ['Z ZZ ZZZ z zzzz', '+0000 +00:00 UTC UTC Coordinated Universal Time'],
    ['yyyyy', '02016'],
  ])('%s', (pattern, expected) => {
    expect(at(t, pattern)).toBe(expected);
  });

  it('prints midnight as 12 AM (h) and 24 (k), and ISO week-based years at the turn of the year', () => {
    expect(at('2016-01-03T00:30:00Z', 'h a k')).toBe('12 AM 24');
    expect(at('2016-01-03T00:30:00Z', 'xxxx-ww e')).toBe('2015-53 7');
    expect(at('2018-12-31T10:00:00Z', 'xxxx-ww yyyy')).toBe('2019-01 2018');
  });
});

describe('parseJoda grouping', () => {
  it.each([
    ['yyyy', 'year'],
    ['YYYY', 'year'],
    ['yyyy-MM', 'month'],
    ['MMM yyyy', 'month'],
    ['xxxx-ww', 'week'],
    ['dd/MM/yyyy', 'day'],
    ['yyyy-DDD', 'day'],
    ['EEEE d MMMM yyyy', 'day'],
    ['yyyy-MM-dd hh a', 'hour'],
    ['yyyy-MM-dd HH:mm', 'minute'],
    ['yyyy-MM-dd HH:mm:ss', 'second'],
    ['MM', undefined],
    ['EEEE', undefined],
    ['HH', undefined],
    ['yy', undefined],
    ['yyyy-ww', undefined],
    ['yyyy-MM-dd hh', undefined],
    ['yyyy-MM-dd HH:mm:ss.SSS', undefined],
  ])('%s → %s', (pattern, unit) => {
    expect(parseJoda(pattern).unit).toBe(unit);
  });

  it('rejects letters Joda does not know, at their offset', () => {
    expect(() => parseJoda('yyyy-qq')).toThrow(new ExpressionError('illegal pattern component: q', 5));
  });
});

describe('parseExpression', () => {
  it('keeps the offset of every node and folds negative literals', () => {
    expect(parseExpression('SUM(a) / -2')).toEqual({
      kind: 'binary', op: '/', at: 0,
      left: { kind: 'call', name: 'SUM', at: 0, args: [{ kind: 'ident', name: 'a', at: 4 }] },
      right: { kind: 'number', value: -2, at: 9 },
    });
  });
  it('reads quoted field names, strings with doubled quotes and named arguments', () => {
    expect(parseExpression("f(`my field`, 'it''s', lowest_boundary=1)")).toEqual({
      kind: 'call', name: 'f', at: 0,
      args: [{ kind: 'ident', name: 'my field', at: 2 }, { kind: 'string', value: "it's", at: 14 }, { kind: 'named', name: 'lowest_boundary', at: 23, value: { kind: 'number', value: 1, at: 39 } }],
    });
  });
  it('reports the offending offset', () => {
    expect(() => parseExpression('1 +')).toThrow(new ExpressionError('unexpected end of expression', 3));
    expect(() => parseExpression('(1')).toThrow(new ExpressionError("expected ')' but found end of expression", 2));
    expect(() => parseExpression('  ')).toThrow(new ExpressionError('empty expression', 0));
    expect(() => parseExpression("'abc")).toThrow(new ExpressionError('unterminated string', 0));
  });
});
