import { describe, expect, it } from 'vitest';
import { compareCodePoints, rowComparator } from '../../../src/reader/order.js';
import type { ResultRow } from '../../../src/ir/result.js';
import { COUNT_COLUMN } from '../../../src/ir/names.js';

const row = (k: string | number | null, count: number): ResultRow => ({ keys: { k }, count, values: {} });

describe('row ordering', () => {
  it('orders strings by code point, which is UTF-8 byte order (as ES sorts terms)', () => {
    expect(['8GB', '16GB', 'No', 'microSD', 'Internal'].sort(compareCodePoints)).toEqual(['16GB', '8GB', 'Internal', 'No', 'microSD']);
    // a supplementary character sorts after U+FFFD in UTF-8, unlike UTF-16 code units
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
  });

  it('orders by count descending, then key ascending, nulls first', () => {
    const rows = [row('b', 2), row('a', 2), row(null, 2), row('c', 5)];
    const sorted = rows.sort(rowComparator([
      { column: COUNT_COLUMN, direction: 'desc', compare: 'natural' },
      { column: 'k', direction: 'asc', compare: 'natural' },
    ]));
    expect(sorted.map((r) => r.keys.k)).toEqual(['c', null, 'a', 'b']);
  });

  it('supports Druid dimension orders', () => {
    const keys = ['a10', 'a2', 'b', '10', '9'];
    const by = (compare: 'alphanumeric' | 'numeric' | 'strlen' | 'lexicographic') =>
      keys.map((k) => row(k, 1)).sort(rowComparator([{ column: 'k', direction: 'asc', compare }])).map((r) => r.keys.k);
    expect(by('lexicographic')).toEqual(['10', '9', 'a10', 'a2', 'b']);
    expect(by('alphanumeric')).toEqual(['9', '10', 'a2', 'a10', 'b']);
    expect(by('strlen')).toEqual(['9', 'b', '10', 'a2', 'a10']);
    // numbers first by value, non-numbers after them
    expect(by('numeric').slice(3)).toEqual(['9', '10']);
  });
});
