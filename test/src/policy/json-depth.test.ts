/** The depth check on raw JSON text: counts containers outside strings, names where the bound is crossed. */
import { describe, expect, it } from 'vitest';
import { assertJsonDepth, findDepthViolation } from '../../../src/policy/json-depth.js';
import { ProxyError } from '../../../src/errors/proxy-error.js';

const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('findDepthViolation', () => {
  it('accepts text up to the bound and refuses one level more', () => {
    expect(findDepthViolation(nested(4), 4)).toBeUndefined();
    expect(findDepthViolation(nested(5), 4)).toEqual({ pointer: '/0/0/0/0', offset: 4 });
    expect(findDepthViolation('{"a":{"b":{}}}', 3)).toBeUndefined();
    expect(findDepthViolation('{"a":{"b":{}}}', 2)).toEqual({ pointer: '/a/b', offset: 10 });
  });

  it('counts siblings, not their sum: a wide document is shallow', () => {
    const wide = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i, v: [[i]] })));
    expect(findDepthViolation(wide, 4)).toBeUndefined();
    expect(findDepthViolation(wide, 3)).toEqual({ pointer: '/0/v/0', offset: wide.indexOf('[[') + 1 });
  });

  it('names array indexes and object keys of the path, escaped as a JSON Pointer', () => {
    const text = JSON.stringify({ x: 1, 'a/b~c': [0, 1, { 'q"r': [[]] }] });
    expect(findDepthViolation(text, 4)?.pointer).toBe('/a~1b~0c/2/q"r/0');
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '[[[[{{{{', t: 'say \\"[[[[\\" \\\\', u: ['"[[['] });
    expect(findDepthViolation(text, 2)).toBeUndefined();
  });

  it('stops at the bound on 100,000 levels and terminates on malformed text', () => {
    expect(findDepthViolation(nested(100_000), 64)?.offset).toBe(64);
    expect(findDepthViolation('{"a": [1, "unterminated', 64)).toBeUndefined();
    expect(findDepthViolation(']]]}}}[[', 1)).toEqual({ pointer: '/0', offset: 7 });
    expect(findDepthViolation('"\\', 1)).toBeUndefined();
  });
});

describe('assertJsonDepth', () => {
  it('throws a limit error naming limits.maxDepth with the pointer', () => {
    let caught: unknown;
    try {
      assertJsonDepth('{"filter":{"not":{"not":{}}}}', 3);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProxyError);
    expect((caught as ProxyError).detail).toMatchObject({ kind: 'limit', limit: 'limits.maxDepth', max: 3, at: { pointer: '/filter/not/not' } });
  });
});
