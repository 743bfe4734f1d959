/**
 * Long synchronous loops cut into slices, with the event loop let through between them, so one
 * large answer (a 479,000-bucket zero-filled series) does not stall every other request.
 */

/** One turn of the event loop: timers and I/O callbacks that were waiting run first. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The items of `items` in order, as `[...items]` would give them, pulled for at most `sliceMs` per turn. */
export async function collectInSlices<T>(items: Iterable<T>, sliceMs = 8): Promise<T[]> {
  const out: T[] = [];
  let sliceStart = performance.now();
  let n = 0;
  for (const item of items) {
    out.push(item);
    // performance.now() costs more than pulling a cheap item: look at the clock every 256 items
    if ((++n & 255) === 0 && performance.now() - sliceStart >= sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  return out;
}

/**
 * Work written as a generator that yields between its steps (a reader level, a nesting level):
 * `runSteps` runs it through at once, `runStepsInSlices` lets the event loop through whenever a
 * slice of `sliceMs` has passed, so both callers share one body of code.
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

export async function runStepsInSlices<T>(steps: Generator<void, T>, sliceMs = 8): Promise<T> {
  let sliceStart = performance.now();
  let r = steps.next();
  while (!r.done) {
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
    r = steps.next();
  }
  return r.value;
}
