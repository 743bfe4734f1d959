import { describe, expect, it } from 'vitest';
import { stringifyInSlices } from '../../../src/util/json-slices.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ timestamp: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000), result: { n: i, avg: i / 3, missing: undefined, f: () => 1, nan: NaN, s: `row "${i}"\n` } }));

describe('stringifyInSlices', () => {
  it.each([
    ['scalars', [1, 'a', null, true, undefined, NaN, -0, 'é\u2028']],
    ['a big array of rows', rows(500)],
    ['big arrays under objects, as Shopware aggregations', { total: 3, aggregations: { a: { buckets: rows(200).map((r, i) => ({ key: i, count: 1, sub: { buckets: rows(70) } })) } }, data: [] }],
    ['holes, functions and symbols in big arrays', Object.assign(new Array(100), { 3: 1, 5: () => 2, 7: Symbol('x') })],
    ['toJSON at every level', { d: new Date(0), list: Array.from({ length: 80 }, (_, i) => ({ toJSON: (k: string) => `${k}:${i}` })) }],
    ['class instances and null prototypes', { m: new Map([[1, 2]]), o: Object.assign(Object.create(null), { a: rows(100) }), big: rows(65) }],
  ])('answers what JSON.stringify does: %s', async (_name, value) => {
    expect(await stringifyInSlices(value)).toBe(JSON.stringify(value));
  });

  it('is undefined where JSON.stringify is', async () => {
    expect(await stringifyInSlices(undefined)).toBe(JSON.stringify(undefined));
    expect(await stringifyInSlices(() => 1)).toBe(JSON.stringify(() => 1));
  });

  it('lets the event loop through while it serializes a large answer', async () => {
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const text = await stringifyInSlices(rows(200_000), 1);
    expect(ranMeanwhile).toBe(true);
    expect(text?.length).toBe(JSON.stringify(rows(200_000)).length);
  });
});
