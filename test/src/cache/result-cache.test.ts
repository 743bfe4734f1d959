/**
 * The cache is bounded by what it really holds: filled far past its budget with small entries (the
 * worst case for per-entry overhead), the heap it keeps stays within the budget; expired entries go
 * on their own; entries come back as they went in.
 */
import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHash } from 'node:crypto';
import { ResultCache, stringBytes } from '../../../src/cache/result-cache.js';
import type { ResultTable } from '../../../src/ir/result.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const key = (i: number): string => createHash('sha256').update(String(i)).digest('hex');
const table = (i: number): ResultTable => ({ rows: [], groupCount: 0, total: i, notes: [] });

describe('result cache', () => {
  it.each([
    ['empty tables', (c: ResultCache, i: number) => c.set(key(i), table(i))],
    ['ten-row tables', (c: ResultCache, i: number) => c.set(key(i), { ...table(i), rows: Array.from({ length: 10 }, (_, j) => ({ keys: { country: `C${j}-${i}` }, count: j, values: { avg: j * 1.5 } })) })],
    ['small answers', (c: ResultCache, i: number) => c.setResponse(key(i), { status: 200, body: JSON.stringify({ results: [{ n: i }] }) })],
  ])('holds no more heap than its budget with %s', (_name, put) => {
    const budget = 8 * 1024 * 1024;
    const c = new ResultCache(budget, 0);
    const before = heap();
    // far more entries than fit: the LRU evicts by counted bytes
    for (let i = 0; i < 120_000; i++) put(c, i);
    const held = heap() - before;
    expect(c.bytes).toBeLessThanOrEqual(budget);
    // what it holds really is within the budget (counted bytes are an upper bound of the heap)
    expect(held).toBeLessThan(budget * 1.1);
    expect(c.size + c.bytes).toBeGreaterThan(0);
    c.close();
  });

  it('returns tables as they went in, non-finite numbers included, as fresh copies', () => {
    const c = new ResultCache(1 << 20, 0);
    const t: ResultTable = { rows: [{ keys: { k: 'é€' }, count: 1, values: { a: NaN, b: Infinity, c: -Infinity, d: null, p: { '50.0': 1.5 } } }], groupCount: 1, total: 1, notes: ['n'] };
    c.set('k', t);
    const got = c.get('k') as ResultTable;
    expect(got).toEqual(t);
    expect(got).not.toBe(c.get('k'));
    c.close();
  });

  it('keeps no table larger than an eighth of its budget, and drops the older entry under that key', () => {
    const c = new ResultCache(1 << 20, 0);
    const row = (i: number) => ({ keys: { k: i }, count: 1, values: {} });
    const small: ResultTable = { rows: [row(0)], groupCount: 1, total: 1, notes: [] };
    c.set('q', small);
    expect(c.get('q')).toEqual(small);
    const big: ResultTable = { rows: Array.from({ length: 20_000 }, (_, i) => row(i)), groupCount: 20_000, total: 20_000, notes: [] };
    c.set('q', big);
    expect(c.get('q')).toBeUndefined();
    // nested rows count too
    const nested: ResultTable = { rows: [{ ...row(0), children: big.rows }], groupCount: 1, total: 1, notes: [] };
    c.set('n', nested);
    expect(c.get('n')).toBeUndefined();
  });

  it('counts two bytes a character for strings beyond Latin-1', () => {
    expect(stringBytes('abc')).toBe(3);
    expect(stringBytes('é')).toBe(1);
    expect(stringBytes('a€')).toBe(4);
  });

  it('purges expired entries without being asked for them', async () => {
    const c = new ResultCache(1 << 20, 1000);
    c.set('k', table(1));
    c.setResponse('r', { status: 200, body: '{}' });
    expect(c.bytes).toBeGreaterThan(0);
    // the purge timer runs every half TTL (at least once a second)
    for (let i = 0; i < 100 && c.bytes > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(c.bytes).toBe(0);
    c.close();
  });
});
