import { describe, expect, it } from 'vitest';
import { hashOf, stableStringify } from '../../../src/ir/hash.js';

describe('IR hashing', () => {
  it('ignores key order and request locations', () => {
    const a = { kind: 'AggQuery', dataset: 'd', levels: [{ keys: [{ kind: 'terms', name: 'x', field: 'f', missing: 'exclude', origin: '/a/0' }] }] };
    const b = { levels: [{ keys: [{ origin: '/groupBy', field: 'f', missing: 'exclude', name: 'x', kind: 'terms' }] }], dataset: 'd', kind: 'AggQuery' };
    expect(stableStringify(a)).toBe(stableStringify(b));
    expect(hashOf(a, 'idx')).toBe(hashOf(b, 'idx'));
    expect(hashOf(a, 'idx')).not.toBe(hashOf(a, 'other'));
  });
});
