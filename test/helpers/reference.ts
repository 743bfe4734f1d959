/**
 * Independent reference answers, computed by plain code over fixture rows (no proxy code):
 * used by the end-to-end tests as the expected results.
 */
import { expect } from 'vitest';

export type Doc = Record<string, unknown>;
export type Value = string | number | boolean;

/** Values at a dotted path; arrays explode, missing and null give none. */
export function valuesAt(doc: Doc, path: string): Value[] {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return [];
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return [];
  return (Array.isArray(cur) ? cur : [cur]).filter((v): v is Value => v !== null && v !== undefined);
}

export const numbersAt = (docs: readonly Doc[], path: string): number[] => docs.flatMap((d) => valuesAt(d, path) as number[]);

export const agg = {
  avg: (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length),
  sum: (xs: number[]): number => xs.reduce((a, b) => a + b, 0),
  min: (xs: number[]): number | null => (xs.length === 0 ? null : Math.min(...xs)),
  max: (xs: number[]): number | null => (xs.length === 0 ? null : Math.max(...xs)),
  count: (xs: unknown[]): number => xs.length,
  distinct: (xs: unknown[]): number => new Set(xs.map((x) => JSON.stringify(x))).size,
  variance: (xs: number[]): number | null => {
    const m = agg.avg(xs);
    return m === null ? null : xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
  },
  sumOfSquares: (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, x) => a + x * x, 0)),
};

/** Natural key order: numbers numerically, strings by code point (UTF-8 byte order). */
export function compareKeys(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Groups docs by the values a function gives (a doc with several values joins several groups). */
export function groupBy(docs: readonly Doc[], key: (d: Doc) => Value[]): Map<Value, Doc[]> {
  const out = new Map<Value, Doc[]>();
  for (const d of docs) {
    for (const k of new Set(key(d))) {
      const g = out.get(k);
      if (g) g.push(d);
      else out.set(k, [d]);
    }
  }
  return out;
}

/** Deep equality where numbers may differ by summation order (relative 1e-9). */
export function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = Math.max(1e-9, Math.abs(expected) * 1e-9);
    if (Math.abs(actual - expected) > tol) expect.fail(`${path}: ${actual} != ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', `${path} is an object`).toBeTruthy();
    expect(Object.keys(actual as object), `${path} keys`).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}
