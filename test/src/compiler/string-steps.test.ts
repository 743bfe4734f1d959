/**
 * The string-transform key's script (Druid extraction functions) is fixed text: the field and the
 * steps travel in params, so no client text reaches the source. Values: extraction.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { STRING_STEPS, stringStepsScript } from '../../../src/compiler/value-script.js';
import { compileKey } from '../../../src/compiler/group-keys.js';

describe('string-steps script', () => {
  it('is the same source whatever the field and steps, both carried in params', () => {
    const hostile = "x'; return 1; //";
    const s = stringStepsScript(hostile, [{ kind: 'substring', index: 1, length: 2 }, { kind: 'upper' }]);
    expect(s.source).toBe(STRING_STEPS);
    expect(s.source).not.toContain(hostile);
    expect(s.params).toEqual({ field: hostile, steps: [{ kind: 'substring', index: 1, length: 2 }, { kind: 'upper' }] });
  });

  it('is refused without the scripts capability, naming it', () => {
    const schema = { fields: new Map([['q', { path: 'q', target: 'q', type: 'keyword', category: 'keyword' }]]) };
    const scope = { schema, caps: { scripts: false } } as unknown as Parameters<typeof compileKey>[2];
    expect(() => compileKey({ kind: 'stringTransform', name: 'x', field: 'q', steps: [{ kind: 'strlen' }], origin: '/dimensions/0' }, 's0', scope)).toThrow(/scripts/);
  });
});
