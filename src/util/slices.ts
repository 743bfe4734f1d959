/**
 * Long synchronous loops cut into slices, with the event loop let through between them, so one
 * large answer (a 479,000-bucket zero-filled series) does not stall every other request.
 */

/**
 * How long one slice of a large answer's work may hold the event loop. A simple request waiting on
 * its engine answer gets in between slices, so this bounds what a large answer adds to its latency
 * per loop turn; yielding costs microseconds, so short slices are cheap.
 */
export const SLICE_MS = 4;

/** One turn of the event loop: timers and I/O callbacks that were waiting run first. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The clock of one sliced piece of work: `due()` tells whether `sliceMs` has passed since the last
 * pause, `pause()` then lets the event loop through (and otherwise returns at once).
 */
export class SliceClock {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async pause(): Promise<void> {
    if (!this.due()) return;
    await yieldToLoop();
    this.sliceStart = performance.now();
  }
}

/** The items of `items` in order, as `[...items]` would give them, pulled for at most `sliceMs` per turn. */
export async function collectInSlices<T>(items: Iterable<T>, sliceMs = SLICE_MS): Promise<T[]> {
  const out: T[] = [];
  const clock = new SliceClock(sliceMs);
  for (const item of items) {
    out.push(item);
    // performance.now() costs more than pulling a cheap item: look at the clock every 256 items
    if ((out.length & 255) === 0) await clock.pause();
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

export async function runStepsInSlices<T>(steps: Generator<void, T>, sliceMs = SLICE_MS): Promise<T> {
  const clock = new SliceClock(sliceMs);
  let r = steps.next();
  while (!r.done) {
    await clock.pause();
    r = steps.next();
  }
  return r.value;
}
