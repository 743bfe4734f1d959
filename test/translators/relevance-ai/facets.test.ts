/** ListFacets' number histograms: the interval chosen from a field's min and max. */
import { describe, expect, it } from 'vitest';
import { numberInterval } from '../../../translators/relevance-ai/facets.js';

describe('numberInterval', () => {
  it('is about a tenth of the span, 1, 2 or 5 times a power of ten', () => {
    expect(numberInterval(350, 940.5, false)).toBe(100);
    expect(numberInterval(0, 100, false)).toBe(10);
    expect(numberInterval(0, 15, false)).toBe(2);
    expect(numberInterval(0, 0.3, false)).toBe(0.05);
    expect(numberInterval(-1e6, 1e6, false)).toBe(200000);
    expect(numberInterval(0, 3e-7, false)).toBe(5e-8);
  });

  it('is whole for integer fields, and 1 when the values do not spread', () => {
    expect(numberInterval(1, 3, true)).toBe(1);
    expect(numberInterval(0, 95, true)).toBe(10);
    expect(numberInterval(5, 5, false)).toBe(1);
    expect(numberInterval(5, 5, true)).toBe(1);
  });
});
