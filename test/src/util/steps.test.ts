/** runSteps and runStepsInSlices: one generator body, run through at once or with the loop let through. */
import { describe, expect, it } from 'vitest';
import { runSteps, runStepsInSlices } from '../../../src/util/slices.js';

function* busySteps(steps: number, msEach: number, seen: { timer: boolean; sawTimer: boolean }): Generator<void, number> {
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until);
    if (seen.timer) seen.sawTimer = true;
    total += i;
    yield;
  }
  return total;
}

describe('runSteps / runStepsInSlices', () => {
  it('give the generator its return value', async () => {
    expect(runSteps(busySteps(10, 0, { timer: false, sawTimer: false }))).toBe(45);
    expect(await runStepsInSlices(busySteps(10, 0, { timer: false, sawTimer: false }))).toBe(45);
  });

  it('runStepsInSlices lets a timer fire between steps once a slice has passed; runSteps does not', async () => {
    const sliced = { timer: false, sawTimer: false };
    setTimeout(() => (sliced.timer = true), 0);
    await runStepsInSlices(busySteps(20, 1, sliced), 2);
    expect(sliced.sawTimer).toBe(true);
    const whole = { timer: false, sawTimer: false };
    setTimeout(() => (whole.timer = true), 0);
    runSteps(busySteps(20, 1, whole));
    expect(whole.sawTimer).toBe(false);
  });
});
