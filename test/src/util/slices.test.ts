/** collectInSlices: `[...items]`, with the event loop let through during a long pull. */
import { describe, expect, it } from 'vitest';
import { collectInSlices } from '../../../src/util/slices.js';

describe('collectInSlices', () => {
  it('gives the items in order, as spreading them would', async () => {
    function* count(n: number) {
      for (let i = 0; i < n; i++) yield i;
    }
    expect(await collectInSlices(count(0))).toEqual([]);
    expect(await collectInSlices(count(100_000))).toEqual([...count(100_000)]);
  });

  it('lets a timer fire while a slow pull runs', async () => {
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    let firedDuring = false;
    function* slow() {
      for (let i = 0; i < 5_000; i++) {
        const until = performance.now() + 0.01;
        while (performance.now() < until);
        if (fired) firedDuring = true;
        yield i;
      }
    }
    expect(await collectInSlices(slow(), 2)).toHaveLength(5_000);
    expect(firedDuring).toBe(true);
  });
});
