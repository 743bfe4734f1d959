/** PHP behaviours Shopware's answers depend on, checked against values from the PHP manual. */
import { describe, expect, it } from 'vitest';
import { phpDate, phpFloatString } from '../../../translators/shopware/php.js';

const at = (iso: string) => Date.parse(iso);

describe('php', () => {
  it('(string) float', () => {
    expect(phpFloatString(100)).toBe('100');
    expect(phpFloatString(1.5)).toBe('1.5');
    expect(phpFloatString(0.1 + 0.2)).toBe('0.3');
    expect(phpFloatString(-2.5)).toBe('-2.5');
    expect(phpFloatString(1e-7)).toBe('1.0E-7');
    expect(phpFloatString(1.5e25)).toBe('1.5E+25');
  });

  it('date() letters', () => {
    const t = at('2019-01-01T10:11:05.123Z');
    expect(phpDate('Y-m-d H:i:s.v', t, 'UTC')).toBe('2019-01-01 10:11:05.123');
    expect(phpDate('l dS M, Y', t, 'UTC')).toBe('Tuesday 01st Jan, 2019');
    expect(phpDate('D j n y N w z t L', t, 'UTC')).toBe('Tue 1 1 19 2 2 0 31 0');
    expect(phpDate('g G h H a A', t, 'UTC')).toBe('10 10 10 10 am AM');
    expect(phpDate('Y W o', at('2019-12-30T00:00:00Z'), 'UTC')).toBe('2019 01 2020');
    expect(phpDate('Y W o', at('2021-01-03T00:00:00Z'), 'UTC')).toBe('2021 53 2020');
    expect(phpDate('c', t, 'Asia/Ho_Chi_Minh')).toBe('2019-01-01T17:11:05+07:00');
    expect(phpDate('r', t, 'UTC')).toBe('Tue, 01 Jan 2019 10:11:05 +0000');
    expect(phpDate('O P p Z U', t, 'UTC')).toBe('+0000 +00:00 Z 0 1546337465');
    expect(phpDate('I T', at('2019-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('1 +02:00');
    expect(phpDate('\\Y\\e\\a\\r: Y, jS', at('2019-03-22T00:00:00Z'), 'UTC')).toBe('Year: 2019, 22nd');
    expect(phpDate('jS jS jS', at('2019-03-11T00:00:00Z'), 'UTC')).toBe('11th 11th 11th');
  });
});
